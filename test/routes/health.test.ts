import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { jobRuns } from '../../src/db/schema.ts';
import worker from '../../src/index.ts';
import type { HealthReport } from '../../src/observe/health-report.ts';

const MINUTE = 60_000;
const db = createDb(env.DB);

function ago(ms: number): string {
  return new Date(Date.now() - ms).toISOString();
}

/** A finished run of `job`, `minutesAgo` minutes ago, as the job runner records it. */
async function recordRun(job: string, status: 'success' | 'failed', minutesAgo: number) {
  await db.insert(jobRuns).values({
    job,
    trigger: 'cron',
    status,
    startedAt: ago(minutesAgo * MINUTE + 5_000),
    finishedAt: ago(minutesAgo * MINUTE),
    error: status === 'failed' ? 'D1_ERROR: too many SQL variables' : null,
  });
}

async function getHealth(): Promise<{ response: Response; report: HealthReport }> {
  const response = await exports.default.fetch('http://example.com/healthz');
  return { response, report: await response.json<HealthReport>() };
}

/** /healthz as a deployed version uploaded `minutesAgo` minutes ago answers it. */
async function getDeployedHealth(
  minutesAgo: number,
): Promise<{ response: Response; report: HealthReport }> {
  const deployed = {
    ...env,
    ENVIRONMENT: 'production',
    CF_VERSION_METADATA: { id: 'version-1', tag: 'v0.1.0', timestamp: ago(minutesAgo * MINUTE) },
  };
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request('http://example.com/healthz'), deployed, ctx);
  const report = await response.json<HealthReport>();
  await waitOnExecutionContext(ctx);
  return { response, report };
}

beforeEach(async () => {
  // Storage is shared by the tests of this file, so each starts from an empty job history.
  await db.delete(jobRuns);
});

