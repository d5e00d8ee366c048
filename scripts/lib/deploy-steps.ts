/**
 * What `npm run deploy` and `npm run rollback` do, as data and small functions over an injected
 * command runner and fetch, so the order of the gates, what stops a deploy, and the smoke check
 * against the deployed URL are tested without an account (test/scripts/deploy-steps.test.ts).
 * No Node imports: the Workers test pool imports this file; scripts/deploy.ts runs it for real.
 */

export const DEPLOY_ENVIRONMENTS = ['staging', 'production'] as const;
export type DeployEnvironment = (typeof DEPLOY_ENVIRONMENTS)[number];

/** One command line: the program and its arguments, as a person would type them. */
export interface Command {
  program: string;
  args: string[];
}

export interface CommandResult {
  code: number;
  /** What it printed; wrangler deploy prints the new version id. */
  output: string;
}

/** Runs a command to completion (scripts/deploy.ts spawns it; tests record it). */
export type Runner = (command: Command) => Promise<CommandResult>;

export interface DeployPlan {
  environment: DeployEnvironment;
  /** The tag given to the new Worker version (git describe: v0.2.0, or v0.2.0-3-gabc1234). */
  tag: string;
  message: string;
  /** The deployed site, from the environment's SITE_URL in wrangler.toml. */
  siteUrl: string;
}

export interface Gate {
  name: string;
  command: Command;
}

/** Shown on every failure after the upload: how to get back to the previous version. */
export function rollbackHint(environment: DeployEnvironment): string {
  return `npm run rollback -- --env ${environment}`;
}

/**
 * The gates, in order: the cheap config check first, then the tests, then a build of exactly
 * what would be uploaded (wrangler bundles without uploading). The deploy stops at the first one
 * that fails.
 *
 * @example
 * gates({ environment: 'staging', ... }).map((g) => g.name) // ['verify:config', 'tests', 'build']
 */
export function gates(plan: DeployPlan): Gate[] {
  return [
    {
      name: 'verify:config',
      command: { program: 'npm', args: ['run', 'verify:config', '--', plan.environment] },
    },
    { name: 'tests', command: { program: 'npm', args: ['test'] } },
    {
      name: 'build',
      command: {
        program: 'npx',
        args: [
          'wrangler',
          'deploy',
          '--dry-run',
          '--outdir',
          `.wrangler/deploy/${plan.environment}`,
          '--env',
          plan.environment,
        ],
      },
    },
  ];
}

/** The upload and activation of the new version, tagged so /healthz can name it. */
export function deployCommand(plan: DeployPlan): Command {
  return {
    program: 'npx',
    args: [
      'wrangler',
      'deploy',
      '--env',
      plan.environment,
      '--tag',
      plan.tag,
      '--message',
      plan.message,
    ],
  };
}

/**
 * `wrangler rollback`: the version deployed before the current one, or `versionId`. --yes
 * answers its confirmation prompt, so the script can run unattended.
 */
export function rollbackCommand(
  environment: DeployEnvironment,
  message: string,
  versionId?: string,
): Command {
  return {
    program: 'npx',
    args: [
      'wrangler',
      'rollback',
      ...(versionId ? [versionId] : []),
      '--env',
      environment,
      '--message',
      message,
      '--yes',
    ],
  };
}

/** The fields of /healthz the smoke check reads. */
interface HealthBody {
  status?: string;
  version?: { id?: string; tag?: string | null };
  problems?: string[];
}

