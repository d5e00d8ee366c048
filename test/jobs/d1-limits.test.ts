import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { D1_MAX_BOUND_PARAMETERS } from '../../src/db/limits.ts';
import { articleInput } from '../fixtures/article-input.ts';
import { FRESHNESS_CRON, lastRun, SIMILAR_CRON, store, tick } from './helpers.ts';
import { recordingD1 } from './recording-d1.ts';

// 250 articles in five close-knit groups, all reviewed the same day: one freshness score for all
// of them (so one UPDATE per score must still be split) and five links each (1,250 link rows).
const groups = ['caching', 'queries', 'deploys', 'logging', 'imports'];
const articles = Array.from({ length: 250 }, (_, i) => {
  const topic = groups[i % groups.length] ?? 'misc';
  return articleInput({
    sourceId: `bulk-${i}`,
    title: `bulk article ${i} about ${topic}`,
    problem: `better ${topic}`,
    stack: [`${topic} stack`, 'backend'],
    tools: [`${topic}-tool`, i % 2 ? 'vitest' : 'hono'],
    body: [`notes on ${topic} for article ${i}.`],
  });
});

describe('D1 limits', () => {
  // Storing 250 articles takes a few seconds in local D1.
  it('never binds more than 100 parameters in one statement, however much a run writes', {
    timeout: 60_000,
  }, async () => {
    await store(articles);
    const recorder = recordingD1(env.DB);
    await tick(FRESHNESS_CRON, '2026-04-26T03:17:00Z', {}, recorder.db);
    await tick(SIMILAR_CRON, '2026-04-26T03:30:00Z', {}, recorder.db);
    expect((await lastRun('freshness'))?.rowsWritten).toBe(250);
    expect((await lastRun('similar'))?.status).toBe('success');

    // An incremental run after a few changes reads linkers and lists by id lists.
    await store(
      articles.slice(0, 12).map((a) => ({ ...a, tools: [...a.tools, 'drizzle'] })),
      new Date('2026-04-26T04:00:00Z'),
    );
    await tick(SIMILAR_CRON, '2026-04-26T04:30:00Z', {}, recorder.db);
    expect((await lastRun('similar'))?.status).toBe('success');

    const params = recorder.statements.map((s) => s.params);
    expect(Math.max(...params)).toBeLessThanOrEqual(D1_MAX_BOUND_PARAMETERS);
    // The limit was actually in play: the biggest statements sit right at it.
    expect(Math.max(...params)).toBeGreaterThanOrEqual(95);
    const upserts = recorder.statements.filter((s) => /^insert into "similar_posts"/.test(s.sql));
    expect(upserts.length).toBeGreaterThanOrEqual(Math.ceil((250 * 5) / 20));
  });
});
