/**
 * The fan-out similar refresh: the cron enqueues parts on the real queue binding and the Worker's
 * queue() handler works them (end to end, as wrangler dev would), its lists equal the
 * single-isolate job's, and a consumer failing in the middle of a batch is retried, and messages
 * delivered twice are skipped, without writing anything twice (driven message by message through
 * createMessageBatch).
 */
import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { linkableSpan, readFeatureRange } from '../../src/db/fanout-queries.ts';
import { PackedReader } from '../../src/db/packed-features.ts';
import { articleFeatures, jobParts, similarPostings, similarTerms } from '../../src/db/schema.ts';
import worker from '../../src/index.ts';
import { jobsConfig } from '../../src/jobs/config.ts';
import { startFanout } from '../../src/jobs/fanout/coordinator.ts';
import { loadCorpus, partialIndex } from '../../src/jobs/fanout/corpus.ts';
import type { PartMessage } from '../../src/jobs/fanout/messages.ts';
import { rankBatch } from '../../src/jobs/fanout/rank-lists.ts';
import { RANK_BATCH } from '../../src/jobs/fanout/rank-part.ts';
import { Ranker } from '../../src/jobs/similarity-rank.ts';
import {
  db,
  expectSameLinks,
  type Lists,
  lastRun,
  lists,
  RecordingQueue,
  SIMILAR_CRON,
  store,
  tick,
} from './helpers.ts';

const SIZE = 700;
const QUEUE = 'alphanode-similar';

async function waitForRun(runId: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const run = await lastRun('similar');
    if (run && run.id >= runId && run.status !== 'running') {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`fan-out run ${runId} did not finish`);
}

/** Document frequencies and list lengths recounted from the stored rows, by term id. */
async function recount() {
  const reader = new PackedReader();
  const df = new Map<number, number>();
  for (const row of await db.select().from(articleFeatures).all()) {
    if (!row.linkable) {
      continue;
    }
    const n = reader.read(row.articleId, row.features, () => true);
    for (const id of new Set(reader.ids.subarray(0, n))) {
      df.set(id, (df.get(id) ?? 0) + 1);
    }
  }
  const kept = new Map(
    (
      await db
        .select({ id: similarPostings.termId, n: sql<number>`count(*)` })
        .from(similarPostings)
        .groupBy(similarPostings.termId)
        .all()
    ).map((r) => [r.id, r.n]),
  );
  const terms = await db.select().from(similarTerms).orderBy(asc(similarTerms.id)).all();
  return {
    stored: terms.map((t) => [t.id, t.df, t.kept]),
    counted: terms.map((t) => [t.id, df.get(t.id) ?? 0, kept.get(t.id) ?? 0]),
  };
}

let single: Lists;

