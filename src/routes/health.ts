/**
 * GET /healthz for uptime checks and for the person on call: is D1 answering, are the cron jobs
 * succeeding on time, which version is deployed. 200 when all is well or a job's first run is
 * still to come (`pending`), 503 when failing, and never cached anywhere, since a cached health
 * answer is worse than none.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { articlesProbe } from '../db/health-probe.ts';
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

/** Times one D1 read for the report: ok with its latency, or the error it failed with. */
async function check<T>(read: () => Promise<T>): Promise<{ check: D1Check; value: T | null }> {
  const started = performance.now();
  try {
    const value = await read();
    return { check: { ok: true, latencyMs: roundMs(performance.now() - started) }, value };
  } catch (error) {
    // drizzle wraps the driver's error ("Failed query: …"); the cause says what is wrong.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const message = cause instanceof Error ? cause.message : String(cause);
    return {
      check: { ok: false, latencyMs: roundMs(performance.now() - started), error: message },
      value: null,
    };
  }
}

healthRoutes.get('/healthz', async (c) => {
  // The job lookup doubles as the D1 probe: one round trip that proves the database answers and
  // holds our schema. Beside it (concurrently, so no slower) one indexed read of the articles
  // table, because that is what every page needs: with it unreadable the pages fail while the
  // jobs table still answers.
  const [jobs, pages] = await Promise.all([
    check(() =>
      latestJobRuns(
        c.var.db,
        JOB_SCHEDULES.map((s) => s.job),
      ),
    ),
    check(() => articlesProbe(c.var.db)),
  ]);
  const runs: Record<string, JobRunStatus> | null = jobs.value;
  const now = Date.now();
  const version = versionInfo(c.env);
  const since = deployedSince(version.uploadedAt, now);
  const report = buildHealthReport({
    now,
    since,
    d1: jobs.check,
    pages: pages.check,
    runs,
    version,
  });
  c.header('cache-control', 'no-store');
  return c.json(report, report.status === 'failing' ? 503 : 200);
});