export interface SmokeOptions {
  /** The tag the serving version must report; omitted after a rollback (any version will do). */
  tag?: string;
  /** Tries before giving up: a new version takes a few seconds to reach every data center. */
  attempts?: number;
  /** Waits between tries (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  fetch: typeof fetch;
}

/**
 * Checks the deployed site: /healthz answers 200 (`ok` or `pending`: a fresh site's jobs have
 * not run yet) from the version tagged `tag`, and the home page answers 200. Returns the
 * problems, empty when the site is up.
 *
 * @example
 * await smokeCheck('https://staging.example.com', { tag: 'v0.2.0', fetch }) // []
 */
export async function smokeCheck(siteUrl: string, options: SmokeOptions): Promise<string[]> {
  const attempts = options.attempts ?? 10;
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const problems: string[] = [];
    try {
      const health = await options.fetch(`${siteUrl}/healthz`, {
        headers: { 'cache-control': 'no-cache' },
      });
      const body = (await health.json()) as HealthBody;
      if (health.status !== 200) {
        problems.push(
          `/healthz answered ${health.status} (${body.status}): ${(body.problems ?? []).join('; ')}`,
        );
      }
      if (options.tag && body.version?.tag !== options.tag) {
        problems.push(
          `/healthz reports version ${body.version?.id} tagged ${body.version?.tag ?? '(none)'}, not ${options.tag}`,
        );
      }
      const home = await options.fetch(`${siteUrl}/`);
      await home.body?.cancel();
      if (home.status !== 200) {
        problems.push(`/ answered ${home.status}`);
      }
    } catch (error) {
      problems.push(`${siteUrl} did not answer: ${error instanceof Error ? error.message : error}`);
    }
    if (problems.length === 0) {
      return [];
    }
    last = problems.join('; ');
    if (attempt < attempts) {
      await sleep(3_000);
    }
  }
  return [`after ${attempts} tries: ${last}`];
}

export interface DeployIo {
  run: Runner;
  fetch: typeof fetch;
  log: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface DeployOutcome {
  ok: boolean;
  /** The step that failed: a gate's name, 'deploy' or 'smoke'. */
  failedAt?: string;
  problems: string[];
}

function shown(command: Command): string {
  return [command.program, ...command.args]
    .map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a))
    .join(' ');
}

/**
 * The whole deploy: gates, `wrangler deploy`, then the smoke check against the deployed URL.
 * Nothing is uploaded unless every gate passed; a failed smoke check says how to roll back.
 *
 * @example
 * const outcome = await deploy(plan, { run, fetch, log: console.log });
 * process.exit(outcome.ok ? 0 : 1);
 */
export async function deploy(plan: DeployPlan, io: DeployIo): Promise<DeployOutcome> {
  for (const gate of gates(plan)) {
    io.log(`== ${gate.name}: ${shown(gate.command)}`);
    const result = await io.run(gate.command);
    if (result.code !== 0) {
      return {
        ok: false,
        failedAt: gate.name,
        problems: [`${gate.name} failed (exit ${result.code}); nothing was deployed`],
      };
    }
  }
  const upload = deployCommand(plan);
  io.log(`== deploy: ${shown(upload)}`);
  const deployed = await io.run(upload);
  if (deployed.code !== 0) {
    return {
      ok: false,
      failedAt: 'deploy',
      problems: [
        `wrangler deploy failed (exit ${deployed.code}); the previous version still serves`,
      ],
    };
  }
  io.log(`== smoke: ${plan.siteUrl} serves ${plan.tag}`);
  const problems = await smokeCheck(plan.siteUrl, {
    tag: plan.tag,
    fetch: io.fetch,
    sleep: io.sleep,
  });
  if (problems.length > 0) {
    return {
      ok: false,
      failedAt: 'smoke',
      problems: [
        ...problems,
        `to return to the previous version: ${rollbackHint(plan.environment)}`,
      ],
    };
  }
  return { ok: true, problems: [] };
}

/**
 * `wrangler rollback`, then the smoke check (any version tag: the previous one has its own).
 *
 * @example
 * await rollback('production', 'p95 doubled', undefined, 'https://example.com', io);
 */
export async function rollback(
  environment: DeployEnvironment,
  message: string,
  versionId: string | undefined,
  siteUrl: string,
  io: DeployIo,
): Promise<DeployOutcome> {
  const command = rollbackCommand(environment, message, versionId);
  io.log(`== rollback: ${shown(command)}`);
  const result = await io.run(command);
  if (result.code !== 0) {
    return {
      ok: false,
      failedAt: 'rollback',
      problems: [`wrangler rollback failed (exit ${result.code})`],
    };
  }
  io.log(`== smoke: ${siteUrl}`);
  const problems = await smokeCheck(siteUrl, { fetch: io.fetch, sleep: io.sleep });
  return problems.length > 0
    ? { ok: false, failedAt: 'smoke', problems }
    : { ok: true, problems: [] };
}
