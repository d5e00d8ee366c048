import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { JOB_NAMES, JOB_SCHEDULES, jobsForCron, staleAfterMs } from '../../src/jobs/schedule.ts';
import wranglerToml from '../../wrangler.toml?raw';

describe('job schedule table', () => {
  it('names exactly the crons wrangler.toml triggers', () => {
    const config = parse(wranglerToml) as { triggers?: { crons?: string[] } };
    const crons = JOB_NAMES.map((job) => JOB_SCHEDULES[job].cron);
    expect([...(config.triggers?.crons ?? [])].sort()).toEqual([...new Set(crons)].sort());
  });

  it('maps each cron to its jobs and nothing to an unknown cron', () => {
    expect(jobsForCron('*/30 * * * *')).toEqual(['freshness']);
    expect(jobsForCron('17 3 * * *')).toEqual(['similar']);
    expect(jobsForCron('0 0 * * *')).toEqual([]);
  });

  it('calls a job stale after twice its interval', () => {
    expect(staleAfterMs('freshness')).toBe(60 * 60 * 1000);
    expect(staleAfterMs('similar')).toBe(48 * 60 * 60 * 1000);
  });
});
