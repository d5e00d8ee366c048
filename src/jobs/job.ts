/**
 * What a refresh job is to the runner: a name, a starting cursor, and a `run` that works through
 * chunks, committing each one through the context (which adds the bookkeeping to the same batch).
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db/client.ts';
import type { JobName } from '../job-schedule.ts';
import type { JobsConfig } from './config.ts';

// The names live with the schedule table (src/job-schedule.ts), which /healthz reads too.
export { JOB_NAMES, type JobName } from '../job-schedule.ts';

/** auto: the job decides (similar: incremental unless a full pass is due). */
export type RefreshMode = 'auto' | 'full' | 'incremental';

export interface JobRequest {
  /** "cron:<expression>" or "admin". */
  trigger: string;
  mode: RefreshMode;
}

export interface ChunkCommit<S> {
  phase: string;
  /** Content writes; committed in one D1 batch (one transaction) with the run's progress. */
  statements: BatchItem<'sqlite'>[];
  /** Rows those statements insert, update or delete. */
  rowsWritten: number;
  /** Articles this chunk handled. */
  processed: number;
  /** The cursor after this chunk: where a resumed run starts. */
  state: S;
  /** Slugs of the articles whose pages show something new (for cache invalidation). */
  changedSlugs: readonly string[];
  /** Extra fields for the chunk's log line. */
  detail?: Record<string, unknown>;
}

export interface JobContext<S> {
  db: Db;
  config: JobsConfig;
  runId: number;
  /** The run's clock: the trigger's time plus the time this invocation has spent. */
  now(): Date;
  /** A reason to stop before the next chunk (query, time or chunk budget), or null. */
  pauseReason(): string | null;
  commit(chunk: ChunkCommit<S>): Promise<void>;
  /**
   * Lets the isolate serve waiting requests, and renews the lease when due. A job calls it between
   * bounded slices of synchronous work (a few dozen articles), so no page waits behind a chunk.
   */
  yieldToRequests(): Promise<void>;
  /** Adds fields to the run's log line and outcome. */
  note(fields: Record<string, unknown>): void;
}

export interface Job<S> {
  name: JobName;
  /** The cursor of a new run. */
  start(request: JobRequest, now: Date): S;
  /** Works from `state` until done or a budget says pause. */
  run(ctx: JobContext<S>, state: S): Promise<'done' | 'paused'>;
}

/**
 * A counter that yields to requests every `every` calls: the slice of synchronous work between
 * two yields stays small (docs/RELIABILITY.md, "Never block the isolate").
 *
 * @example
 * const breathe = yieldEvery(ctx, 20);
 * for (const article of articles) { rank(article); await breathe(); }
 */
export function yieldEvery(ctx: { yieldToRequests(): Promise<void> }, every: number) {
  let count = 0;
  return async (): Promise<void> => {
    count += 1;
    if (count % every === 0) {
      await ctx.yieldToRequests();
    }
  };
}
