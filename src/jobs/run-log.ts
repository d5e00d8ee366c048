/**
 * job_runs: one row per run of a job, from start to finish, including runs that span several
 * invocations (a paused run keeps its row and its cursor). Read by GET /admin/jobs and /healthz.
 */
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { jobRuns } from '../db/schema.ts';

export type RunStatus = 'running' | 'success' | 'failed' | 'partial';

export interface JobRun {
  id: number;
  job: string;
  trigger: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  processed: number;
  rowsWritten: number;
  cursor: string | null;
  error: string | null;
}

/** Finished runs are kept this long; running and paused runs are always kept. */
export const RUN_RETENTION_DAYS = 30;

export async function createRun(
  db: Db,
  run: { job: string; trigger: string; startedAt: string; cursor: string },
): Promise<number> {
  const row = await db
    .insert(jobRuns)
    .values({ ...run, status: 'running' })
    .returning({ id: jobRuns.id })
    .get();
  return row.id;
}

/** The most recent run of `job`, which decides whether the next run resumes it. */
export async function latestRun(db: Db, job: string): Promise<JobRun | undefined> {
  return db.select().from(jobRuns).where(eq(jobRuns.job, job)).orderBy(desc(jobRuns.id)).get();
}

/** Progress of a run: absolute totals, so replaying the statement is harmless. */
export function runProgress(
  db: Db,
  id: number,
  progress: { status?: RunStatus; processed: number; rowsWritten: number; cursor: string | null },
) {
  return db.update(jobRuns).set(progress).where(eq(jobRuns.id, id));
}

export async function finishRun(
  db: Db,
  id: number,
  result: {
    status: Exclude<RunStatus, 'running'>;
    finishedAt: string | null;
    processed: number;
    rowsWritten: number;
    cursor: string | null;
    error: string | null;
  },
): Promise<void> {
  await db.update(jobRuns).set(result).where(eq(jobRuns.id, id));
}

/**
 * @example
 * const runs = await listRecentRuns(db, 20); // newest first
 */
export async function listRecentRuns(db: Db, limit: number, job?: string): Promise<JobRun[]> {
  return db
    .select()
    .from(jobRuns)
    .where(job ? eq(jobRuns.job, job) : undefined)
    .orderBy(desc(jobRuns.id))
    .limit(limit)
    .all();
}

/** Deletes finished runs older than the retention period. */
export async function pruneRuns(db: Db, now: Date): Promise<void> {
  const before = new Date(now.getTime() - RUN_RETENTION_DAYS * 86_400_000).toISOString();
  await db
    .delete(jobRuns)
    .where(and(lt(jobRuns.startedAt, before), inArray(jobRuns.status, ['success', 'failed'])));
}
