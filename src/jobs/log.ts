/**
 * The jobs' structured log lines: one JSON object per line, so Workers Logs (observability) can
 * filter on any field, for example `event = "job_run" and status = "failed"`.
 */

export type JobLogEvent =
  | 'job_run'
  | 'job_chunk'
  | 'job_skipped'
  | 'job_part'
  | 'job_queue_batch'
  | 'job_watchdog';

/**
 * @example
 * logJob('job_chunk', { job: 'similar', run: 3, chunk: 2, processed: 400, rowsWritten: 12 });
 */
export function logJob(event: JobLogEvent, fields: Record<string, unknown>): void {
  console.log(JSON.stringify({ event, ...fields }));
}
