/**
 * The cron entry point: runs the jobs scheduled on the trigger's cron expression and resumes any
 * other job whose last run paused or died, all within one invocation's budget.
 */

import { JOB_SCHEDULES, jobsForCron } from '../job-schedule.ts';
import { type JobKnobs, jobsConfig } from './config.ts';
import { startFanout } from './fanout/coordinator.ts';
import type { PartMessage } from './fanout/messages.ts';
import { useFanout } from './fanout/switch.ts';
import { freshnessJob } from './freshness-job.ts';
import { invalidateChangedPages } from './invalidation.ts';
import { JOB_NAMES, type Job, type JobName, type JobRequest, type RefreshMode } from './job.ts';
import { renderJob } from './render-job.ts';
import { latestRun } from './run-log.ts';
import { Invocation, type RunOutcome } from './runner.ts';
import { similarJob } from './similar-job.ts';

// Each job has its own cursor type; the runner only passes it through.
const JOBS: Record<JobName, Job<never>> = {
  render: renderJob as Job<never>,
  freshness: freshnessJob as Job<never>,
  similar: similarJob as Job<never>,
};

export class JobsFailedError extends Error {
  constructor(readonly outcomes: RunOutcome[]) {
    super(
      outcomes
        .filter((o) => o.status === 'failed')
        .map((o) => `${o.job} run ${o.runId}: ${o.error}`)
        .join('; '),
    );
    this.name = 'JobsFailedError';
  }
}

/** What a skipped job's line says: whose lease blocked it, since when, until when. */
export function skippedLine(outcome: RunOutcome): string {
  const { lockedBy, since, leaseUntil } = outcome.detail as {
    lockedBy?: number | null;
    since?: string | null;
    leaseUntil?: string | null;
  };
  const holder = lockedBy ? `run ${lockedBy}` : 'another run';
  return `${outcome.job}: skipped: locked by ${holder} since ${since ?? 'unknown'}${leaseUntil ? ` (lease until ${leaseUntil})` : ''}`;
}

/**
 * A job this cron schedules did not run because another run holds its lease. The tick fails, so
 * the dashboard and `npm run cron` show the skip instead of a silent success; a dead run's lease
 * lapses within JobsConfig.leaseMs and the next tick takes the run over.
 */
export class JobsSkippedError extends Error {
  constructor(readonly outcomes: RunOutcome[]) {
    super(outcomes.map(skippedLine).join('; '));
    this.name = 'JobsSkippedError';
  }
}

/**
 * Runs one job: the similar job fans out over the queue when the corpus is past one isolate
 * (fanout/switch.ts); then this invocation only starts the run (or re-sends its overdue parts).
 */
async function runOne(
  invocation: Invocation,
  env: Env & JobKnobs,
  name: JobName,
  request: JobRequest,
): Promise<RunOutcome> {
  const config = invocation.options.config;
  if (name === 'similar' && (await useFanout(invocation.db, config))) {
    return startFanout(
      { db: invocation.db, config, queue: env.SIMILAR_QUEUE as Queue<PartMessage> },
      request,
      invocation.now(),
    );
  }
  return invocation.run(JOBS[name], request);
}

/**
 * Runs `jobs` one after another in one invocation, in JOB_NAMES order.
 *
 * @example
 * const outcomes = await runJobs(env, ['freshness'], { trigger: 'admin', mode: 'auto' }, new Date());
 */
export async function runJobs(
  env: Env & JobKnobs,
  jobs: readonly JobName[],
  request: JobRequest,
  now: Date,
): Promise<RunOutcome[]> {
  const invocation = new Invocation(env.DB, {
    config: jobsConfig(env),
    now,
    onChanged: invalidateChangedPages(env),
  });
  const outcomes: RunOutcome[] = [];
  for (const name of JOB_NAMES) {
    if (jobs.includes(name)) {
      outcomes.push(await runOne(invocation, env, name, request));
    }
  }
  return outcomes;
}

/** The scheduled() handler's work; throws when a job failed, so the cron shows as failed. */
export async function runScheduled(
  controller: ScheduledController,
  env: Env & JobKnobs,
): Promise<RunOutcome[]> {
  const scheduled = jobsForCron(controller.cron);
  if (scheduled.length === 0) {
    const known = JOB_SCHEDULES.map((s) => `"${s.cron}" (${s.job})`).join(', ');
    throw new Error(`no job is scheduled on cron "${controller.cron}"; known: ${known}`);
  }
  const invocation = new Invocation(env.DB, {
    config: jobsConfig(env),
    now: new Date(controller.scheduledTime),
    onChanged: invalidateChangedPages(env),
  });
  const outcomes: RunOutcome[] = [];
  for (const name of JOB_NAMES) {
    // Every tick carries on a run that paused or died, whichever cron started it, so a run too
    // big for one invocation finishes within a few ticks rather than waiting a day.
    const latest = scheduled.includes(name) ? undefined : await latestRun(invocation.db, name);
    const pending = latest?.status === 'partial' || latest?.status === 'running';
    if (scheduled.includes(name) || pending) {
      const mode: RefreshMode = 'auto';
      outcomes.push(
        await runOne(invocation, env, name, { trigger: `cron:${controller.cron}`, mode }),
      );
    }
  }
  if (outcomes.some((o) => o.status === 'failed')) {
    throw new JobsFailedError(outcomes);
  }
  // Only the jobs this cron schedules: a run this tick merely offered to resume, locked by the
  // invocation working on it, was not skipped.
  const skipped = outcomes.filter((o) => o.status === 'locked' && scheduled.includes(o.job));
  if (skipped.length > 0) {
    throw new JobsSkippedError(skipped);
  }
  return outcomes;
}
