/**
 * The fan-out refresh's queue message and what a part's work gets to commit with. One message is
 * one part: a phase of a run over a range of article ids. Everything a consumer needs is in it
 * or in D1, so any isolate can take any message, and a redelivered one finds its part's state.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../../db/client.ts';
import type { PartPhase } from '../../db/fanout-queries.ts';
import type { JobsConfig } from '../config.ts';

export const PHASES: readonly PartPhase[] = ['features', 'postings', 'rank'];

export interface PartMessage {
  run: number;
  phase: PartPhase;
  part: number;
  /** Article ids from..to, inclusive. */
  from: number;
  to: number;
  mode: 'full' | 'incremental';
  /** Linkable articles when the phase started (0 in the features phase, which changes it). */
  articles: number;
  /**
   * The largest linkable article id when the phase started (0 in the features phase): the span
   * the rank phase's sampled windows are placed over, as in the single-isolate index.
   */
  maxArticleId: number;
}

export class BadMessageError extends Error {
  constructor(body: unknown, detail: string) {
    super(`similar queue message ${JSON.stringify(body)?.slice(0, 200)}: ${detail}`);
    this.name = 'BadMessageError';
  }
}

/** Validates a message body (a queue carries whatever was sent to it). */
export function parseMessage(body: unknown): PartMessage {
  if (typeof body !== 'object' || body === null) {
    throw new BadMessageError(body, 'expected an object');
  }
  const m = body as Record<string, unknown>;
  // A run started before ranking version 4 sends no maxArticleId (nor has its cursor one). Its
  // parts still run, with windows starting at the lowest ids: valid lists, which the full pass the
  // version change brings rewrites; refusing them would leave the run stuck until its lease ends.
  if (m.maxArticleId === undefined) {
    m.maxArticleId = 0;
  }
  for (const key of ['run', 'part', 'from', 'to', 'articles', 'maxArticleId'] as const) {
    if (!Number.isInteger(m[key]) || (m[key] as number) < 0) {
      throw new BadMessageError(body, `"${key}" must be a whole number`);
    }
  }
  if (!PHASES.includes(m.phase as PartPhase)) {
    throw new BadMessageError(body, `"phase" must be one of ${PHASES.join(', ')}`);
  }
  if (m.mode !== 'full' && m.mode !== 'incremental') {
    throw new BadMessageError(body, '"mode" must be full or incremental');
  }
  return m as unknown as PartMessage;
}

/** What a part's work sees: the message, and a commit that keeps its writes idempotent. */
export interface PartContext {
  db: Db;
  config: JobsConfig;
  message: PartMessage;
  /**
   * Commits `statements` in one D1 batch together with the part's ownership guard and lease
   * renewals: either all of it lands, or (lease lost, error) none of it.
   */
  commit(
    statements: BatchItem<'sqlite'>[],
    counts: { processed: number; rowsWritten: number; changedSlugs?: readonly string[] },
  ): Promise<void>;
  /** Records a memory high-water mark of the part's own data (bytes). */
  notePeak(bytes: number): void;
  /**
   * Called where the part holds the most. With JOBS_MEMORY_PROBE=on it yields to the event loop
   * (a 0 ms timer), the one kind of wait at which local workerd serves an inspector's heap
   * snapshot mid-invocation (across D1 calls it does not), so bench:cron measures the part's live
   * heap at its high point rather than between invocations. Otherwise it returns at once.
   */
  memoryProbe(): Promise<void>;
}
