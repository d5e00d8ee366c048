/**
 * `npm run deploy -- --env staging|production [--message "..."] [--site-url URL]`
 * Runs the gates (verify:config, the tests, a build), then `wrangler deploy` tagged with
 * `git describe`, then a smoke check against the deployed URL (SITE_URL in wrangler.toml, or
 * --site-url for a rehearsal) that /healthz is served by that tag. scripts/lib/deploy-steps.ts
 * decides; this file gathers the facts.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { environmentArg, siteUrlOf, spawnRunner } from './lib/deploy-cli.ts';
import { deploy } from './lib/deploy-steps.ts';

const USAGE = 'npm run deploy -- --env staging|production [--message "..."] [--site-url URL]';
const { values } = parseArgs({
  options: {
    env: { type: 'string' },
    message: { type: 'string' },
    'site-url': { type: 'string' },
  },
});
const environment = environmentArg(values.env, USAGE);
const described = spawnSync('git', ['describe', '--tags', '--always', '--dirty'], {
  encoding: 'utf8',
});
const tag = described.status === 0 ? described.stdout.trim() : 'untagged';
if (tag.endsWith('-dirty')) {
  console.error('deploy refused: the working tree has uncommitted changes; commit them first');
  process.exit(1);
}
const siteUrl = (values['site-url'] ?? siteUrlOf(environment)).replace(/\/+$/, '');

const outcome = await deploy(
  { environment, tag, message: values.message ?? `deploy ${tag}`, siteUrl },
  { run: spawnRunner, fetch, log: (line) => console.log(`\n${line}`) },
);
if (!outcome.ok) {
  console.error(`\ndeploy to ${environment} stopped at ${outcome.failedAt}:`);
  for (const problem of outcome.problems) {
    console.error(`  - ${problem}`);
  }
  process.exit(1);
}
console.log(`\n${siteUrl} serves ${tag} (${environment}).`);
