/**
 * Repeated key parameters through the real app on real D1: only the first value is the key (and
 * the value the route reads), so junk repeats cannot turn one page into hundreds of entries, each
 * a D1 render (issue 19, item 1).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { articleVariant, writeAll } from '../fixtures/articles.ts';
import { seedArticle } from '../fixtures/seed-article.ts';
import { db, send } from './helpers.ts';
import { createRealApp } from './real-app.ts';
import { testClock } from './test-app.ts';

beforeAll(async () => {
  await writeAll(db, [seedArticle, ...Array.from({ length: 24 }, (_, i) => articleVariant(i + 1))]);
});

/** Sends every path in order; returns how many were rendered from D1 (MISS) and the statuses. */
async function renders(paths: string[]): Promise<{ misses: number; statuses: Set<number> }> {
  const app = createRealApp(testClock());
  let misses = 0;
  const statuses = new Set<number>();
  for (const path of paths) {
    const sent = await send(app, path);
    statuses.add(sent.response.status);
    if (sent.cache === 'MISS') {
      misses += 1;
    }
  }
  return { misses, statuses };
}

describe('repeated key parameters', () => {
  it('/?page=1&page=x1 … x300 is one entry: one render, then HITs', async () => {
    const paths = Array.from({ length: 300 }, (_, i) => `/?page=1&page=x${i + 1}`);
    const { misses, statuses } = await renders(paths);
    expect(misses).toBe(1);
    expect([...statuses]).toEqual([200]);
  });

  it('a listing and search with junk repeats render each distinct first value once', async () => {
    const paths = Array.from({ length: 40 }, (_, i) => [
      `/stack/python?page=1&page=-${i}`,
      `/search?q=deployment&q=N${i}&page=1&page=${i}`,
    ]).flat();
    const { misses } = await renders(paths);
    expect(misses).toBe(2);
  });
});
