/**
 * Runs refresh jobs: takes the job's lease lock, opens or resumes its job_runs row, lets the job
 * work through chunks within the invocation's budgets, and records how the run ended. A run that
 * pauses (budget) or dies (killed) is resumed from its cursor by the next invocation.
 *
 * `Invocation.run` reads as its steps: take the lock, open the run, work, record the end, release
 * the lock, invalidate the changed pages, log. Each step is a method below, in that order.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import { createDb, type Db } from '../db/client.ts';
import { countD1Calls, type D1Usage } from '../observe/d1-counter.ts';
import type { JobsConfig } from './config.ts';
import { severable } from './fault-drill.ts';
import type { ChunkCommit, Job, JobContext, JobName, JobRequest } from './job.ts';
import { acquireLock, currentLock, leaseGuard, releaseLock, renewLease } from './lock.ts';
import { logJob } from './log.ts';
import {
  createRun,
  finishRun,
  type JobRun,
  latestRun,
  pruneRuns,
  type RunStatus,
  runProgress,
} from './run-log.ts';

/** A run whose attempts failed or died this many times in a row is abandoned and started afresh. */
const MAX_RESUMES = 3;
/** D1 round trips kept in reserve for the run's own bookkeeping when deciding to pause. */
const BOOKKEEPING_QUERIES = 6;
/** Progress is written with every chunk that writes content, and at least this often otherwise. */
const PROGRESS_EVERY_MS = 30_000;

export interface RunOutcome {
  job: JobName;
  runId: number | null;
  /** "locked": another run holds the job's lock, nothing was done. */
  status: RunStatus | 'locked';
  resumed: boolean;
  /** Totals of the whole run, across invocations. */
  processed: number;
  rowsWritten: number;
  error: string | null;
  detail: Record<string, unknown>;
}

export class InjectedFailure extends Error {
  constructor(chunks: number) {
    super(`injected failure after ${chunks} committed chunks (JOBS_FAIL_AFTER_CHUNKS)`);
    this.name = 'InjectedFailure';
  }
}

export class LockLostError extends Error {
  constructor(job: string) {
    super(`lost the ${job} lock to another run (lease expired)`);
    this.name = 'LockLostError';
  }
}

export interface InvocationOptions {
  config: JobsConfig;
  /** The trigger's time: the cron's scheduledTime, or the admin request's arrival. */
  now: Date;
  /**
   * Called once a run stops (done, paused or failed) with the slugs of the articles whose pages
   * it changed in this invocation; returns a summary for the run's log line.
   */
  onChanged?: (job: JobName, slugs: string[], db: Db) => Promise<Record<string, unknown>>;
}

interface StoredCursor<S> {
  state: S;
  resumes: number;
}

/** One run as this invocation sees it: what the steps of `Invocation.run` share. */
interface RunProgress<S> {
  job: Job<S>;
  request: JobRequest;
  /** This invocation's lock owner id. */
  owner: string;
  runId: number | null;
  /** Totals of the whole run, across invocations, as last committed. */
  processed: number;
  rowsWritten: number;
  resumed: boolean;
  /** Where the run stands, as last committed. */
  cursor: StoredCursor<S> | null;
  status: RunStatus;
  error: string | null;
  /** Slugs whose pages this invocation changed. */
  changed: Set<string>;
  detail: Record<string, unknown>;
  /** When the run's row was last written, for PROGRESS_EVERY_MS. */
  lastPersisted: number;
  /** When the lease was last extended: a yield renews it once a quarter of it has passed. */
  lastRenewed: number;
}

/**
 * Lets the isolate serve the requests waiting behind the job's synchronous work: Workers have
 * scheduler.wait; a plain macrotask elsewhere (Node tools that run a job).
 */
function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { wait?: (ms: number) => Promise<void> } })
    .scheduler;
  return scheduler?.wait ? scheduler.wait(0) : new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * One Worker invocation (a cron tick or an admin request): the D1 round trips, time and chunks it
 * may spend are shared by every job it runs.
 *
 * @example
 * const invocation = new Invocation(env.DB, { config: jobsConfig(env), now: new Date() });
 * const outcome = await invocation.run(freshnessJob, { trigger: 'admin', mode: 'auto' });
 */
