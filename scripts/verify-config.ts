/**
 * `npm run verify:config -- staging|production [--config wrangler.toml]`: checks that environment
 * in wrangler.toml (scripts/lib/config-checks.ts lists what and why), prints each check as passed
 * or with what is wrong and where, and exits non-zero when anything is wrong.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { parse } from 'smol-toml';
import { JOB_SCHEDULES } from '../src/job-schedule.ts';
import { CHECKS, type CheckId, checkEnvironment } from './lib/config-checks.ts';

const ENVIRONMENTS = ['staging', 'production'] as const;

const { values, positionals } = parseArgs({
  options: { config: { type: 'string', default: 'wrangler.toml' } },
  allowPositionals: true,
});
const name = positionals[0];
if (positionals.length !== 1 || !ENVIRONMENTS.some((env) => env === name) || name === undefined) {
  console.error(
    `usage: npm run verify:config -- ${ENVIRONMENTS.join('|')} [--config wrangler.toml]`,
  );
  process.exit(2);
}

/**
 * The newest compatibility date the installed runtime supports: miniflare's version carries the
 * workerd release date (4.20260426.0 → 2026-04-26), so the limit moves when the toolchain does.
 */
function latestCompatibilityDate(): string {
  const require = createRequire(import.meta.url);
  const { version } = require('miniflare/package.json') as { version: string };
  const match = /^\d+\.(\d{4})(\d{2})(\d{2})/.exec(version);
  if (!match) {
    throw new Error(`cannot read a date from miniflare's version ${version}`);
  }
  return `${match[1]}-${match[2]}-${match[3]}`;
}

let config: Record<string, unknown>;
try {
  config = parse(readFileSync(values.config, 'utf8'));
} catch (error) {
  console.error(`verify:config: cannot read ${values.config}: ${(error as Error).message}`);
  process.exit(1);
}

const problems = checkEnvironment(config, name, {
  environments: ENVIRONMENTS,
  requiredCrons: [...new Set(JOB_SCHEDULES.map((s) => s.cron))],
  latestCompatibilityDate: latestCompatibilityDate(),
});

console.log(`verify:config ${name} (${values.config})`);
for (const [check, description] of Object.entries(CHECKS) as [CheckId, string][]) {
  const failed = problems.filter((p) => p.check === check);
  console.log(`${failed.length === 0 ? '  ok  ' : '  FAIL'} ${description}`);
  for (const problem of failed) {
    console.log(`         ${problem.where}: ${problem.message}`);
  }
}
if (problems.length > 0) {
  console.log(`\n${problems.length} problem${problems.length === 1 ? '' : 's'} in env.${name}`);
  process.exit(1);
}
console.log(`\nenv.${name} is ready to deploy`);
