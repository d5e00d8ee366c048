import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { jobLocks, jobRuns } from '../../src/db/schema.ts';
import worker from '../../src/index.ts';
import { db, SIMILAR_CRON, store, tick } from './helpers.ts';

describe('the job lock', () => {
  it('makes a tick skip a job another live run holds, recording nothing', async () => {
    await store(Array.from({ length: 30 }, (_, i) => generateArticle(i, 5).input));
    await db
      .insert(jobLocks)
      .values({ job: 'similar', owner: 'someone-else', expiresAt: '2026-04-26T03:40:00.000Z' });
    await tick(SIMILAR_CRON, '2026-04-26T03:30:00Z');
    // The same tick's render job (whose lock is free) ran; the similar job recorded nothing.
    expect((await db.select().from(jobRuns).all()).map((r) => r.job)).toEqual(['render']);
    expect(await db.select().from(jobLocks).all()).toEqual([
      { job: 'similar', owner: 'someone-else', expiresAt: '2026-04-26T03:40:00.000Z' },
    ]);
    await db.delete(jobLocks);
    await db.delete(jobRuns);
  });

  it('refuses the second of two overlapping admin runs with 409', async () => {
    // One article per chunk makes the first run long enough for the second to arrive mid-run.
    const slow = { ...env, JOBS_CHUNK_SIZE: '1' };
    const post = () =>
      worker.fetch(
        new Request('https://example.com/admin/refresh?job=similar', {
          method: 'POST',
          headers: { authorization: 'Bearer test-admin-token' },
        }),
        slow,
        createExecutionContext(),
      );
    const responses = await Promise.all([post(), post()]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = responses.find((r) => r.status === 409);
    const body = (await refused?.json()) as { runs: { status: string; runId: number | null }[] };
    expect(body.runs).toEqual([expect.objectContaining({ status: 'locked', runId: null })]);
    expect((await db.select().from(jobRuns).all()).map((r) => r.status)).toEqual(['success']);
  });
});