export class Invocation {
  readonly usage: D1Usage = { calls: 0, durationMs: 0 };
  readonly db: Db;
  private readonly startedWall = Date.now();
  chunks = 0;
  /** Committed chunks per phase, for the kill drill. */
  private readonly phaseChunks = new Map<string, number>();
  /** Cuts this invocation off from D1 (the kill drill); only set when the drill is on. */
  private readonly sever: ((point: string) => never) | null = null;

  constructor(
    d1: D1Database,
    readonly options: InvocationOptions,
  ) {
    let binding = d1;
    if (options.config.killAt) {
      const drill = severable(d1);
      binding = drill.d1;
      this.sever = drill.sever;
    }
    this.db = createDb(countD1Calls(binding, this.usage));
  }

  now(): Date {
    return new Date(this.options.now.getTime() + (Date.now() - this.startedWall));
  }

  pauseReason(): string | null {
    const { config } = this.options;
    if (this.usage.calls + BOOKKEEPING_QUERIES >= config.queryBudget) {
      return `query budget (${config.queryBudget} D1 round trips per invocation)`;
    }
    if (Date.now() - this.startedWall >= config.timeBudgetMs) {
      return `time budget (${config.timeBudgetMs} ms per invocation)`;
    }
    if (this.chunks >= config.maxChunks) {
      return `chunk budget (${config.maxChunks} chunks per invocation)`;
    }
    return null;
  }

  async run<S>(job: Job<S>, request: JobRequest): Promise<RunOutcome> {
    const started = Date.now();
    const queriesBefore = this.usage.calls;
    const run: RunProgress<S> = {
      job,
      request,
      owner: crypto.randomUUID(),
      runId: null,
      processed: 0,
      rowsWritten: 0,
      resumed: false,
      cursor: null,
      status: 'running',
      error: null,
      changed: new Set(),
      detail: {},
      lastPersisted: Date.now(),
      lastRenewed: Date.now(),
    };
    const { config } = this.options;
    if (!(await acquireLock(this.db, job.name, run.owner, this.now(), config.leaseMs))) {
      return this.skipLocked(run);
    }
    run.lastRenewed = Date.now();
    try {
      const state = await this.openRun(run);
      const result = await job.run(this.jobContext(run), state);
      await this.recordEnd(run, result);
    } catch (caught) {
      await this.recordFailure(run, caught);
    } finally {
      await releaseLock(this.db, job.name, run.owner).catch(() => undefined);
    }
    await this.invalidateChanged(run);
    logJob('job_run', {
      job: job.name,
      run: run.runId,
      trigger: request.trigger,
      status: run.status,
      resumed: run.resumed,
      processed: run.processed,
      rowsWritten: run.rowsWritten,
      changedArticles: run.changed.size,
      queries: this.usage.calls - queriesBefore,
      ms: Date.now() - started,
      error: run.error,
      ...run.detail,
    });
    const { runId, status, resumed, processed, rowsWritten, error, detail } = run;
    return { job: job.name, runId, status, resumed, processed, rowsWritten, error, detail };
  }

  /** Another run's lease is live: nothing is recorded; the outcome says whose lease and until when. */
  private async skipLocked<S>(run: RunProgress<S>): Promise<RunOutcome> {
    const detail = await lockHolder(this.db, run.job.name, this.now());
    logJob('job_skipped', {
      job: run.job.name,
      trigger: run.request.trigger,
      reason: 'locked',
      ...detail,
    });
    return {
      job: run.job.name,
      runId: null,
      status: 'locked',
      resumed: false,
      processed: 0,
      rowsWritten: 0,
      error: null,
      detail,
    };
  }

  /**
   * Resumes the job's paused run in its own row, or continues an attempt that failed or died in a
   * new row, or starts a new run; returns the state the job starts from.
   */
  private async openRun<S>(run: RunProgress<S>): Promise<S> {
    const latest = await latestRun(this.db, run.job.name);
    let trigger = run.request.trigger;
    if (latest?.status === 'partial' && latest.cursor) {
      await this.resumePaused(run, latest, latest.cursor);
    } else if ((latest?.status === 'running' || latest?.status === 'failed') && latest.cursor) {
      const stored = await this.closeDeadAttempt(latest, latest.cursor);
      if (stored.resumes < MAX_RESUMES) {
        run.cursor = { state: stored.state as S, resumes: stored.resumes + 1 };
        trigger = `${run.request.trigger}; continues run ${latest.id}`;
        run.resumed = true;
      }
    }
    if (run.runId === null) {
      // After MAX_RESUMES failed attempts in a row the run starts over from scratch. A new run
      // works for the trigger's time exactly (the cron's scheduledTime).
      run.cursor ??= { state: run.job.start(run.request, this.options.now), resumes: 0 };
      run.runId = await createRun(this.db, {
        job: run.job.name,
        trigger,
        startedAt: this.now().toISOString(),
        cursor: JSON.stringify(run.cursor),
      });
    }
    run.lastPersisted = Date.now();
    return (run.cursor as StoredCursor<S>).state;
  }