describe('fan-out similar refresh', () => {
  beforeAll(async () => {
    await store(Array.from({ length: SIZE }, (_, i) => generateArticle(i, 11).input));
    await tick(SIMILAR_CRON, '2026-03-02T00:00:00Z', { SIMILAR_FANOUT: 'off' });
    single = await lists();
  }, 120_000);

  it('runs through the queue binding and gives the single-isolate lists', async () => {
    expect(Object.keys(single).length).toBeGreaterThan(SIZE * 0.9);
    // The first fan-out run rebuilds the stored index from scratch (the single-isolate job's
    // features are not counted), so every article is changed and the pass is full.
    await tick(SIMILAR_CRON, '2026-03-02T00:30:00Z', { SIMILAR_FANOUT: 'on' });
    const started = await lastRun('similar');
    expect(started?.status).toBe('running');
    await waitForRun(started?.id ?? 0);
    const run = await lastRun('similar');
    expect(run?.error).toBeNull();
    expect(run?.status).toBe('success');
    expectSameLinks(await lists(), single);
    const parts = await db
      .select()
      .from(jobParts)
      .where(eq(jobParts.runId, run?.id ?? 0))
      .all();
    // Article ids up to 700 in parts of 150 ids (vitest.config.ts): five parts in each phase.
    expect(parts.filter((p) => p.phase === 'rank')).toHaveLength(5);
    expect(parts.every((p) => p.status === 'done')).toBe(true);
    const { stored, counted } = await recount();
    expect(stored).toEqual(counted);
    // The admin route lists the run's parts.
    const listed = await worker.fetch(
      new Request(`http://localhost/admin/jobs?run=${run?.id}`, {
        headers: { authorization: 'Bearer test-admin-token' },
      }),
      env,
      createExecutionContext(),
    );
    const body = (await listed.json()) as { parts: { phase: string; status: string }[] };
    expect(body.parts).toHaveLength(parts.length);
  }, 120_000);

  it('meets the same candidates per article as the in-memory walk, wrapped windows included', async () => {
    // After the run above, similar_postings and the counters hold the whole corpus. The in-memory
    // walk runs over an index of every stored row (its largest id is the corpus's), the fan-out's
    // over stored windows read by key (readWindows), from the span the coordinator would send.
    const corpus = await loadCorpus(db, await linkableSpan(db), jobsConfig({}).rawWordBudget);
    const rows = await readFeatureRange(db, 1, SIZE);
    const index = partialIndex(corpus, rows);
    expect(corpus.maxArticleId).toBe(index.articleIds[index.articleIds.length - 1]);
    // minScore 0 and a floor of 0: every candidate the walk met comes back in `above`.
    const ranker = new Ranker(index, { topK: 5, minScore: 0 });
    let windows = 0;
    let wrapped = 0;
    let compared = 0;
    for (let i = 0; i < rows.length; i += RANK_BATCH) {
      const batch = await rankBatch(db, corpus, rows.slice(i, i + RANK_BATCH), 5);
      windows += batch.windows.read;
      wrapped += batch.windows.wrapped;
      for (const [articleId, met] of batch.met) {
        const doc = index.articleIds.indexOf(articleId);
        const walked = ranker
          .rankWithCandidates(doc, () => 0)
          .above.map((c) => index.articleIds[c.doc] ?? 0);
        expect(
          met.sort((a, b) => a - b),
          `article ${articleId}`,
        ).toEqual(walked.sort((a, b) => a - b));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(SIZE * 0.9);
    // Sampled windows that run past their list's end and wrap to the lowest ids are exercised.
    expect(wrapped).toBeGreaterThan(0);
    expect(wrapped).toBeLessThan(windows);
  }, 120_000);

  it('retries a consumer that failed mid-batch, and skips messages delivered twice, without writing anything twice', async () => {
    const queue = new RecordingQueue();
    const knobs = {
      SIMILAR_FANOUT: 'on',
      JOBS_FAIL_PART: 'features:2',
      JOBS_CHUNK_SIZE: '50',
      SIMILAR_PART_SIZE: '150',
      // The bench's memory probe on: every part yields at its high point, and nothing changes.
      JOBS_MEMORY_PROBE: 'on',
    };
    const testEnv = { ...env, ...knobs, SIMILAR_QUEUE: queue as unknown as Queue };
    // Stored index marked stale: the run extracts every article again, so every part writes.
    await db.run(sql`update site_state set value = '0' where key = 'similar.fanout_index'`);
    const outcome = await startFanout(
      { db, config: jobsConfig(testEnv), queue: queue as unknown as Queue<PartMessage> },
      { trigger: 'admin', mode: 'full' },
      new Date('2026-03-03T00:00:00Z'),
    );
    expect(outcome.status).toBe('running');
    let failedOnce = false;
    let duplicated = 0;
    for (let round = 0; round < 20; round++) {
      const messages = queue.take();
      if (messages.length === 0) {
        break;
      }
      const batch = createMessageBatch(
        QUEUE,
        messages.map((body, i) => ({
          id: `m${round}-${i}`,
          timestamp: new Date(),
          attempts: 1,
          body,
        })),
      );
      const ctx = createExecutionContext();
      await worker.queue(batch, testEnv, ctx);
      await waitOnExecutionContext(ctx);
      const result = await getQueueResult(batch, ctx);
      const failing = messages.findIndex((m) => m.phase === 'features' && m.part === 2);
      if (failing >= 0 && !failedOnce) {
        failedOnce = true;
        // The failing message, in the middle of the batch, is retried; the others are acked.
        expect(result.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual([
          `m${round}-${failing}`,
        ]);
        expect(result.explicitAcks).toHaveLength(messages.length - 1);
        const part = await db
          .select()
          .from(jobParts)
          .where(
            sql`${jobParts.runId} = ${outcome.runId} and ${jobParts.phase} = 'features' and ${jobParts.part} = 2`,
          )
          .get();
        expect(part?.status).toBe('failed');
        expect(part?.error).toContain('InjectedPartFailure');
        // The queue delivers it again.
        queue.sent.push(messages[failing] as PartMessage);
      }
      if (round === 0) {
        // At-least-once delivery: every message of the first batch arrives a second time, as
        // after a lost acknowledgement. A part already done is skipped, so nothing is written twice.
        duplicated = messages.length;
        queue.sent.push(...messages);
      }
    }
    expect(failedOnce).toBe(true);
    expect(duplicated).toBeGreaterThan(0);
    const run = await lastRun('similar');
    expect(run?.id).toBe(outcome.runId);
    expect(run?.status).toBe('success');
    expectSameLinks(await lists(), single);
    const { stored, counted } = await recount();
    expect(stored).toEqual(counted);
    // The part committed its first chunk of 50 articles before failing: the retry extracted only
    // the other 100 (and the recount above shows no document frequency moved twice).
    const part = await db
      .select()
      .from(jobParts)
      .where(
        sql`${jobParts.runId} = ${outcome.runId} and ${jobParts.phase} = 'features' and ${jobParts.part} = 2`,
      )
      .get();
    expect(part?.attempts).toBe(2);
    expect(part?.status).toBe('done');
    expect(part?.rowsWritten).toBe(100);
  }, 120_000);

  it('an incremental run rewrites only what a change touches, like the single-isolate job', async () => {
    const changed = [3, 200, 404].map((i) => generateArticle(i, 11, { revision: 1 }).input);
    await store(changed, new Date('2026-03-03T06:00:00Z'));
    await tick(SIMILAR_CRON, '2026-03-03T06:30:00Z', { SIMILAR_FANOUT: 'on' });
    const started = await lastRun('similar');
    await waitForRun(started?.id ?? 0);
    const run = await lastRun('similar');
    expect(run?.status).toBe('success');
    const fanned = await lists();
    const { stored, counted } = await recount();
    expect(stored).toEqual(counted);
    expect(run?.processed).toBeGreaterThanOrEqual(3);
    expect(run?.processed).toBeLessThan(SIZE / 4);
    // The single-isolate job's full pass over the same features moves only a few rows: what a
    // change's shift of corpus statistics does to lists no change touched (as after its own
    // incremental runs; docs/JOBS.md).
    const response = await worker.fetch(
      new Request('http://localhost/admin/refresh?job=similar&mode=full', {
        method: 'POST',
        headers: { authorization: 'Bearer test-admin-token' },
      }),
      env,
      createExecutionContext(),
    );
    const body = (await response.json()) as { runs: { rowsWritten: number; status: string }[] };
    expect(body.runs[0]?.status).toBe('success');
    expect(body.runs[0]?.rowsWritten).toBeLessThan(SIZE * 0.05);
    const settled = await lists();
    const same = Object.keys(settled).filter(
      (id) =>
        JSON.stringify(settled[Number(id)]?.map((link) => link.target)) ===
        JSON.stringify(fanned[Number(id)]?.map((link) => link.target)),
    );
    expect(same.length).toBeGreaterThan(Object.keys(settled).length * 0.97);
  }, 120_000);
});
