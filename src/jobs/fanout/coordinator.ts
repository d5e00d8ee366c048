/**
 * The fan-out similar refresh's coordinator. A cron tick (or an admin request) takes the job's
 * lease, opens the job_runs row and enqueues the first phase's parts; the consumer that completes
 * the last part of a phase moves the run to the next one (a compare-and-set on the run's cursor,
 * so exactly one does) and enqueues its parts; the last phase's last part finishes the run and
 * releases the lease. Phases: features → postings → rank (docs/SCALE.md). A later tick that finds
 * the run still going re-sends parts overdue past their lease (lost messages, dead consumers).
 */
import { and, eq } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import {
  featureParts,
  insertParts,
  linkableSpan,
  overdueParts,
  type PartPhase,
  type PartRow,
  resetFanoutIndex,
  runTotals,
  staleParts,
} from '../../db/fanout-queries.ts';
import { jobLocks, jobRuns } from '../../db/schema.ts';
import { clearAllDirty, featureStats } from '../../db/similar-queries.ts';
import { readSiteState, writeSiteState } from '../../db/site-state.ts';
import type { JobsConfig } from '../config.ts';
import type { JobRequest } from '../job.ts';
import { acquireLock } from '../lock.ts';
import { logJob } from '../log.ts';
import { createRun, finishRun, latestRun } from '../run-log.ts';
import type { RunOutcome } from '../runner.ts';
import { decideMode, type SimilarState, STATE_KEYS, similarParams } from '../similar-job.ts';
import { type PartMessage, PHASES } from './messages.ts';

/** What job_runs.cursor holds for a fan-out run. */
export interface FanoutCursor {
  fanout: true;
  phase: PartPhase;
  /** "auto" until the features phase is done. */
  mode: 'auto' | 'full' | 'incremental';
  asOf: string;
  /** The job lease's owner: parts renew it as they commit. */
  owner: string;
  /** Linkable articles once features are done. */
  articles: number;
  /** The largest linkable article id once features are done (where sampled windows start). */
  maxArticleId: number;
  dirty: number;
  /** Parts of the current phase. */
  parts: number;
}

export function parseCursor(text: string | null): FanoutCursor | null {
  if (!text) {
    return null;
  }
  try {
    const value = JSON.parse(text) as Partial<FanoutCursor>;
    return value.fanout === true ? (value as FanoutCursor) : null;
  } catch {
    return null;
  }
}

/** Messages per sendBatch call (the Queues limit is 100 messages and 256 KB). */
const SEND_BATCH = 100;

export interface FanoutDeps {
  db: Db;
  config: JobsConfig;
  queue: Queue<PartMessage>;
}

function partRows(runId: number, phase: PartPhase, parts: number[], size: number): PartRow[] {
  return parts.map((part) => ({
    runId,
    phase,
    part,
    fromId: part * size + 1,
    toId: (part + 1) * size,
  }));
}

function messageOf(row: PartRow, cursor: FanoutCursor): PartMessage {
  return {
    run: row.runId,
    phase: row.phase,
    part: row.part,
    from: row.fromId,
    to: row.toId,
    mode: cursor.mode === 'incremental' ? 'incremental' : 'full',
    articles: cursor.articles,
    // A cursor written before ranking version 4 has none (parseMessage says what follows).
    maxArticleId: cursor.maxArticleId ?? 0,
  };
}

export async function sendParts(
  queue: Queue<PartMessage>,
  messages: readonly PartMessage[],
): Promise<void> {
  for (let i = 0; i < messages.length; i += SEND_BATCH) {
    await queue.sendBatch(messages.slice(i, i + SEND_BATCH).map((body) => ({ body })));
  }
}

/** The parts of `phase` for a run in `mode`. */
async function partsOf(
  db: Db,
  phase: PartPhase,
  mode: FanoutCursor['mode'],
  size: number,
): Promise<number[]> {
  if (phase === 'features') {
    return staleParts(db, size);
  }
  return featureParts(db, size, mode === 'incremental');
}

/**
 * Writes the cursor `next` if the run's cursor is still `current` (one statement: of two consumers
 * finishing parts at once, exactly one moves the run on). Returns whether it did.
 */
