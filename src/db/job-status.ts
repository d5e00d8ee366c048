/**
 * Reads what /healthz reports about the background jobs: for each job its latest run and its
 * latest successful run, all in one D1 round trip. Each lookup walks the (job, started_at) index
 * backwards, so it stays cheap however long job_runs grows.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from './client.ts';
import { jobRuns } from './schema.ts';

export interface JobRunSummary {
  status: string;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface JobRunStatus {
  lastRun: JobRunSummary | null;
  lastSuccess: JobRunSummary | null;
}

const columns = {
  status: jobRuns.status,
  startedAt: jobRuns.startedAt,
  finishedAt: jobRuns.finishedAt,
  error: jobRuns.error,
};

/**
 * The latest run and the latest success of each named job, in one batch.
 *
 * @example
 * const status = await latestJobRuns(c.var.db, ['freshness', 'similar']);
 * status.freshness.lastSuccess?.finishedAt; // '2026-04-26T10:30:04.120Z'
 */
export async function latestJobRuns(
  db: Db,
  jobs: readonly string[],
): Promise<Record<string, JobRunStatus>> {
  const queries = jobs.flatMap((job) => [
    db
      .select(columns)
      .from(jobRuns)
      .where(eq(jobRuns.job, job))
      .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
      .limit(1),
    db
      .select(columns)
      .from(jobRuns)
      .where(and(eq(jobRuns.job, job), eq(jobRuns.status, 'success')))
      .orderBy(desc(jobRuns.startedAt), desc(jobRuns.id))
      .limit(1),
  ]);
  const [first, ...rest] = queries;
  if (!first) {
    throw new Error('latestJobRuns needs at least one job name');
  }
  const results = await db.batch([first, ...rest]);
  const status: Record<string, JobRunStatus> = {};
  jobs.forEach((job, i) => {
    status[job] = {
      lastRun: results[2 * i]?.[0] ?? null,
      lastSuccess: results[2 * i + 1]?.[0] ?? null,
    };
  });
  return status;
}
