import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { JOB_SCHEDULES, jobsForCron } from '../src/job-schedule.ts';
import { staleAfterMs } from '../src/observe/health-report.ts';
import wranglerToml from '../wrangler.toml?raw';

describe('job schedule table', () => {
  it('names exactly the crons wrangler.toml triggers', () => {
    const config = parse(wranglerToml) as { triggers?: { crons?: string[] } };
    const crons = JOB_SCHEDULES.map((s) => s.cron);
    expect([...(config.triggers?.crons ?? [])].sort()).toEqual([...new Set(crons)].sort());
  });

  it('maps each cron to its jobs and nothing to an unknown cron', () => {
    expect(jobsForCron('*/30 * * * *')).toEqual(['render', 'similar']);
    expect(jobsForCron('17 3 * * *')).toEqual(['freshness']);
    expect(jobsForCron('0 0 * * *')).toEqual([]);
  });

  it('calls a job stale (for /healthz) after twice its interval', () => {
    const byJob = Object.fromEntries(JOB_SCHEDULES.map((s) => [s.job, staleAfterMs(s)]));
    expect(byJob).toEqual({
      render: 60 * 60 * 1000,
      similar: 60 * 60 * 1000,
      freshness: 48 * 60 * 60 * 1000,
    });
  });
});
