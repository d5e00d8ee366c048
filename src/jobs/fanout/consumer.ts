/**
 * The queue() handler's work: each message is one part of a fan-out run. A part is claimed with a
 * lease (a redelivered or duplicated message finds it done or held and is acknowledged), worked
 * in commits that each carry an ownership guard (so a consumer that lost its lease writes
 * nothing), and completed; the consumer completing a phase's last part moves the run on
 * (coordinator.ts). A failing part is recorded on its row and retried by the queue; after
 * MAX_ATTEMPTS the run is failed and its lease released. Messages of a batch run one after
 * another, so an invocation's memory is that of its largest part.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import { createDb } from '../../db/client.ts';
import {
  claimPart,
  completePart,
  failPart,
  openParts,
  partGuard,
  renewPart,
} from '../../db/fanout-queries.ts';
import { countD1Calls, type D1Usage } from '../../observe/d1-counter.ts';
import { type JobKnobs, jobsConfig } from '../config.ts';
import { invalidateChangedPages } from '../invalidation.ts';
import { releaseLock, renewLease } from '../lock.ts';
import { logJob } from '../log.ts';
import { finishRun, latestRun } from '../run-log.ts';
import { advance, parseCursor } from './coordinator.ts';
import { featuresPart } from './features-part.ts';
import { type PartContext, type PartMessage, parseMessage } from './messages.ts';
import { postingsPart } from './postings-part.ts';
import { rankPart } from './rank-part.ts';

/** A part failing this many times fails its run (the queue's own retries are max_retries). */
export const MAX_ATTEMPTS = 5;

const WORK = { features: featuresPart, postings: postingsPart, rank: rankPart } as const;

export class InjectedPartFailure extends Error {
  constructor(part: string) {
    super(`injected failure of part ${part} after its first commit (JOBS_FAIL_PART)`);
    this.name = 'InjectedPartFailure';
  }
}

/** Fault drills already fired in this isolate: a drill fails its part once, then lets it pass. */
const firedDrills = new Set<string>();

type Outcome = 'done' | 'skipped' | 'retry';

async function workPart(
  env: Env & JobKnobs,
  message: PartMessage,
  usage: D1Usage,
): Promise<{ outcome: Outcome; peakBytes: number }> {
  const db = createDb(countD1Calls(env.DB, usage));
  const config = jobsConfig(env);
  const key = { runId: message.run, phase: message.phase, part: message.part };
  const started = Date.now();
  const run = await latestRun(db, 'similar');
  const cursor = run?.id === message.run ? parseCursor(run.cursor) : null;
  if (!cursor || run?.status !== 'running' || cursor.phase !== message.phase) {
    // The run ended or moved on (a late duplicate): nothing to do.
    return { outcome: 'skipped', peakBytes: 0 };
  }
  const owner = crypto.randomUUID();
  const lease = () => new Date(Date.now() + config.fanoutLeaseMs).toISOString();
  const attempts = await claimPart(db, key, owner, new Date().toISOString(), lease());
  if (attempts === null) {
    return { outcome: 'skipped', peakBytes: 0 };
  }
  let processed = 0;
  let rowsWritten = 0;
  let commits = 0;
  let peakBytes = 0;
  const changed = new Set<string>();
  const drill = `${message.phase}:${message.part}`;
  const ctx: PartContext = {
    db,
    config,
    message,
    async commit(statements, counts) {
      const batch: BatchItem<'sqlite'>[] = [
        partGuard(db, key, owner),
        ...statements,
        renewPart(db, key, owner, lease()),
        renewLease(db, 'similar', cursor.owner, new Date(), config.fanoutLeaseMs),
      ];
      await db.batch(batch as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
      processed += counts.processed;
      rowsWritten += counts.rowsWritten;
      for (const slug of counts.changedSlugs ?? []) {
        changed.add(slug);
      }
      commits++;
      if (config.failPart === drill && !firedDrills.has(drill)) {
        firedDrills.add(drill);
        throw new InjectedPartFailure(drill);
      }
    },
    notePeak(bytes) {
      peakBytes = Math.max(peakBytes, bytes);
    },
    async memoryProbe() {
      if (config.memoryProbe) {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    },
  };
  try {
    await WORK[message.phase](ctx);
    await completePart(db, key, owner, {
      processed,
      rowsWritten,
      peakBytes,
      ms: Date.now() - started,
    });
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await failPart(db, key, owner, text).catch(() => undefined);
    logJob('job_part', {
      job: 'similar',
      run: message.run,
      phase: message.phase,
      part: message.part,
      status: 'failed',
      attempt: attempts,
      commits,
      error: text,
    });
    if (attempts >= MAX_ATTEMPTS) {
      await finishRun(db, message.run, {
        status: 'failed',
        finishedAt: new Date().toISOString(),
        processed: run.processed,
        rowsWritten: run.rowsWritten,
        cursor: run.cursor,
        error: `part ${drill} failed ${attempts} times: ${text}`.slice(0, 2000),
      });
      await releaseLock(db, 'similar', cursor.owner);
      return { outcome: 'skipped', peakBytes };
    }
    return { outcome: 'retry', peakBytes };
  }
  if (changed.size > 0) {
    await invalidateChangedPages(env)('similar', [...changed].sort(), db).catch(() => undefined);
  }
  logJob('job_part', {
    job: 'similar',
    run: message.run,
    phase: message.phase,
    part: message.part,
    status: 'done',
    attempt: attempts,
    processed,
    rowsWritten,
    peakBytes,
    queries: usage.calls,
    ms: Date.now() - started,
  });
  if ((await openParts(db, message.run, message.phase)) === 0) {
    const now = await latestRun(db, 'similar');
    if (now?.id === message.run && now.cursor) {
      await advance(
        { db, config, queue: env.SIMILAR_QUEUE },
        message.run,
        now.cursor,
        message.phase,
      );
    }
  }
  return { outcome: 'done', peakBytes };
}

/**
 * The Worker's queue() handler for the similar queue.
 *
 * @example
 * export default { queue: (batch, env) => consumeSimilarBatch(batch, env) };
 */
export async function consumeSimilarBatch(
  batch: MessageBatch<unknown>,
  env: Env & JobKnobs,
): Promise<void> {
  const started = Date.now();
  let peakBytes = 0;
  const usage: D1Usage = { calls: 0, durationMs: 0 };
  const outcomes: Outcome[] = [];
  for (const message of batch.messages) {
    let body: PartMessage;
    try {
      body = parseMessage(message.body);
    } catch (error) {
      // A malformed message can never succeed: say why, and drop it rather than retry it.
      console.error(error instanceof Error ? error.message : String(error));
      message.ack();
      continue;
    }
    try {
      const result = await workPart(env, body, usage);
      peakBytes = Math.max(peakBytes, result.peakBytes);
      outcomes.push(result.outcome);
      if (result.outcome === 'retry') {
        message.retry();
      } else {
        message.ack();
      }
    } catch (error) {
      // Bookkeeping itself failed (D1 unavailable, say): the queue delivers the message again.
      console.error(error instanceof Error ? error.stack : String(error));
      outcomes.push('retry');
      message.retry();
    }
  }
  logJob('job_queue_batch', {
    job: 'similar',
    messages: batch.messages.length,
    done: outcomes.filter((o) => o === 'done').length,
    retried: outcomes.filter((o) => o === 'retry').length,
    peakBytes,
    queries: usage.calls,
    ms: Date.now() - started,
  });
}
