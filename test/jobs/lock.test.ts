import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { jobLocks, jobRuns, siteState } from '../../src/db/schema.ts';
import worker from '../../src/index.ts';
import { jobsConfig } from '../../src/jobs/config.ts';
import type { Job } from '../../src/jobs/job.ts';
import { Invocation } from '../../src/jobs/runner.ts';
import { db, SIMILAR_CRON, store, tick } from './helpers.ts';

describe('the job lock', () => {
  it('makes a tick skip a job another live run holds, recording nothing', async () => {
    await store(Array.from({ length: 30 }, (_, i) => generateArticle(i, 5).input));
    await db
      .insert(jobLocks)
      .values({ job: 'similar', owner: 'someone-else', expiresAt: '2026-04-26T03:40:00.000Z' });
    // The tick fails, naming the skip: a scheduled job that did not run is not a silent success.
    await expect(tick(SIMILAR_CRON, '2026-04-26T03:30:00Z')).rejects.toThrow(
      'similar: skipped: locked by another run since unknown (lease until 2026-04-26T03:40:00.000Z)',
    );
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

  it('commits nothing once its lease was taken over: the chunk rolls back and the run fails', async () => {
    const invocation = new Invocation(env.DB, {
      config: jobsConfig({}),
      now: new Date('2026-04-26T05:00:00Z'),
    });
    // A job whose lease is taken over between its two chunks, as when a run stalls past its
    // lease and the next trigger takes the run over.
    const job: Job<{ chunk: number }> = {
      name: 'freshness',
      start: () => ({ chunk: 0 }),
      async run(ctx) {
        for (const chunk of [1, 2]) {
          if (chunk === 2) {
            await db
              .update(jobLocks)
              .set({ owner: 'successor' })
              .where(eq(jobLocks.job, 'freshness'));
          }
          await ctx.commit({
            phase: 'score',
            statements: [
              db.insert(siteState).values({ key: `test.chunk${chunk}`, value: String(chunk) }),
            ],
            rowsWritten: 1,
            processed: 1,
            state: { chunk },
            changedSlugs: [],
          });
        }
        return 'done';
      },
    };
    const outcome = await invocation.run(job, { trigger: 'admin', mode: 'auto' });
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/malformed JSON|lease lost/i);
    const keys = (await db.select().from(siteState).all()).map((r) => r.key);
    expect(keys).toContain('test.chunk1');
    expect(keys).not.toContain('test.chunk2');
    // The successor's lock is left alone.
    expect(await db.select().from(jobLocks).all()).toMatchObject([{ owner: 'successor' }]);
    await db.delete(jobLocks);
  });
});
