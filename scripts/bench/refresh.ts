/**
 * The cron refresh, driven from Node: every cron expression the jobs are scheduled on is
 * dispatched to the app's scheduled() handler through Miniflare, as the triggers would fire it,
 * and the job_runs table says when the work is finished (a run too big for one invocation pauses
 * as 'partial' and the next tick resumes it).
 */
import type { Miniflare } from 'miniflare';
import { JOB_SCHEDULES } from '../../src/job-schedule.ts';
import type { RunningApp } from './runtime.ts';

export interface LatestRun {
  job: string;
  status: string;
  processed: number;
  rowsWritten: number;
  error: string | null;
}

/** The Worker's scheduled() handler, as a cron trigger calls it. */
export type ScheduledHandler = (options: {
  cron: string;
  scheduledTime: Date;
}) => Promise<{ outcome: string }>;

/**
 * The scheduled() handler of the Worker `mf` serves.
 *
 * @example
 * const scheduled = await scheduledHandler(mf);
 * const { outcome } = await scheduled({ cron: '17 3 * * *', scheduledTime: new Date() });
 */
export async function scheduledHandler(mf: Miniflare): Promise<ScheduledHandler> {
  // Miniflare's Fetcher type comes from its own copy of the Workers types; only scheduled is used.
  const worker = (await mf.getWorker()) as unknown as { scheduled: ScheduledHandler };
  return (options) => worker.scheduled(options);
}

/**
 * Fires every scheduled cron once, in the order of the schedule table.
 *
 * @example
 * await fireCrons(app); // similar, then freshness
 */
export async function fireCrons(app: RunningApp): Promise<void> {
  const scheduled = await scheduledHandler(app.mf);
  for (const { cron, job } of JOB_SCHEDULES) {
    const result = await scheduled({ cron, scheduledTime: new Date() });
    if (result.outcome !== 'ok') {
      throw new Error(`scheduled("${cron}") for ${job} ended with outcome "${result.outcome}"`);
    }
  }
}

/** The newest run of every job. */
export async function latestRuns(app: RunningApp): Promise<LatestRun[]> {
  const d1 = (await app.mf.getD1Database('DB')) as unknown as D1Database;
  const rows = await d1
    .prepare(
      `SELECT job, status, processed, rows_written AS rowsWritten, error FROM job_runs r
       WHERE id = (SELECT max(id) FROM job_runs WHERE job = r.job) ORDER BY job`,
    )
    .all<LatestRun>();
  return rows.results;
}

/**
 * Fires the crons until a round changes nothing: every job's newest run succeeded (none paused)
 * and wrote no row, so the refresh has reached its fixed point. Gives up after `maxRounds`.
 *
 * @example
 * const rounds = await settleRefresh(app, 6); // 2 when the first round did all the work
 */
export async function settleRefresh(app: RunningApp, maxRounds: number): Promise<number> {
  for (let round = 1; round <= maxRounds; round++) {
    await fireCrons(app);
    const runs = await latestRuns(app);
    const failed = runs.find((r) => r.status === 'failed');
    if (failed) {
      throw new Error(`the ${failed.job} job failed: ${failed.error}`);
    }
    if (runs.length > 0 && runs.every((r) => r.status === 'success' && r.rowsWritten === 0)) {
      return round;
    }
  }
  throw new Error(`the refresh still had work after ${maxRounds} rounds of cron ticks`);
}

/**
 * Asks the app for a full refresh now (POST /admin/refresh?mode=full), the operator's way to run
 * the same jobs the cron runs, over every article. A run that paused is left for cron ticks.
 *
 * @example
 * await fullRefresh(app, adminToken, 'all');
 */
export async function fullRefresh(
  app: RunningApp,
  adminToken: string,
  job: 'all' | 'similar' | 'freshness',
): Promise<void> {
  const response = await fetch(`${app.origin}/admin/refresh?job=${job}&mode=full`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}` },
  }).catch((error: Error) => {
    // undici says only "fetch failed"; the reason (a reset connection, say) is in the cause.
    throw new Error(`full refresh of ${job}: ${error.message} (${String(error.cause)})`);
  });
  if (!response.ok) {
    throw new Error(`full refresh of ${job}: HTTP ${response.status} ${await response.text()}`);
  }
}
