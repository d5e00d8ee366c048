import { createExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index.ts';
import { corpus } from './corpus.ts';
import { store } from './helpers.ts';

const auth = { authorization: 'Bearer test-admin-token' };
const refresh = (query: string, headers: Record<string, string> = auth) =>
  exports.default.fetch(`https://example.com/admin/refresh${query}`, { method: 'POST', headers });

interface RunsBody {
  runs: { job: string; status: string; trigger?: string; processed: number; rowsWritten: number }[];
  schedules?: { job: string; cron: string }[];
  error?: string;
}

describe('the admin routes', () => {
  it('refuse requests without the right bearer token', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token' },
      { authorization: 'Basic dGVzdA==' },
      { authorization: 'Bearer test-admin-token-and-more' },
    ];
    for (const headers of attempts) {
      const response = await refresh('?job=all', headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
    }
    expect((await exports.default.fetch('https://example.com/admin/jobs')).status).toBe(401);
  });

  it('do not exist when the ADMIN_TOKEN secret is not set', async () => {
    const response = await worker.fetch(
      new Request('https://example.com/admin/jobs', { headers: auth }),
      { ...env, ADMIN_TOKEN: '' },
      createExecutionContext(),
    );
    expect(response.status).toBe(404);
  });

  it('name the bad parameter', async () => {
    const badJob = await refresh('?job=everything');
    expect(badJob.status).toBe(400);
    expect(((await badJob.json()) as RunsBody).error).toBe(
      'query parameter job must be one of render, freshness, similar, all; got "everything"',
    );
    const badMode = await refresh('?job=similar&mode=sometimes');
    expect(badMode.status).toBe(400);
    const badLimit = await exports.default.fetch('https://example.com/admin/jobs?limit=0', {
      headers: auth,
    });
    expect(badLimit.status).toBe(400);
  });

  it('run the jobs now and list the runs, newest first, never cached', async () => {
    await store(corpus);
    const response = await refresh('?job=all');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as RunsBody;
    expect(body.runs.map((r) => [r.job, r.status, r.processed])).toEqual([
      // Every body was rendered by the current pipeline at import: nothing to re-render.
      ['render', 'success', 0],
      ['freshness', 'success', corpus.length],
      ['similar', 'success', corpus.length],
    ]);

    const only = (await (await refresh('?job=freshness')).json()) as RunsBody;
    expect(only.runs.map((r) => r.job)).toEqual(['freshness']);

    const listed = await exports.default.fetch('https://example.com/admin/jobs?limit=2', {
      headers: auth,
    });
    expect(listed.status).toBe(200);
    const runs = (await listed.json()) as RunsBody;
    expect(runs.runs.map((r) => [r.job, r.trigger, r.status])).toEqual([
      ['freshness', 'admin', 'success'],
      ['similar', 'admin', 'success'],
    ]);
    expect(runs.schedules?.map((s) => [s.job, s.cron])).toEqual([
      ['render', '*/30 * * * *'],
      ['similar', '*/30 * * * *'],
      ['freshness', '17 3 * * *'],
    ]);
    const similarOnly = (await (
      await exports.default.fetch('https://example.com/admin/jobs?job=similar', { headers: auth })
    ).json()) as RunsBody;
    expect(similarOnly.runs.every((r) => r.job === 'similar')).toBe(true);
  });
});
