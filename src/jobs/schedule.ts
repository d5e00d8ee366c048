/**
 * Which background job runs on which cron trigger, and how often that is: the one table that the
 * scheduled() handler (to pick the jobs for a cron), /healthz (to call a job stale) and
 * `npm run verify:config` (to require each cron in every deployed environment) all read.
 * The cron strings must match `[triggers] crons` in wrangler.toml; a test checks that they do.
 */

export interface JobSchedule {
  /** The cron expression, exactly as written in wrangler.toml (Cloudflare passes it back verbatim). */
  cron: string;
  /** How long between two runs. /healthz fails when the last success is older than twice this. */
  intervalMs: number;
}

const MINUTE_MS = 60_000;

export const JOB_SCHEDULES = {
  /** Recomputes freshness scores; cheap, so every half hour. */
  freshness: { cron: '*/30 * * * *', intervalMs: 30 * MINUTE_MS },
  /** Recomputes similar-posts links; heavier, once a day at a quiet hour (03:17 UTC). */
  similar: { cron: '17 3 * * *', intervalMs: 24 * 60 * MINUTE_MS },
} as const satisfies Record<string, JobSchedule>;

export type JobName = keyof typeof JOB_SCHEDULES;

/** Job names in a stable order, for loops and output (never empty: the table above is not). */
export const JOB_NAMES = Object.keys(JOB_SCHEDULES) as [JobName, ...JobName[]];

/**
 * The jobs a cron trigger should run; empty for a cron this table does not know.
 *
 * @example
 * jobsForCron(controller.cron); // '*\/30 * * * *' → ['freshness']
 */
export function jobsForCron(cron: string): JobName[] {
  return JOB_NAMES.filter((name) => JOB_SCHEDULES[name].cron === cron);
}

/**
 * The age after which a job counts as stale: twice its interval, so one late or failed run is
 * tolerated but two in a row are not.
 *
 * @example
 * staleAfterMs('freshness'); // 3_600_000 (one hour)
 */
export function staleAfterMs(job: JobName): number {
  return 2 * JOB_SCHEDULES[job].intervalMs;
}
