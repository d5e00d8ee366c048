/**
 * Runs refresh jobs: takes the job's lease lock, opens or resumes its job_runs row, lets the job
 * work through chunks within the invocation's budgets, and records how the run ended. A run that
 * pauses (budget) or dies (killed) is resumed from its cursor by the next invocation.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import { createDb, type Db } from '../db/client.ts';
import { countD1Calls, type D1Usage } from '../observe/d1-counter.ts';
import type { JobsConfig } from './config.ts';
import type { Job, JobContext, JobName, JobRequest } from './job.ts';
import { acquireLock, releaseLock, renewLease } from './lock.ts';
import { logJob } from './log.ts';
import {
  createRun,
  finishRun,
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

  constructor(
    d1: D1Database,
    readonly options: InvocationOptions,
  ) {
    this.db = createDb(countD1Calls(d1, this.usage));
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
    const { db } = this;
    const { config } = this.options;
    const owner = crypto.randomUUID();
    const started = Date.now();
    const queriesBefore = this.usage.calls;
    if (!(await acquireLock(db, job.name, owner, this.now(), config.leaseMs))) {
      logJob('job_skipped', { job: job.name, trigger: request.trigger, reason: 'locked' });
      return {
        job: job.name,
        runId: null,
        status: 'locked',
        resumed: false,
        processed: 0,
        rowsWritten: 0,
        error: null,
        detail: {},
      };
    }

    const detail: Record<string, unknown> = {};
    const changed = new Set<string>();
    let runId: number | null = null;
    let processed = 0;
    let rowsWritten = 0;
    let resumed = false;
    let cursor: StoredCursor<S> | null = null;
    let status: RunStatus = 'running';
    let error: string | null = null;
    try {
      const latest = await latestRun(db, job.name);
      let trigger = request.trigger;
      if (latest?.status === 'partial' && latest.cursor) {
        // A paused run: the same run carries on, in the same row.
        const stored = JSON.parse(latest.cursor) as StoredCursor<S>;
        runId = latest.id;
        processed = latest.processed;
        rowsWritten = latest.rowsWritten;
        cursor = stored;
        resumed = true;
        await db.batch([
          runProgress(db, runId, {
            status: 'running',
            processed,
            rowsWritten,
            cursor: latest.cursor,
          }),
        ]);
      } else if ((latest?.status === 'running' || latest?.status === 'failed') && latest.cursor) {
        // An attempt that ended abnormally. A "running" row whose lock we now hold belongs to an
        // invocation that died (killed, or over a limit): record that, then continue from its
        // cursor in a new row, so the failure stays visible in the history.
        const stored = JSON.parse(latest.cursor) as StoredCursor<S>;
        if (latest.status === 'running') {
          await finishRun(db, latest.id, {
            status: 'failed',
            finishedAt: this.now().toISOString(),
            processed: latest.processed,
            rowsWritten: latest.rowsWritten,
            cursor: latest.cursor,
            error: 'interrupted: the invocation ended before the run did (killed or over a limit)',
          });
        }
        if (stored.resumes < MAX_RESUMES) {
          cursor = { state: stored.state, resumes: stored.resumes + 1 };
          trigger = `${request.trigger}; continues run ${latest.id}`;
          resumed = true;
        }
      }
      if (runId === null) {
        const now = this.now();
        // After MAX_RESUMES failed attempts in a row the run starts over from scratch. A new run
        // works for the trigger's time exactly (the cron's scheduledTime).
        cursor ??= { state: job.start(request, this.options.now), resumes: 0 };
        runId = await createRun(db, {
          job: job.name,
          trigger,
          startedAt: now.toISOString(),
          cursor: JSON.stringify(cursor),
        });
      }
      const startState = (cursor as StoredCursor<S>).state;
      const id = runId;
      let lastPersisted = Date.now();
      let lockHeld = true;
      const ctx: JobContext<S> = {
        db,
        config,
        runId: id,
        now: () => this.now(),
        pauseReason: () => this.pauseReason(),
        note: (fields) => Object.assign(detail, fields),
        commit: async (chunk) => {
          const chunkStarted = Date.now();
          const next = {
            processed: processed + chunk.processed,
            rowsWritten: rowsWritten + chunk.rowsWritten,
            cursor: { state: chunk.state, resumes: cursor?.resumes ?? 0 },
          };
          const statements: BatchItem<'sqlite'>[] = [...chunk.statements];
          const bookkeeping =
            statements.length > 0 || Date.now() - lastPersisted >= PROGRESS_EVERY_MS;
          if (bookkeeping) {
            statements.push(
              runProgress(db, id, {
                processed: next.processed,
                rowsWritten: next.rowsWritten,
                cursor: JSON.stringify(next.cursor),
              }),
              renewLease(db, job.name, owner, this.now(), config.leaseMs),
            );
            const results = (await db.batch(
              statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]],
            )) as unknown[];
            lastPersisted = Date.now();
            lockHeld = ((results[results.length - 1] as D1Result).meta?.changes ?? 0) > 0;
          }
          // Only now is the chunk committed: a failed batch leaves the totals and cursor as they were.
          ({ processed, rowsWritten } = next);
          cursor = next.cursor;
          if (!lockHeld) {
            throw new LockLostError(job.name);
          }
          for (const slug of chunk.changedSlugs) {
            changed.add(slug);
          }
          this.chunks += 1;
          logJob('job_chunk', {
            job: job.name,
            run: id,
            chunk: this.chunks,
            phase: chunk.phase,
            processed: chunk.processed,
            rowsWritten: chunk.rowsWritten,
            ms: Date.now() - chunkStarted,
            ...chunk.detail,
          });
          if (config.failAfterChunks !== null && this.chunks >= config.failAfterChunks) {
            throw new InjectedFailure(this.chunks);
          }
        },
      };

      const result = await job.run(ctx, startState);
      status = result === 'done' ? 'success' : 'partial';
      if (status === 'partial') {
        detail.pausedBy = this.pauseReason();
      }
      await finishRun(db, id, {
        status,
        finishedAt: status === 'success' ? this.now().toISOString() : null,
        processed,
        rowsWritten,
        cursor: status === 'success' ? null : JSON.stringify(cursor),
        error: null,
      });
      if (status === 'success') {
        await pruneRuns(db, this.now());
      }
    } catch (caught) {
      status = 'failed';
      error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
      if (runId !== null) {
        // Best effort: if D1 itself is failing this may fail too, and the row stays "running"
        // until the lease expires and the next run resumes it.
        await finishRun(db, runId, {
          status: 'failed',
          finishedAt: this.now().toISOString(),
          processed,
          rowsWritten,
          cursor: cursor ? JSON.stringify(cursor) : null,
          error: error.slice(0, 2000),
        }).catch(() => undefined);
      }
    } finally {
      await releaseLock(db, job.name, owner).catch(() => undefined);
    }

    if (changed.size > 0 && this.options.onChanged) {
      // A failed invalidation must not hide the run's own outcome: it is logged with the run,
      // and the pages' edge TTL still bounds how long they stay stale.
      detail.invalidation = await this.options
        .onChanged(job.name, [...changed].sort(), db)
        .catch((error: unknown) => ({
          error: error instanceof Error ? error.message : String(error),
        }));
    }
    logJob('job_run', {
      job: job.name,
      run: runId,
      trigger: request.trigger,
      status,
      resumed,
      processed,
      rowsWritten,
      changedArticles: changed.size,
      queries: this.usage.calls - queriesBefore,
      ms: Date.now() - started,
      error,
      ...detail,
    });
    return { job: job.name, runId, status, resumed, processed, rowsWritten, error, detail };
  }
}
