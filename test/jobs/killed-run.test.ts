/**
 * A run killed in each phase, then taken over, ends exactly where a run left alone ends. Two
 * databases hold the same corpus and the same history (env.DB and env.TWIN_DB); on one the run is
 * left alone, on the other the invocation is killed right after a chunk of the phase under test
 * (JOBS_KILL_AT: from then on none of its D1 calls goes through, as when an isolate dies, so its
 * row stays "running" and its lease stays held). A tick inside the dead run's lease is skipped and
 * says so; the first tick after the lease lapses takes the run over. Then every table the jobs
 * write must be identical in both databases, not merely within a tolerance.
 */
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArticleInput } from '../../src/content/types.ts';
import { writeArticle } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';
import { jobsConfig } from '../../src/jobs/config.ts';
import { corpus } from './corpus.ts';
import { FRESHNESS_CRON, SIMILAR_CRON, tick } from './helpers.ts';

const left = env.DB;
const killed = env.TWIN_DB;
/** The default lease: a dead run's lock is free this long after its last heartbeat. */
const LEASE_MS = jobsConfig({}).leaseMs;

async function storeIn(d1: D1Database, inputs: ArticleInput[], now: string): Promise<void> {
  const db = createDb(d1);
  for (const input of inputs) {
    await writeArticle(db, input, { now: new Date(now) });
  }
}

/** Every row the refresh jobs write, in a fixed order; job_runs and job_locks aside. */
async function jobTables(d1: D1Database): Promise<Record<string, unknown[]>> {
  const queries: Record<string, string> = {
    lists:
      'SELECT article_id, rank, similar_article_id, score, reason FROM similar_posts ORDER BY article_id, rank',
    features:
      'SELECT article_id, content_hash, linkable, features, dirty FROM article_features ORDER BY article_id',
    terms: 'SELECT * FROM similar_terms ORDER BY 1',
    state: "SELECT key, value FROM site_state WHERE key LIKE 'similar.%' ORDER BY key",
    scores: 'SELECT id, score_freshness FROM articles ORDER BY id',
    bodies: 'SELECT article_id, html, toc, text, render_version FROM article_bodies ORDER BY 1',
  };
  const out: Record<string, unknown[]> = {};
  for (const [name, query] of Object.entries(queries)) {
    out[name] = (await d1.prepare(query).all()).results;
  }
  return out;
}

async function lastRunIn(d1: D1Database, job: string) {
  return d1
    .prepare('SELECT * FROM job_runs WHERE job = ? ORDER BY id DESC LIMIT 1')
    .bind(job)
    .first<{ id: number; status: string; trigger: string; error: string | null }>();
}

const at = (time: string, plusMs: number) => new Date(Date.parse(time) + plusMs).toISOString();

/**
 * Runs `cron` at `time` on both databases: left alone on one; on the other killed at `killAt`,
 * skipped while the dead lease lasts, and taken over once it lapsed. Returns the two run rows.
 */
async function killAndTakeOver(
  job: string,
  cron: string,
  time: string,
  killAt: string,
  knobs: Record<string, string>,
) {
  await tick(cron, time, knobs, left);
  // The tick fails: the killed job's error, or that of the next D1 call the dead invocation tries.
  await expect(tick(cron, time, { ...knobs, JOBS_KILL_AT: killAt }, killed)).rejects.toThrow();
  const dead = await lastRunIn(killed, job);
  // What a killed isolate leaves: the row "running", the lease held.
  expect(dead?.status).toBe('running');
  expect(await killed.prepare('SELECT job FROM job_locks WHERE job = ?').bind(job).first()).toEqual(
    { job },
  );

  // Inside the lease the tick is skipped, and says by whom.
  await expect(tick(cron, at(time, LEASE_MS / 2), knobs, killed)).rejects.toThrow(
    new RegExp(`${job}: skipped: locked by run ${dead?.id} since \\S+ \\(lease until \\S+\\)`),
  );
  // Once it lapsed, the next tick takes the run over and finishes it.
  await tick(cron, at(time, LEASE_MS + 60_000), knobs, killed);
  const takeover = await lastRunIn(killed, job);
  expect(takeover).toMatchObject({
    status: 'success',
    trigger: `cron:${cron}; continues run ${dead?.id}`,
  });
  expect(
    await killed.prepare('SELECT * FROM job_runs WHERE id = ?').bind(dead?.id).first(),
  ).toMatchObject({ status: 'failed', error: expect.stringMatching(/^interrupted/) });
  expect(await killed.prepare('SELECT * FROM job_locks').all()).toMatchObject({ results: [] });
}

/** Rewrites the first `n` articles of the corpus so their lists change. */
function revised(n: number, round: number): ArticleInput[] {
  return corpus.slice(0, n).map((a, i) => {
    const other = corpus[(i + round) % corpus.length] as ArticleInput;
    return {
      ...a,
      title: `${a.title} (${round})`,
      problem: other.problem,
      stack: other.stack,
      tools: other.tools,
    };
  });
}

describe('a run killed in each phase, then taken over', () => {
  beforeAll(async () => {
    await applyD1Migrations(killed, env.TEST_MIGRATIONS);
    for (const d1 of [left, killed]) {
      await storeIn(d1, corpus, '2026-03-01T00:00:00Z');
      await tick(SIMILAR_CRON, '2026-04-26T00:00:00Z', {}, d1);
    }
    expect(await jobTables(killed)).toEqual(await jobTables(left));
  });

  const cases: { name: string; killAt: string; changed: number }[] = [
    { name: 'similar, features phase (incremental)', killAt: 'features:1', changed: 1 },
    { name: 'similar, rank phase (incremental)', killAt: 'rank:2', changed: 1 },
    {
      name: 'similar, features phase (full: most articles changed)',
      killAt: 'features:2',
      changed: 8,
    },
    { name: 'similar, rank phase (full: most articles changed)', killAt: 'rank:3', changed: 8 },
  ];
  cases.forEach(({ name, killAt, changed }, round) => {
    it(`${name}: ends with exactly the tables of a run left alone`, async () => {
      const day = `2026-04-${String(27 + round).padStart(2, '0')}`;
      for (const d1 of [left, killed]) {
        await storeIn(d1, revised(changed, round + 1), `${day}T00:10:00Z`);
      }
      await killAndTakeOver('similar', SIMILAR_CRON, `${day}T01:00:00Z`, killAt, {
        JOBS_CHUNK_SIZE: '2',
      });
      const tables = await jobTables(killed);
      expect(tables.lists?.length).toBeGreaterThan(0);
      expect(tables).toEqual(await jobTables(left));
    });
  });

  it('freshness, score phase: ends with exactly the scores of a run left alone', async () => {
    await killAndTakeOver('freshness', FRESHNESS_CRON, '2026-06-01T03:17:00Z', 'score:2', {
      JOBS_CHUNK_SIZE: '2',
    });
    expect(await jobTables(killed)).toEqual(await jobTables(left));
  });

  it('render, render phase: ends with exactly the bodies of a run left alone', async () => {
    // An older pipeline version on every body: the render job renders them all again.
    for (const d1 of [left, killed]) {
      await d1
        .prepare('UPDATE article_bodies SET render_version = 0, html = ?')
        .bind('<p>old</p>')
        .run();
    }
    await killAndTakeOver('render', SIMILAR_CRON, '2026-06-02T00:00:00Z', 'render:2', {
      JOBS_CHUNK_SIZE: '2',
    });
    const tables = await jobTables(killed);
    expect(tables.bodies?.every((b) => (b as { html: string }).html !== '<p>old</p>')).toBe(true);
    expect(tables).toEqual(await jobTables(left));
  });
});
