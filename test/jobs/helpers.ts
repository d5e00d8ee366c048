/** Shared steps of the job tests: store a corpus, fire a cron tick, read back what readers see. */
import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { asc, desc } from 'drizzle-orm';
import { expect } from 'vitest';
import type { ArticleInput } from '../../src/content/types.ts';
import { writeArticle } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';
import { articles, jobRuns, similarPosts } from '../../src/db/schema.ts';
import worker from '../../src/index.ts';
import type { JobKnobs } from '../../src/jobs/config.ts';
import type { PartMessage } from '../../src/jobs/fanout/messages.ts';

export const db = createDb(env.DB);
export const SIMILAR_CRON = '*/30 * * * *';
export const FRESHNESS_CRON = '17 3 * * *';

export async function store(
  inputs: ArticleInput[],
  now = new Date('2026-03-01T00:00:00Z'),
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const input of inputs) {
    const result = await writeArticle(db, input, { now });
    ids.set(input.sourceId, result.id);
  }
  return ids;
}

/** Fires scheduled() as the runtime would for `cron` at `time`, with optional job knobs. */
export async function tick(
  cron: string,
  time: string,
  knobs: JobKnobs = {},
  binding: D1Database = env.DB,
): Promise<void> {
  const controller = createScheduledController({ scheduledTime: new Date(time), cron });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, { ...env, ...knobs, DB: binding }, ctx);
  await waitOnExecutionContext(ctx);
}

export type Lists = Record<number, { target: number; score: number; reason: string }[]>;

/** Every stored list, as readers see it (rank order). */
export async function lists(): Promise<Lists> {
  const rows = await db
    .select()
    .from(similarPosts)
    .orderBy(asc(similarPosts.articleId), asc(similarPosts.rank))
    .all();
  const out: Lists = {};
  for (const row of rows) {
    out[row.articleId] = [
      ...(out[row.articleId] ?? []),
      { target: row.similarArticleId, score: row.score, reason: row.reason },
    ];
  }
  return out;
}

export async function lastRun(job: string) {
  const runs = await db.select().from(jobRuns).orderBy(desc(jobRuns.id)).all();
  return runs.find((r) => r.job === job);
}

export async function articleRows() {
  return db.select().from(articles).orderBy(asc(articles.id)).all();
}

/**
 * Asserts two sets of lists link the same articles, in the same order, for the same reasons, with
 * scores within the 0.02 a refresh tolerates before rewriting a row (so equivalent histories,
 * such as an interrupted run and a clean one, may differ below it).
 */
export function expectSameLinks(actual: Lists, expected: Lists): void {
  const shape = (all: Lists) =>
    Object.fromEntries(
      Object.entries(all).map(([id, list]) => [id, list.map((l) => [l.target, l.reason])]),
    );
  expect(shape(actual)).toEqual(shape(expected));
  for (const [id, list] of Object.entries(actual)) {
    list.forEach((link, rank) => {
      expect(
        Math.abs(link.score - (expected[Number(id)]?.[rank]?.score ?? -1)),
      ).toBeLessThanOrEqual(0.0201);
    });
  }
}

/** A queue producer that keeps what is sent, so a test delivers the messages itself (with its knobs, failures or repeats). */
export class RecordingQueue {
  sent: PartMessage[] = [];
  async send(body: PartMessage) {
    this.sent.push(body);
  }
  async sendBatch(messages: Iterable<{ body: PartMessage }>) {
    for (const m of messages) {
      this.sent.push(m.body);
    }
  }
  /** What was sent since the last take, emptying the record. */
  take(): PartMessage[] {
    const out = this.sent;
    this.sent = [];
    return out;
  }
}