  /** A paused run: the same run carries on, in the same row. */
  private async resumePaused<S>(run: RunProgress<S>, latest: JobRun, cursor: string) {
    run.runId = latest.id;
    run.processed = latest.processed;
    run.rowsWritten = latest.rowsWritten;
    run.cursor = JSON.parse(cursor) as StoredCursor<S>;
    run.resumed = true;
    await this.db.batch([
      runProgress(this.db, latest.id, {
        status: 'running',
        processed: run.processed,
        rowsWritten: run.rowsWritten,
        cursor,
      }),
    ]);
  }

  /**
   * An attempt that ended abnormally. A "running" row whose lock we now hold belongs to an
   * invocation that died (killed, or over a limit): record that, so the failure stays visible in
   * the history; the caller continues from its cursor in a new row.
   */
  private async closeDeadAttempt(latest: JobRun, cursor: string): Promise<StoredCursor<unknown>> {
    if (latest.status === 'running') {
      await finishRun(this.db, latest.id, {
        status: 'failed',
        finishedAt: this.now().toISOString(),
        processed: latest.processed,
        rowsWritten: latest.rowsWritten,
        cursor,
        error: 'interrupted: the invocation ended before the run did (killed or over a limit)',
      });
    }
    return JSON.parse(cursor) as StoredCursor<unknown>;
  }

  /** What the job sees: the budgets, its clock, and `commit`, which adds the bookkeeping. */
  private jobContext<S>(run: RunProgress<S>): JobContext<S> {
    return {
      db: this.db,
      config: this.options.config,
      runId: run.runId as number,
      now: () => this.now(),
      pauseReason: () => this.pauseReason(),
      note: (fields) => Object.assign(run.detail, fields),
      commit: (chunk) => this.commitChunk(run, chunk),
      yieldToRequests: () => this.breathe(run),
    };
  }

  /**
   * Yields to the requests queued behind the job, and renews the lease once a quarter of it has
   * passed since the last renewal: the heartbeat that keeps a long stretch of work between two
   * commits (building the index) from looking like a dead run.
   */
  private async breathe<S>(run: RunProgress<S>): Promise<void> {
    await yieldToEventLoop();
    const { leaseMs } = this.options.config;
    if (Date.now() - run.lastRenewed < leaseMs / 4) {
      return;
    }
    const result = await renewLease(this.db, run.job.name, run.owner, this.now(), leaseMs);
    run.lastRenewed = Date.now();
    if ((result.meta?.changes ?? 0) === 0) {
      throw new LockLostError(run.job.name);
    }
  }

  /**
   * Commits a chunk's writes with the run's progress and the lease's renewal in one D1 batch (one
   * transaction), then counts it; throws when the lock was lost or a fault drill says so.
   */
  private async commitChunk<S>(run: RunProgress<S>, chunk: ChunkCommit<S>): Promise<void> {
    const chunkStarted = Date.now();
    const next = {
      processed: run.processed + chunk.processed,
      rowsWritten: run.rowsWritten + chunk.rowsWritten,
      cursor: { state: chunk.state, resumes: run.cursor?.resumes ?? 0 },
    };
    const lockHeld = await this.writeChunk(run, chunk, next);
    // Only now is the chunk committed: a failed batch leaves the totals and cursor as they were.
    run.processed = next.processed;
    run.rowsWritten = next.rowsWritten;
    run.cursor = next.cursor;
    if (!lockHeld) {
      throw new LockLostError(run.job.name);
    }
    for (const slug of chunk.changedSlugs) {
      run.changed.add(slug);
    }
    this.chunks += 1;
    logJob('job_chunk', {
      job: run.job.name,
      run: run.runId,
      chunk: this.chunks,
      phase: chunk.phase,
      processed: chunk.processed,
      rowsWritten: chunk.rowsWritten,
      ms: Date.now() - chunkStarted,
      ...chunk.detail,
    });
    const { failAfterChunks, killAt } = this.options.config;
    if (failAfterChunks !== null && this.chunks >= failAfterChunks) {
      throw new InjectedFailure(this.chunks);
    }
    const inPhase = (this.phaseChunks.get(chunk.phase) ?? 0) + 1;
    this.phaseChunks.set(chunk.phase, inPhase);
    if (this.sever && killAt?.phase === chunk.phase && killAt.chunk === inPhase) {
      this.sever(`${chunk.phase}:${inPhase}`);
    }
  }

