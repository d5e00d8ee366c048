/**
 * Which job runs on which cron trigger (the expressions in wrangler.toml [triggers]). One table,
 * read by scheduled(), by `npm run cron`, by the docs and by /healthz to tell a late job.
 */

// render first: a tick that re-renders bodies then lets similar see their new text.
export const JOB_NAMES = ['render', 'freshness', 'similar'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface JobSchedule {
  job: JobName;
  cron: string;
  /** How often the cron fires, for staleness checks. */
  intervalMinutes: number;
  why: string;
}

export const JOB_SCHEDULES: readonly JobSchedule[] = [
  {
    job: 'render',
    cron: '*/30 * * * *',
    intervalMinutes: 30,
    why: 're-renders bodies a deploy left at an older RENDER_VERSION; with none stale a tick costs one indexed read',
  },
  {
    job: 'similar',
    cron: '*/30 * * * *',
    intervalMinutes: 30,
    why: 'links follow imports within half an hour; a tick with nothing changed costs a few small reads',
  },
  {
    job: 'freshness',
    cron: '17 3 * * *',
    intervalMinutes: 24 * 60,
    why: 'scores count whole days, so they can only change once a day; 03:17 UTC is off-peak and off the hour',
  },
];

/**
 * @example
 * jobsForCron('17 3 * * *'); // ['freshness']
 */
export function jobsForCron(cron: string): JobName[] {
  return JOB_SCHEDULES.filter((s) => s.cron === cron).map((s) => s.job);
}

/** The cron expression that runs `job` (for `npm run cron --job`). */
export function cronForJob(job: JobName): string {
  const schedule = JOB_SCHEDULES.find((s) => s.job === job);
  if (!schedule) {
    throw new Error(`no cron trigger runs the ${job} job`);
  }
  return schedule.cron;
}
