/**
 * GET /healthz for uptime checks and for the person on call: is D1 answering, are the cron jobs
 * succeeding on time, which version is deployed. 200 when all is well or a job's first run is
 * still to come (`pending`), 503 when failing, and never cached anywhere, since a cached health
 * answer is worse than none.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { type JobRunStatus, latestJobRuns } from '../db/job-status.ts';
import { JOB_SCHEDULES } from '../job-schedule.ts';
import { buildHealthReport, type D1Check } from '../observe/health-report.ts';
import { roundMs } from '../observe/server-timing.ts';
import { versionInfo } from '../observe/version.ts';

export const healthRoutes = new Hono<AppEnv>();

/** When this isolate first answered /healthz: the start of a version with no upload time. */
let firstCheckedAt: number | undefined;

/**
 * When the running version started, in ms: its upload time from the version metadata when
 * deployed, else (wrangler dev, tests) when this isolate first answered a health check.
 */
function deployedSince(uploadedAt: string | null, now: number): number {
  firstCheckedAt ??= now;
  const uploaded = uploadedAt ? Date.parse(uploadedAt) : Number.NaN;
  return Number.isNaN(uploaded) ? firstCheckedAt : uploaded;
}

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
  const now = Date.now();
  const version = versionInfo(c.env);
  const since = deployedSince(version.uploadedAt, now);
  const report = buildHealthReport({ now, since, d1, runs, version });
  c.header('cache-control', 'no-store');
  return c.json(report, report.status === 'failing' ? 503 : 200);
});