  /**
   * Sends the chunk's batch, with the progress and the lease when due; returns whether the lock is
   * still ours (true when nothing was sent).
   */
  private async writeChunk<S>(
    run: RunProgress<S>,
    chunk: ChunkCommit<S>,
    next: { processed: number; rowsWritten: number; cursor: StoredCursor<S> },
  ): Promise<boolean> {
    const bookkeeping =
      chunk.statements.length > 0 || Date.now() - run.lastPersisted >= PROGRESS_EVERY_MS;
    if (!bookkeeping) {
      return true;
    }
    const { config } = this.options;
    // The guard first: if the lease was taken over, the whole batch rolls back.
    const statements: BatchItem<'sqlite'>[] = [
      leaseGuard(this.db, run.job.name, run.owner),
      ...chunk.statements,
    ];
    statements.push(
      runProgress(this.db, run.runId as number, {
        processed: next.processed,
        rowsWritten: next.rowsWritten,
        cursor: JSON.stringify(next.cursor),
      }),
      renewLease(this.db, run.job.name, run.owner, this.now(), config.leaseMs),
    );
    const results = (await this.db.batch(
      statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]],
    )) as unknown[];
    run.lastPersisted = Date.now();
    run.lastRenewed = run.lastPersisted;
    return ((results[results.length - 1] as D1Result).meta?.changes ?? 0) > 0;
  }

  /** The job returned: done is a success, otherwise the run paused at a budget. */
  private async recordEnd<S>(run: RunProgress<S>, result: 'done' | 'paused'): Promise<void> {
    run.status = result === 'done' ? 'success' : 'partial';
    if (run.status === 'partial') {
      run.detail.pausedBy = this.pauseReason();
    }
    const success = run.status === 'success';
    await finishRun(this.db, run.runId as number, {
      status: run.status,
      finishedAt: success ? this.now().toISOString() : null,
      processed: run.processed,
      rowsWritten: run.rowsWritten,
      cursor: success ? null : JSON.stringify(run.cursor),
      error: null,
    });
    if (success) {
      await pruneRuns(this.db, this.now());
    }
  }

  /** The run failed: recorded with its last committed cursor, so the next run continues it. */
  private async recordFailure<S>(run: RunProgress<S>, caught: unknown): Promise<void> {
    run.status = 'failed';
    run.error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
    if (run.runId === null) {
      return;
    }
    // Best effort: if D1 itself is failing this may fail too, and the row stays "running"
    // until the lease expires and the next run resumes it.
    await finishRun(this.db, run.runId, {
      status: 'failed',
      finishedAt: this.now().toISOString(),
      processed: run.processed,
      rowsWritten: run.rowsWritten,
      cursor: run.cursor ? JSON.stringify(run.cursor) : null,
      error: run.error.slice(0, 2000),
    }).catch(() => undefined);
  }

  /** Purges the pages this invocation changed, whatever the run's outcome. */
  private async invalidateChanged<S>(run: RunProgress<S>): Promise<void> {
    if (run.changed.size === 0 || !this.options.onChanged) {
      return;
    }
    // A failed invalidation must not hide the run's own outcome: it is logged with the run,
    // and the pages' edge TTL still bounds how long they stay stale.
    run.detail.invalidation = await this.options
      .onChanged(run.job.name, [...run.changed].sort(), this.db)
      .catch((error: unknown) => ({
        error: error instanceof Error ? error.message : String(error),
      }));
  }
}

/** Who holds `job`'s lock: the run that is going (its id and start) and when its lease lapses. */
async function lockHolder(
  db: Db,
  job: string,
  now: Date,
): Promise<{ lockedBy: number | null; since: string | null; leaseUntil: string | null }> {
  const lock = await currentLock(db, job, now);
  const latest = await latestRun(db, job);
  const going = latest?.status === 'running' || latest?.status === 'partial';
  return {
    lockedBy: going ? (latest?.id ?? null) : null,
    since: going ? (latest?.startedAt ?? null) : null,
    leaseUntil: lock?.expiresAt ?? null,
  };
}
