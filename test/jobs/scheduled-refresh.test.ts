import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { articleFeatures, similarPosts } from '../../src/db/schema.ts';
import worker from '../../src/index.ts';
import { freshnessScore } from '../../src/jobs/freshness.ts';
import { corpus } from './corpus.ts';
import {
  articleRows,
  db,
  FRESHNESS_CRON,
  lastRun,
  lists,
  SIMILAR_CRON,
  store,
  tick,
} from './helpers.ts';
import { recordingD1, writesTo } from './recording-d1.ts';

const day = '2026-04-26';
let ids = new Map<string, number>();
const id = (sourceId: string) => ids.get(sourceId) ?? -1;

async function snapshot() {
  return {
    articles: await articleRows(),
    links: await db
      .select()
      .from(similarPosts)
      .orderBy(asc(similarPosts.articleId), asc(similarPosts.rank))
      .all(),
    features: await db.select().from(articleFeatures).orderBy(asc(articleFeatures.articleId)).all(),
  };
}

describe('the scheduled refresh', () => {
  it('scores every article for the cron day and touches nothing but score_freshness', async () => {
    ids = await store(corpus);
    const before = await articleRows();
    await tick(FRESHNESS_CRON, `${day}T03:17:00Z`);
    const after = await articleRows();
    const score = (sourceId: string) => after.find((a) => a.sourceId === sourceId)?.scoreFreshness;
    // Hand-computed: 10 + 90 × 0.5^(age / 365) × status × review.
    expect(score('py-1')).toBe(82); // reviewed 115 days ago
    expect(score('py-4')).toBe(51); // never reviewed: 329 days since its update, drafted (× 0.85)
    expect(score('rs-1')).toBe(68); // needs human review (× 0.8)
    expect(score('rs-3')).toBe(53); // "needs changes" (× 0.6)
    expect(score('rs-4')).toBe(11); // reviewed seven years ago: near the floor
    expect(score('k8s-1')).toBe(100); // a review date in the future counts as today
    for (const row of after) {
      expect(row.scoreFreshness).toBe(
        freshnessScore(
          {
            lastReviewed: row.lastReviewed,
            updatedAt: row.updatedAt,
            publishedAt: row.createdAt,
            revisionStatus: row.revisionStatus,
            needsHumanReview: row.flagNeedsReview,
          },
          new Date(`${day}T03:17:00Z`),
        ),
      );
      const old = before.find((b) => b.id === row.id);
      expect({ ...row, scoreFreshness: 0 }).toEqual({ ...old, scoreFreshness: 0 });
    }
    expect(await lastRun('freshness')).toMatchObject({
      trigger: `cron:${FRESHNESS_CRON}`,
      status: 'success',
      processed: corpus.length,
      rowsWritten: corpus.length,
      cursor: null,
      error: null,
    });
  });

  it('links each article to its closest articles, with a reason, and stores no weak block', async () => {
    await tick(SIMILAR_CRON, `${day}T03:30:00Z`);
    const stored = await lists();
    const targets = (sourceId: string) => (stored[id(sourceId)] ?? []).map((l) => l.target);
    const python = ['py-1', 'py-2', 'py-3', 'py-4'];
    const rust = ['rs-1', 'rs-2', 'rs-3', 'rs-4'];
    for (const group of [python, rust]) {
      for (const member of group) {
        expect(targets(member).sort()).toEqual(
          group
            .filter((m) => m !== member)
            .map(id)
            .sort(),
        );
      }
    }
    // py-1 and py-3 share the most (ruff, and the words of "session fixtures keep the suite fast").
    expect(targets('py-1')[0]).toBe(id('py-3'));
    const toPy2 = stored[id('py-1')]?.find((l) => l.target === id('py-2'));
    expect(toPy2?.reason).toBe('shares python services, fastapi, pytest; same problem');
    expect(stored[id('rs-2')]?.[0]?.reason).toBe(
      'shares rust services, cargo, heaptrack; same problem',
    );
    // Drafts are never linked nor given links; an article with nothing close gets no block at all.
    expect(stored[id('py-draft')]).toBeUndefined();
    expect(
      Object.values(stored)
        .flat()
        .map((l) => l.target),
    ).not.toContain(id('py-draft'));
    expect(stored[id('k8s-1')]).toBeUndefined();
    for (const list of Object.values(stored)) {
      const scores = list.map((l) => l.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(list.length).toBeGreaterThanOrEqual(3);
    }
    expect(await lastRun('similar')).toMatchObject({
      status: 'success',
      processed: corpus.length,
      error: null,
    });
  });

  it('writes no row at all when run again on unchanged data, incremental or full', async () => {
    const before = await snapshot();
    const recorder = recordingD1(env.DB);
    await tick(SIMILAR_CRON, `${day}T04:00:00Z`, {}, recorder.db);
    await tick(FRESHNESS_CRON, `${day}T05:00:00Z`, {}, recorder.db);
    expect((await lastRun('freshness'))?.rowsWritten).toBe(0);
    // The admin route, with the recording binding, forces a full pass: every list recomputed.
    const full = await worker.fetch(
      new Request('https://example.com/admin/refresh?job=similar&mode=full', {
        method: 'POST',
        headers: { authorization: 'Bearer test-admin-token' },
      }),
      { ...env, DB: recorder.db },
      createExecutionContext(),
    );
    expect(full.status).toBe(200);
    const body = (await full.json()) as {
      runs: { job: string; status: string; rowsWritten: number; processed: number }[];
    };
    expect(body.runs.map((r) => [r.job, r.status, r.rowsWritten, r.processed])).toEqual([
      ['similar', 'success', 0, corpus.length],
    ]);
    expect(recorder.statements.some((s) => /from "article_features"/.test(s.sql))).toBe(true);
    expect(
      writesTo(recorder.statements, [
        'articles',
        'similar_posts',
        'article_features',
        'similar_terms',
      ]),
    ).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect((await lastRun('similar'))?.rowsWritten).toBe(0);
  });

  it('gives the same links when rebuilt from nothing', async () => {
    const before = await lists();
    await db.delete(similarPosts);
    await db.delete(articleFeatures);
    await tick(SIMILAR_CRON, `${day}T06:00:00Z`);
    expect(await lists()).toEqual(before);
  });
});
