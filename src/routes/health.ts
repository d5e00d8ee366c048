/**
 * GET /healthz for uptime checks and for the person on call: is D1 answering, are the cron jobs
 * succeeding on time, which version is deployed. 200 when all is well, 503 otherwise, and never
 * cached anywhere, since a cached health answer is worse than none.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { type JobRunStatus, latestJobRuns } from '../db/job-status.ts';
import { JOB_SCHEDULES } from '../jobs/schedule.ts';
import { buildHealthReport, type D1Check } from '../observe/health-report.ts';
import { roundMs } from '../observe/server-timing.ts';
import { versionInfo } from '../observe/version.ts';

export const healthRoutes = new Hono<AppEnv>();

healthRoutes.get('/healthz', async (c) => {
  // The job lookup doubles as the D1 probe: one round trip that proves the database answers and
  // holds our schema, instead of a separate `select 1` that would prove only the first.
  const started = performance.now();
  let d1: D1Check;
  let runs: Record<string, JobRunStatus> | null = null;
  try {
    runs = await latestJobRuns(
      c.var.db,
      JOB_SCHEDULES.map((s) => s.job),
    );
    d1 = { ok: true, latencyMs: roundMs(performance.now() - started) };
  } catch (error) {
    d1 = {
      ok: false,
      latencyMs: roundMs(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    };
  }
  const report = buildHealthReport({ now: Date.now(), d1, runs, version: versionInfo(c.env) });
  c.header('cache-control', 'no-store');
  return c.json(report, report.status === 'ok' ? 200 : 503);
});
