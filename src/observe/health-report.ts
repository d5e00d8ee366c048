/**
 * Decides what /healthz says: the service is `ok` when D1 answered, the articles table pages read
 * answered (`pages`), and every job's last success
 * is recent (within twice its schedule, see src/job-schedule.ts); `pending` while a job that has
 * never run is not yet overdue, counted from the deployed version's start (a fresh site is
 * healthy before the daily job's first run); otherwise `failing`, with each problem spelled out.
 * Pure, so the rules are tested with a fixed clock.
 */
import type { JobRunStatus } from '../db/job-status.ts';
import { JOB_SCHEDULES, type JobSchedule } from '../job-schedule.ts';
import type { VersionInfo } from './version.ts';

/**
 * How old a job's last success may be before /healthz fails: twice its interval, so one late or
 * failed run is tolerated but two in a row are not.
 *
 * @example
 * staleAfterMs({ job: 'similar', cron: '*\/30 * * * *', intervalMinutes: 30, why: '' }); // 3_600_000
 */
export function staleAfterMs(schedule: Pick<JobSchedule, 'intervalMinutes'>): number {
  return 2 * schedule.intervalMinutes * 60_000;
}

export interface D1Check {
  ok: boolean;
  /** How long the health query's round trip took. */
  latencyMs: number;
  error?: string;
}

export interface JobHealth {
  /** False only when the job is failing; a pending job is ok. */
  ok: boolean;
  /** pending: never run, and its first run is not overdue yet (see `dueBy`). */
  state: 'ok' | 'pending' | 'failing';
  /** For a job that has never run: when its first run becomes overdue. */
  dueBy?: string;
  schedule: string;
  staleAfterSeconds: number;
  lastRun: {
    status: string;
    startedAt: string;
    finishedAt: string | null;
    ageSeconds: number | null;
  } | null;
  lastSuccess: { finishedAt: string; ageSeconds: number | null } | null;
  problem?: string;
}

export interface HealthReport {
  /** `pending` (answered with 200, like `ok`) while a job has not had its first run yet. */
  status: 'ok' | 'pending' | 'failing';
  checkedAt: string;
  version: VersionInfo;
  d1: D1Check;
  /** The read of the articles table every page makes (src/db/health-probe.ts). */
  pages: D1Check;
  /** Per job name; null when D1 could not be read, so nothing is known about the jobs. */
  jobs: Record<string, JobHealth> | null;
  /** One sentence per reason the status is `failing`; empty when `ok`. */
  problems: string[];
}

function ageSeconds(timestamp: string, now: number): number | null {
  const at = Date.parse(timestamp);
  return Number.isNaN(at) ? null : Math.max(0, Math.round((now - at) / 1000));
}

/** "3h 12m", "2d 5h": enough to read at a glance. */
function formatAge(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours}h ${minutes % 60}m`;
  }
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/**
 * How one job is doing at `now`. `since` is when the deployed version started (ms): a job with
 * no run at all is pending until twice its interval has passed since then.
 *
 * @example
 * assessJob(JOB_SCHEDULES[0], { lastRun, lastSuccess }, Date.now(), deployedAt).state; // 'failing' when stale
 */
export function assessJob(
  schedule: JobSchedule,
  runs: JobRunStatus,
  now: number,
  since: number,
): JobHealth {
  const job = schedule.job;
  const staleAfter = staleAfterMs(schedule);
  const { lastRun, lastSuccess } = runs;
  const health: JobHealth = {
    ok: false,
    state: 'failing',
    schedule: schedule.cron,
    staleAfterSeconds: staleAfter / 1000,
    lastRun: lastRun && {
      status: lastRun.status,
      startedAt: lastRun.startedAt,
      finishedAt: lastRun.finishedAt,
      ageSeconds: ageSeconds(lastRun.finishedAt ?? lastRun.startedAt, now),
    },
    lastSuccess: null,
  };
  if (!lastSuccess && !lastRun) {
    const dueBy = since + staleAfter;
    health.dueBy = new Date(dueBy).toISOString();
    if (now <= dueBy) {
      health.ok = true;
      health.state = 'pending';
      return health;
    }
  }
  if (!lastSuccess) {
    health.problem = lastRun
      ? `${job}: no successful run recorded (last run ${lastRun.status}, started ${lastRun.startedAt})`
      : `${job}: has never run, and its first run was due by ${health.dueBy} (cron ${health.schedule})`;
    return health;
  }
  // A success always has a finish time; fall back to its start should a writer have left it out.
  const finishedAt = lastSuccess.finishedAt ?? lastSuccess.startedAt;
  const age = ageSeconds(finishedAt, now);
  health.lastSuccess = { finishedAt, ageSeconds: age };
  if (age === null) {
    health.problem = `${job}: last success has an unreadable finish time "${finishedAt}"`;
  } else if (age * 1000 > staleAfter) {
    health.problem = `${job}: last success ${formatAge(age)} ago, older than twice its schedule (${formatAge(staleAfter / 1000)})`;
  } else {
    health.ok = true;
    health.state = 'ok';
  }
  return health;
}

/**
 * The whole report. `runs` is null when reading job_runs failed (then `d1.ok` is false).
 * `since` is when the deployed version started, in ms (see deployedSince in routes/health.ts).
 *
 * @example
 * const report = buildHealthReport({ now: Date.now(), since, d1, pages, runs, version });
 * c.json(report, report.status === 'failing' ? 503 : 200);
 */
export function buildHealthReport(input: {
  now: number;
  since: number;
  d1: D1Check;
  pages: D1Check;
  runs: Record<string, JobRunStatus> | null;
  version: VersionInfo;
}): HealthReport {
  const { now, since, d1, pages, runs, version } = input;
  let pending = false;
  const problems: string[] = [];
  if (!d1.ok) {
    problems.push(`d1: unreachable (${d1.error ?? 'unknown error'})`);
  }
  if (!pages.ok) {
    problems.push(`pages: the articles table cannot be read (${pages.error ?? 'unknown error'})`);
  }
  let jobs: Record<string, JobHealth> | null = null;
  if (runs) {
    jobs = {};
    for (const schedule of JOB_SCHEDULES) {
      const health = assessJob(
        schedule,
        runs[schedule.job] ?? { lastRun: null, lastSuccess: null },
        now,
        since,
      );
      jobs[schedule.job] = health;
      pending ||= health.state === 'pending';
      if (health.problem) {
        problems.push(health.problem);
      }
    }
  }
  return {
    status: problems.length > 0 ? 'failing' : pending ? 'pending' : 'ok',
    checkedAt: new Date(now).toISOString(),
    version,
    d1,
    pages,
    jobs,
    problems,
  };
}