describe('GET /healthz', () => {
  it('is healthy when D1 answers and each job succeeded within twice its schedule', async () => {
    await recordRun('render', 'success', 20);
    await recordRun('similar', 'success', 20);
    await recordRun('freshness', 'success', 26 * 60);

    const { response, report } = await getHealth();

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(report.status).toBe('ok');
    expect(report.problems).toEqual([]);
    expect(report.d1.ok).toBe(true);
    expect(report.d1.latencyMs).toBeGreaterThanOrEqual(0);
    expect(report.version).toMatchObject({ id: 'local-0.1.0', release: '0.1.0', source: 'build' });
    expect(report.jobs?.similar).toMatchObject({
      ok: true,
      schedule: '*/30 * * * *',
      staleAfterSeconds: 3600,
      lastRun: { status: 'success' },
      lastSuccess: { ageSeconds: 20 * 60 },
    });
    expect(report.jobs?.freshness).toMatchObject({
      ok: true,
      schedule: '17 3 * * *',
      staleAfterSeconds: 48 * 3600,
      lastSuccess: { ageSeconds: 26 * 60 * 60 },
    });
  });

  it('shows a failed last run but stays healthy while the last success is recent', async () => {
    await recordRun('render', 'success', 10);
    await recordRun('similar', 'success', 40);
    await recordRun('similar', 'failed', 10);
    await recordRun('freshness', 'success', 60);

    const { response, report } = await getHealth();

    expect(response.status).toBe(200);
    expect(report.jobs?.similar?.lastRun?.status).toBe('failed');
    expect(report.jobs?.similar?.lastSuccess?.ageSeconds).toBe(40 * 60);
  });

  it('fails with 503 when a job last succeeded more than twice its schedule ago', async () => {
    await recordRun('render', 'success', 5);
    await recordRun('similar', 'success', 61);
    await recordRun('similar', 'failed', 5);
    await recordRun('freshness', 'success', 60);

    const { response, report } = await getHealth();

    expect(response.status).toBe(503);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(report.status).toBe('failing');
    expect(report.d1.ok).toBe(true);
    expect(report.jobs?.similar?.ok).toBe(false);
    expect(report.jobs?.freshness?.ok).toBe(true);
    expect(report.problems).toEqual([
      'similar: last success 1h 1m ago, older than twice its schedule (1h 0m)',
    ]);
  });

  it('fails with 503 when a job has never succeeded', async () => {
    await recordRun('similar', 'failed', 3);

    const { response, report } = await getHealth();

    expect(response.status).toBe(503);
    expect(report.problems).toEqual([
      expect.stringMatching(/^similar: no successful run recorded \(last run failed, started /),
    ]);
    // The jobs that have not had their first run yet are not failures.
    expect(report.jobs?.freshness?.state).toBe('pending');
    expect(report.jobs?.render?.state).toBe('pending');
  });

  it('is pending (200) on a fresh site until a first run is overdue', async () => {
    const { response, report } = await getDeployedHealth(10);
    expect(response.status).toBe(200);
    expect(report.status).toBe('pending');
    expect(report.problems).toEqual([]);
    expect(report.version).toMatchObject({ id: 'version-1', source: 'version-metadata' });
    expect(report.jobs?.similar).toMatchObject({ ok: true, state: 'pending', lastRun: null });
    expect(report.jobs?.freshness).toMatchObject({ ok: true, state: 'pending', lastRun: null });
    // Overdue twice the interval after the version started: 50 more minutes for the 30-minute job.
    const due = Date.parse(report.jobs?.similar?.dueBy ?? '');
    expect(Math.round((due - Date.now()) / MINUTE)).toBe(50);
  });

  it('is pending while only the daily job is still to run, ok once all have run', async () => {
    await recordRun('render', 'success', 5);
    await recordRun('similar', 'success', 5);
    const pending = await getDeployedHealth(40);
    expect(pending.response.status).toBe(200);
    expect(pending.report.status).toBe('pending');
    expect(pending.report.jobs?.similar?.state).toBe('ok');
    expect(pending.report.jobs?.freshness?.state).toBe('pending');

    await recordRun('freshness', 'success', 1);
    const ok = await getDeployedHealth(40);
    expect(ok.report.status).toBe('ok');
  });

  it('fails (503) once a job that never ran is overdue since the version started', async () => {
    await recordRun('freshness', 'success', 60);
    await recordRun('render', 'success', 1);
    const { response, report } = await getDeployedHealth(61);
    expect(response.status).toBe(503);
    expect(report.status).toBe('failing');
    expect(report.jobs?.similar?.state).toBe('failing');
    expect(report.problems).toEqual([
      expect.stringMatching(/^similar: has never run, and its first run was due by .* \(cron /),
    ]);
  });

  it('fails with 503 and says so when D1 cannot be read', async () => {
    await recordRun('freshness', 'success', 1);
    await recordRun('similar', 'success', 1);
    // Break the database the way a missed migration would, inside this file's isolated storage.
    await env.DB.exec('ALTER TABLE job_runs RENAME TO job_runs_offline');
    try {
      const { response, report } = await getHealth();

      expect(response.status).toBe(503);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(report.status).toBe('failing');
      expect(report.d1.ok).toBe(false);
      expect(report.d1.error).toContain('no such table: job_runs');
      expect(report.jobs).toBeNull();
      expect(report.problems).toEqual([expect.stringMatching(/^d1: unreachable \(.*job_runs/)]);
    } finally {
      await env.DB.exec('ALTER TABLE job_runs_offline RENAME TO job_runs');
    }
  });

  it('fails with 503 naming the pages check when the articles table cannot be read', async () => {
    await recordRun('freshness', 'success', 1);
    await recordRun('similar', 'success', 1);
    await recordRun('render', 'success', 1);
    expect((await getHealth()).report).toMatchObject({ status: 'ok', pages: { ok: true } });
    // The jobs table still answers: only what the pages read is gone.
    await env.DB.exec('ALTER TABLE articles RENAME TO articles_offline');
    try {
      const { response, report } = await getHealth();

      expect(response.status).toBe(503);
      expect(report.status).toBe('failing');
      expect(report.d1.ok).toBe(true);
      expect(report.jobs?.similar?.ok).toBe(true);
      expect(report.pages.ok).toBe(false);
      expect(report.pages.error).toContain('no such table: articles');
      expect(report.problems).toEqual([
        expect.stringMatching(/^pages: the articles table cannot be read \(.*articles/),
      ]);
    } finally {
      await env.DB.exec('ALTER TABLE articles_offline RENAME TO articles');
    }
  });
});
