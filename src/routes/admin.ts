/**
 * Admin endpoints behind the ADMIN_TOKEN bearer token:
 * POST /admin/refresh?job=freshness|similar|all[&mode=auto|full|incremental] runs jobs now;
 * GET /admin/jobs[?job=…&limit=…] lists recent runs, newest first; ?run=N lists a fan-out run's parts.
 */
import { Hono } from 'hono';
import { requireAdminToken } from '../admin-token.ts';
import type { AppEnv } from '../app-env.ts';
import { listParts } from '../db/fanout-queries.ts';
import { JOB_SCHEDULES } from '../job-schedule.ts';
import { JOB_NAMES, type JobName, type RefreshMode } from '../jobs/job.ts';
import { listRecentRuns } from '../jobs/run-log.ts';
import { runJobs } from '../jobs/scheduled.ts';

const MODES: readonly RefreshMode[] = ['auto', 'full', 'incremental'];

export const adminRoutes = new Hono<AppEnv>();

adminRoutes.use('*', requireAdminToken);
adminRoutes.use('*', async (c, next) => {
  await next();
  c.header('cache-control', 'no-store');
});

adminRoutes.post('/refresh', async (c) => {
  const job = c.req.query('job') ?? 'all';
  const mode = (c.req.query('mode') ?? 'auto') as RefreshMode;
  if (job !== 'all' && !(JOB_NAMES as readonly string[]).includes(job)) {
    return c.json(
      {
        error: `query parameter job must be one of ${[...JOB_NAMES, 'all'].join(', ')}; got "${job}"`,
      },
      400,
    );
  }
  if (!MODES.includes(mode)) {
    return c.json(
      { error: `query parameter mode must be one of ${MODES.join(', ')}; got "${mode}"` },
      400,
    );
  }
  const jobs = job === 'all' ? [...JOB_NAMES] : [job as JobName];
  const runs = await runJobs(c.env, jobs, { trigger: 'admin', mode }, new Date());
  const status = runs.some((r) => r.status === 'failed')
    ? 500
    : runs.some((r) => r.status === 'locked')
      ? 409
      : 200;
  return c.json({ runs }, status);
});

adminRoutes.get('/jobs', async (c) => {
  const job = c.req.query('job');
  const limitText = c.req.query('limit') ?? '20';
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 200) {
    return c.json(
      { error: `query parameter limit must be a whole number from 1 to 200; got "${limitText}"` },
      400,
    );
  }
  if (job !== undefined && !(JOB_NAMES as readonly string[]).includes(job)) {
    return c.json(
      { error: `query parameter job must be one of ${JOB_NAMES.join(', ')}; got "${job}"` },
      400,
    );
  }
  const runText = c.req.query('run');
  if (runText !== undefined) {
    if (!/^\d+$/.test(runText)) {
      return c.json({ error: `query parameter run must be a run id; got "${runText}"` }, 400);
    }
    // The parts of a fan-out run (docs/SCALE.md): one row per queue message.
    return c.json({ run: Number(runText), parts: await listParts(c.var.db, Number(runText)) });
  }
  const runs = await listRecentRuns(c.var.db, limit, job);
  return c.json({ schedules: JOB_SCHEDULES, runs });
});
