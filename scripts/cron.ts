/**
 * npm run cron [-- --job freshness|similar|all] [--url http://127.0.0.1:N | --port N]
 * Fires the scheduled() handler of a local `wrangler dev` (started by `npm run dev`, which passes
 * --test-scheduled) through its /__scheduled?cron=... endpoint, once per job, with the cron
 * expression that job runs on in production (src/job-schedule.ts). The request returns when the
 * handler has finished. When ADMIN_TOKEN is set (environment or .dev.vars), the runs it made are
 * then listed from GET /admin/jobs.
 * Exit codes: 0 every job ran; 2 usage or the dev server failed; 3 a job was skipped because
 * another run holds its lease ("skipped: locked by run N since …": a dead run's lease lapses
 * within JOBS_LEASE_MS, two minutes by default, and the next trigger takes the run over).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { cronForJob } from '../src/job-schedule.ts';
import { JOB_NAMES, type JobName } from '../src/jobs/job.ts';

function fail(message: string): never {
  console.error(`cron: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    job: { type: 'string', default: 'all' },
    url: { type: 'string' },
    port: { type: 'string' },
  },
});
if (values.url && values.port) {
  fail('give --url or --port, not both');
}
if (values.port !== undefined && !/^\d{1,5}$/.test(values.port)) {
  fail(`--port must be a port number, got "${values.port}"`);
}
const base = (values.url ?? `http://127.0.0.1:${values.port ?? '8787'}`).replace(/\/+$/, '');
if (!/^https?:\/\/[^/]+$/.test(base)) {
  fail(`--url must look like http://127.0.0.1:8787, got "${values.url}"`);
}
const job = values.job ?? 'all';
if (job !== 'all' && !(JOB_NAMES as readonly string[]).includes(job)) {
  fail(`--job must be one of ${[...JOB_NAMES, 'all'].join(', ')}, got "${job}"`);
}
const jobs: JobName[] = job === 'all' ? [...JOB_NAMES] : [job as JobName];

/** ADMIN_TOKEN from the environment, else from .dev.vars (what wrangler dev itself reads). */
function adminToken(): string | undefined {
  if (process.env.ADMIN_TOKEN) {
    return process.env.ADMIN_TOKEN;
  }
  if (!existsSync('.dev.vars')) {
    return undefined;
  }
  const line = readFileSync('.dev.vars', 'utf8')
    .split('\n')
    .find((l) => /^\s*ADMIN_TOKEN\s*=/.test(l));
  const value = line
    ?.slice(line.indexOf('=') + 1)
    .trim()
    .replace(/^["']|["']$/g, '');
  return value || undefined;
}

/** "similar: skipped: locked by run 12 since … (lease until …)", as scheduled() throws it. */
const SKIPPED =
  /(\w+): skipped: locked by (run \d+|another run) since ([^\s<"&;]+)(?: \(lease until ([^)<"&;]+)\))?/;
let skipped = 0;

async function trigger(name: JobName): Promise<void> {
  const cron = cronForJob(name);
  const url = `${base}/__scheduled?cron=${encodeURIComponent(cron)}`;
  const started = Date.now();
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const where = values.url
      ? 'check --url'
      : values.port
        ? `start it with: npm run dev -- --port ${values.port}`
        : 'if npm run dev runs on another port, name it: npm run cron -- --port <N> (or --url <URL>); otherwise start it with: npm run dev';
    fail(
      `no dev server answered at ${base} (${(error as Error).cause ?? (error as Error).message}): ${where}`,
    );
  }
  const body = await response.text();
  if (response.ok && body.includes('Ran scheduled event')) {
    console.log(`cron: ${name} ("${cron}") ran in ${Date.now() - started} ms`);
    return;
  }
  const skip = response.status >= 500 ? SKIPPED.exec(body) : null;
  if (skip) {
    // The handler threw JobsSkippedError: nothing ran for this job; say so and exit non-zero.
    const until = skip[4] ? ` (lease until ${skip[4]})` : '';
    console.error(`cron: ${skip[1]} skipped: locked by ${skip[2]} since ${skip[3]}${until}`);
    skipped += 1;
    return;
  }
  if (response.status >= 500) {
    fail(`${name} ("${cron}") failed: HTTP ${response.status}\n${body.slice(0, 2000)}`);
  }
  // Without --test-scheduled, /__scheduled is just another path of the site (a 404 page).
  fail(
    `${base} answered ${response.status} without running the scheduled handler: is it this project's npm run dev (which passes --test-scheduled)? If the dev server runs on another port, name it: npm run cron -- --port <N>`,
  );
}

interface Run {
  id: number;
  job: string;
  trigger: string;
  status: string;
  processed: number;
  rowsWritten: number;
  error: string | null;
}

for (const name of jobs) {
  await trigger(name);
}

const token = adminToken();
if (!token) {
  console.log('cron: set ADMIN_TOKEN (or put it in .dev.vars) to list the runs here');
} else {
  const response = await fetch(`${base}/admin/jobs?limit=${jobs.length * 2}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    fail(`GET /admin/jobs answered ${response.status}: is ADMIN_TOKEN the one wrangler dev uses?`);
  }
  const { runs } = (await response.json()) as { runs: Run[] };
  for (const run of runs) {
    console.log(
      `  run ${run.id} ${run.job.padEnd(9)} ${run.status.padEnd(7)} processed ${run.processed}, rows written ${run.rowsWritten}${run.error ? `, error: ${run.error}` : ''} (${run.trigger})`,
    );
  }
}
if (skipped > 0) {
  process.exit(3);
}
