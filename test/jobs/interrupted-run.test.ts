import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ArticleInput } from '../../src/content/types.ts';
import { articleFeatures, jobLocks, jobRuns, similarPosts } from '../../src/db/schema.ts';
import { corpus } from './corpus.ts';
import {
  db,
  expectSameLinks,
  type Lists,
  lastRun,
  lists,
  SIMILAR_CRON,
  store,
  tick,
} from './helpers.ts';

const T = '2026-04-26';
const similarRuns = () =>
  db.select().from(jobRuns).where(eq(jobRuns.job, 'similar')).orderBy(asc(jobRuns.id)).all();

/** Swaps the subjects of two articles, which changes most lists in the corpus. */
function swapped(): ArticleInput[] {
  const py4 = corpus.find((a) => a.sourceId === 'py-4') as ArticleInput;
  const rs4 = corpus.find((a) => a.sourceId === 'rs-4') as ArticleInput;
  return [
    {
      ...py4,
      problem: rs4.problem,
      topic: rs4.topic,
      stack: rs4.stack,
      tools: rs4.tools,
      entities: rs4.entities,
      title: 'memory of a python test run',
    },
    {
      ...rs4,
      problem: py4.problem,
      topic: py4.topic,
      stack: py4.stack,
      tools: py4.tools,
      entities: py4.entities,
      title: 'pytest suites for rust people',
    },
  ];
}

/** Rows of `from` that differ from `to`, counted as the job counts writes (upserts + deletes). */
function rowDiff(from: Lists, to: Lists): number {
  let rows = 0;
  for (const id of new Set([...Object.keys(from), ...Object.keys(to)])) {
    const a = from[Number(id)] ?? [];
    const b = to[Number(id)] ?? [];
    for (let r = 0; r < Math.max(a.length, b.length); r++) {
      if (JSON.stringify(a[r]) !== JSON.stringify(b[r])) {
        rows++;
      }
    }
  }
  return rows;
}

describe('a refresh interrupted half way', () => {
  it('leaves every article with its whole old list or its whole new list, then completes', async () => {
    await store(corpus);
    await tick(SIMILAR_CRON, `${T}T03:00:00Z`);
    const before = await lists();
    await store(swapped(), new Date(`${T}T03:10:00Z`));

    // Two articles per chunk; the drill fails the run after its fourth committed chunk
    // (one features chunk, then three of the five ranking chunks).
    await expect(
      tick(SIMILAR_CRON, `${T}T03:30:00Z`, { JOBS_CHUNK_SIZE: '2', JOBS_FAIL_AFTER_CHUNKS: '4' }),
    ).rejects.toThrow(/injected failure after 4 committed chunks/);
    const failed = await lastRun('similar');
    expect(failed).toMatchObject({ status: 'failed', processed: 6 });
    expect(failed?.error).toMatch(/^InjectedFailure: injected failure after 4 committed chunks/);
    expect(failed?.finishedAt).not.toBeNull();
    expect(await db.select().from(jobLocks).all()).toEqual([]);
    const midway = await lists();

    await tick(SIMILAR_CRON, `${T}T04:00:00Z`);
    const after = await lists();
    const completion = await lastRun('similar');
    expect(completion).toMatchObject({
      status: 'success',
      trigger: `cron:${SIMILAR_CRON}; continues run ${failed?.id}`,
    });
    // The completion writes exactly what was still missing: the lists of the two chunks the
    // failed run did not reach, and the dirty flags of the two changed articles.
    expect(completion?.rowsWritten).toBe(rowDiff(midway, after) + 2);
    expect(
      await db.select().from(articleFeatures).where(eq(articleFeatures.dirty, true)).all(),
    ).toEqual([]);

    const ids = new Set([...Object.keys(before), ...Object.keys(after)].map(Number));
    let sawNew = 0;
    let sawOld = 0;
    for (const id of ids) {
      const mid = JSON.stringify(midway[id] ?? []);
      expect([JSON.stringify(before[id] ?? []), JSON.stringify(after[id] ?? [])]).toContain(mid);
      if (mid !== JSON.stringify(before[id] ?? [])) {
        sawNew++;
      } else if (mid !== JSON.stringify(after[id] ?? [])) {
        sawOld++;
      }
    }
    expect(sawNew).toBeGreaterThan(0);
    expect(sawOld).toBeGreaterThan(0);

    // The completed lists are what a refresh from nothing computes.
    await db.delete(similarPosts);
    await db.delete(articleFeatures);
    await tick(SIMILAR_CRON, `${T}T04:30:00Z`);
    expectSameLinks(await lists(), after);
  });

  it('pauses at a chunk budget and carries on in the same run on the next tick', async () => {
    const runsBefore = (await similarRuns()).length;
    await store(
      corpus
        .filter((a) => a.sourceId.startsWith('py-'))
        .map((a) => ({ ...a, title: `${a.title}, revisited` })),
      new Date(`${T}T05:00:00Z`),
    );
    await tick(SIMILAR_CRON, `${T}T05:30:00Z`, { JOBS_CHUNK_SIZE: '2', JOBS_MAX_CHUNKS: '2' });
    const paused = await lastRun('similar');
    expect(paused).toMatchObject({ status: 'partial', finishedAt: null, error: null });
    expect(JSON.parse(paused?.cursor ?? '{}').state.phase).toBe('features');
    expect(await db.select().from(jobLocks).all()).toEqual([]);

    await tick(SIMILAR_CRON, `${T}T06:00:00Z`, { JOBS_CHUNK_SIZE: '2' });
    const done = await lastRun('similar');
    expect(done).toMatchObject({ id: paused?.id, status: 'success', cursor: null });
    expect((await similarRuns()).length).toBe(runsBefore + 1);
  });

  it('takes over a run whose invocation died, once its lease has expired', async () => {
    await store(
      corpus
        .filter((a) => a.sourceId.startsWith('rs-'))
        .map((a) => ({ ...a, title: `${a.title}, again` })),
      new Date(`${T}T07:00:00Z`),
    );
    await tick(SIMILAR_CRON, `${T}T07:30:00Z`, { JOBS_CHUNK_SIZE: '2', JOBS_MAX_CHUNKS: '1' });
    const interrupted = await lastRun('similar');
    // What a killed invocation leaves behind: its row still "running" and its lease still held.
    await db
      .update(jobRuns)
      .set({ status: 'running' })
      .where(eq(jobRuns.id, interrupted?.id ?? 0));
    await db
      .insert(jobLocks)
      .values({ job: 'similar', owner: 'dead-invocation', expiresAt: `${T}T07:45:00.000Z` });

    await expect(tick(SIMILAR_CRON, `${T}T07:40:00Z`)).rejects.toThrow(
      `similar: skipped: locked by run ${interrupted?.id} since`,
    );
    expect(await lastRun('similar')).toMatchObject({ id: interrupted?.id, status: 'running' });

    await tick(SIMILAR_CRON, `${T}T08:00:00Z`);
    const runs = await similarRuns();
    const [dead, takeover] = runs.slice(-2);
    expect(dead).toMatchObject({ id: interrupted?.id, status: 'failed' });
    expect(dead?.error).toMatch(/^interrupted/);
    expect(takeover).toMatchObject({
      status: 'success',
      trigger: `cron:${SIMILAR_CRON}; continues run ${interrupted?.id}`,
    });
    expect(await db.select().from(jobLocks).all()).toEqual([]);
  });
});