async function moveCursor(
  db: Db,
  runId: number,
  current: string,
  next: FanoutCursor,
): Promise<boolean> {
  const rows = await db
    .update(jobRuns)
    .set({ cursor: JSON.stringify(next) })
    .where(and(eq(jobRuns.id, runId), eq(jobRuns.cursor, current), eq(jobRuns.status, 'running')))
    .returning({ id: jobRuns.id });
  return rows.length === 1;
}

/**
 * Moves the run from the phase in `cursorText` to the next phase that has work, enqueueing its
 * parts, or finishes the run when none has. Called by the coordinator after creating the run
 * and by the consumer that completed a phase's last part.
 */
export async function advance(
  deps: FanoutDeps,
  runId: number,
  cursorText: string,
  from: PartPhase | null,
): Promise<void> {
  const { db, config } = deps;
  let current = cursorText;
  let cursor = parseCursor(cursorText);
  if (!cursor) {
    throw new Error(`run ${runId} is not a fan-out run (cursor ${cursorText})`);
  }
  let phaseIndex = from === null ? 0 : PHASES.indexOf(from) + 1;
  for (; phaseIndex <= PHASES.length; phaseIndex++) {
    const phase = PHASES[phaseIndex];
    let next: FanoutCursor = { ...cursor, phase: phase ?? cursor.phase, parts: 0 };
    if (phase === 'postings') {
      // Features are final: decide the mode, and count the corpus the weights are relative to.
      const site = await readSiteState(db, Object.values(STATE_KEYS));
      const stats = await featureStats(db);
      const mode = decideMode(
        { mode: cursor.mode, asOf: cursor.asOf } as SimilarState,
        site,
        similarParams(config.topK),
        stats,
      );
      next = { ...next, mode, ...(await linkableSpan(db)), dirty: stats.dirty };
      if (mode === 'incremental' && stats.dirty === 0) {
        phaseIndex = PHASES.length;
      }
    }
    if (phaseIndex >= PHASES.length || !phase) {
      if (await moveCursor(db, runId, current, { ...next, phase: 'rank', parts: 0 })) {
        await finishFanout(db, config, runId, next);
      }
      return;
    }
    const parts = await partsOf(db, phase, next.mode, config.partSize);
    next.parts = parts.length;
    if (!(await moveCursor(db, runId, current, next))) {
      return; // another consumer moved it on
    }
    current = JSON.stringify(next);
    cursor = next;
    if (parts.length === 0) {
      continue;
    }
    const rows = partRows(runId, phase, parts, config.partSize);
    const dueAt = new Date(Date.now() + config.partDueMs).toISOString();
    await db.batch(insertParts(db, rows, dueAt) as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
    await sendParts(
      deps.queue,
      rows.map((row) => messageOf(row, next)),
    );
    logJob('job_part', {
      job: 'similar',
      run: runId,
      phase,
      status: 'enqueued',
      parts: parts.length,
    });
    return;
  }
}

/** The run's last step: bookkeeping of a full pass, dirty flags, totals, lease released. */
async function finishFanout(
  db: Db,
  config: JobsConfig,
  runId: number,
  cursor: FanoutCursor,
): Promise<void> {
  const statements: BatchItem<'sqlite'>[] = [];
  if (cursor.dirty > 0) {
    statements.push(clearAllDirty(db));
  }
  if (cursor.mode === 'full') {
    const site = await readSiteState(db, Object.values(STATE_KEYS));
    const values: [string, string][] = [
      [STATE_KEYS.fullAt, cursor.asOf],
      [STATE_KEYS.params, similarParams(config.topK)],
      [STATE_KEYS.countAtFull, String((await featureStats(db)).rows)],
      [STATE_KEYS.changed, '0'],
    ];
    for (const [key, value] of values) {
      if (key === STATE_KEYS.fullAt || site.get(key) !== value) {
        statements.push(writeSiteState(db, key, value));
      }
    }
  }
  const totals = await runTotals(db, runId);
  statements.push(
    db
      .update(jobRuns)
      .set({
        status: 'success',
        finishedAt: new Date().toISOString(),
        processed: totals.processed,
        rowsWritten: totals.rowsWritten,
        cursor: null,
      })
      .where(eq(jobRuns.id, runId)),
    db.delete(jobLocks).where(and(eq(jobLocks.job, 'similar'), eq(jobLocks.owner, cursor.owner))),
  );
  await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  logJob('job_run', {
    job: 'similar',
    run: runId,
    status: 'success',
    fanout: true,
    mode: cursor.mode,
    articles: cursor.articles,
    dirty: cursor.dirty,
    processed: totals.processed,
    rowsWritten: totals.rowsWritten,
    parts: totals.parts,
    partPeakBytes: totals.peakBytes,
  });
}

/**
 * A cron tick or admin request: starts a fan-out run (its first phase enqueued; the consumers do
 * the rest), or, while one is going, re-sends its overdue parts.
 */
export async function startFanout(
  deps: FanoutDeps,
  request: JobRequest,
  now: Date,
): Promise<RunOutcome> {
  const { db, config } = deps;
  const owner = `fanout:${crypto.randomUUID()}`;
  const outcome = (status: RunOutcome['status'], runId: number | null, detail = {}) => ({
    job: 'similar' as const,
    runId,
    status,
    resumed: false,
    processed: 0,
    rowsWritten: 0,
    error: null,
    detail: { fanout: true, ...detail },
  });
  const latest = await latestRun(db, 'similar');
  const going = latest?.status === 'running' ? parseCursor(latest.cursor) : null;
  if (!(await acquireLock(db, 'similar', owner, now, config.fanoutLeaseMs))) {
    if (latest && going) {
      const resent = await resendOverdue(deps, latest.id, going, now);
      logJob('job_watchdog', { job: 'similar', run: latest.id, phase: going.phase, resent });
      return outcome('running', latest.id, { phase: going.phase, resent });
    }
    logJob('job_skipped', { job: 'similar', trigger: request.trigger, reason: 'locked' });
    return outcome('locked', null);
  }
  if (latest?.status === 'running') {
    // Its lease expired without the run finishing: it died (or a part kept failing).
    await finishRun(db, latest.id, {
      status: 'failed',
      finishedAt: now.toISOString(),
      processed: latest.processed,
      rowsWritten: latest.rowsWritten,
      cursor: latest.cursor,
      error: 'interrupted: the run stopped making progress before its lease expired',
    });
  }
  const site = await readSiteState(db, [STATE_KEYS.fanoutIndex]);
  if (site.get(STATE_KEYS.fanoutIndex) !== '1') {
    // The counters and postings do not match the stored features (first fan-out run, or the
    // single-isolate job extracted features since): features are derived data, so start over.
    await db.batch([
      ...resetFanoutIndex(db),
      writeSiteState(db, STATE_KEYS.fanoutIndex, '1'),
    ] as unknown as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  }
  const cursor: FanoutCursor = {
    fanout: true,
    phase: 'features',
    mode: request.mode,
    asOf: now.toISOString(),
    owner,
    articles: 0,
    maxArticleId: 0,
    dirty: 0,
    parts: 0,
  };
  const text = JSON.stringify(cursor);
  const runId = await createRun(db, {
    job: 'similar',
    trigger: request.trigger,
    startedAt: now.toISOString(),
    cursor: text,
  });
  // The features phase starts from the cursor as created (the loop treats it as just entered).
  await advance(deps, runId, text, null).catch(async (error: unknown) => {
    await finishRun(db, runId, {
      status: 'failed',
      finishedAt: new Date().toISOString(),
      processed: 0,
      rowsWritten: 0,
      cursor: text,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    await db.delete(jobLocks).where(and(eq(jobLocks.job, 'similar'), eq(jobLocks.owner, owner)));
    throw error;
  });
  const after = await latestRun(db, 'similar');
  return outcome(after?.id === runId ? after.status : 'running', runId, {
    phase: parseCursor(after?.cursor ?? null)?.phase ?? 'done',
  });
}

/** Re-sends the current phase's parts that should have finished by now. */
async function resendOverdue(
  deps: FanoutDeps,
  runId: number,
  cursor: FanoutCursor,
  now: Date,
): Promise<number> {
  const overdue = await overdueParts(deps.db, runId, cursor.phase, now.toISOString());
  await sendParts(
    deps.queue,
    overdue.map((row) => messageOf(row, cursor)),
  );
  return overdue.length;
}
