/**
 * `npm run rollback -- --env staging|production [--version <id>] [--message "..."] [--site-url URL]`
 * Returns the Worker to the version deployed before (or to --version), then checks that the site
 * answers. Data is not rolled back: docs/DEPLOY.md says how to restore D1 with Time Travel.
 */
import { parseArgs } from 'node:util';
import { environmentArg, siteUrlOf, spawnRunner } from './lib/deploy-cli.ts';
import { rollback } from './lib/deploy-steps.ts';

const USAGE =
  'npm run rollback -- --env staging|production [--version <id>] [--message "..."] [--site-url URL]';
const { values } = parseArgs({
  options: {
    env: { type: 'string' },
    version: { type: 'string' },
    message: { type: 'string' },
    'site-url': { type: 'string' },
  },
});
const environment = environmentArg(values.env, USAGE);
const siteUrl = (values['site-url'] ?? siteUrlOf(environment)).replace(/\/+$/, '');
const outcome = await rollback(environment, values.message ?? 'rollback', values.version, siteUrl, {
  run: spawnRunner,
  fetch,
  log: (line) => console.log(`\n${line}`),
});
if (!outcome.ok) {
  console.error(`\nrollback of ${environment} stopped at ${outcome.failedAt}:`);
  for (const problem of outcome.problems) {
    console.error(`  - ${problem}`);
  }
  process.exit(1);
}
console.log(`\n${siteUrl} answers after the rollback (${environment}).`);
