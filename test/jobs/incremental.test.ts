import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import worker from '../../src/index.ts';
import { lastRun, lists, SIMILAR_CRON, store, tick } from './helpers.ts';

const SIZE = 300;
const seed = 11;

async function fullPass(): Promise<{ rowsWritten: number; processed: number }> {
  const response = await worker.fetch(
    new Request('https://example.com/admin/refresh?job=similar&mode=full', {
      method: 'POST',
      headers: { authorization: 'Bearer test-admin-token' },
    }),
    env,
    createExecutionContext(),
  );
  const body = (await response.json()) as { runs: { rowsWritten: number; processed: number }[] };
  return body.runs[0] ?? { rowsWritten: -1, processed: -1 };
}

describe('an incremental refresh', () => {
  it('recomputes only the changed articles and their neighbours, and agrees with a full pass', {
    timeout: 60_000,
  }, async () => {
    const ids = await store(Array.from({ length: SIZE }, (_, i) => generateArticle(i, seed).input));
    await tick(SIMILAR_CRON, '2026-04-26T03:00:00Z');
    expect((await lastRun('similar'))?.processed).toBe(SIZE);

    // Three articles get a new revision; a fourth moves to another article's problem and stack.
    const revised = [3, 40, 77].map((i) => generateArticle(i, seed, { revision: 1 }).input);
    const mover = generateArticle(120, seed).input;
    const target = generateArticle(121, seed).input;
    const moved = {
      ...mover,
      problem: target.problem,
      topic: target.topic,
      stack: target.stack,
      tools: target.tools,
      entities: target.entities,
      title: `${target.title} (moved)`,
    };
    await store([...revised, moved], new Date('2026-04-26T03:10:00Z'));

    await tick(SIMILAR_CRON, '2026-04-26T03:30:00Z');
    const incremental = await lastRun('similar');
    expect(incremental?.status).toBe('success');
    expect(incremental?.processed).toBeGreaterThanOrEqual(4);
    expect(incremental?.processed).toBeLessThan(SIZE / 5);
    const afterIncremental = await lists();
    // The moved article now links into its new group.
    const movedLinks = afterIncremental[ids.get(mover.sourceId) ?? 0] ?? [];
    expect(movedLinks.map((l) => l.target)).toContain(ids.get(target.sourceId));

    // A full pass recomputes every list with fresh corpus statistics. The incremental run used
    // the same statistics for what it recomputed, so the changed articles' lists agree exactly;
    // elsewhere only near-ties (scores within 0.01) may swap, a few rows in a hundred.
    const full = await fullPass();
    expect(full.processed).toBe(SIZE);
    const afterFull = await lists();
    for (const changed of [...revised, moved]) {
      const id = ids.get(changed.sourceId) ?? 0;
      expect(afterFull[id]).toEqual(afterIncremental[id]);
    }
    const linkRows = Object.values(afterFull).flat().length;
    expect(full.rowsWritten).toBeLessThan(linkRows * 0.05);
  });
});
