/**
 * npm run dev [-- --port N] [-- any other `wrangler dev` flag]
 * The local quick start: applies the D1 migrations to the local database `wrangler dev` uses,
 * loads the sample content (the seed article plus a deterministic generated corpus; the import is
 * idempotent, so a second run writes nothing), then serves the site with `wrangler dev`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Command, prepareLocalSite } from './lib/local-site.ts';

const wranglerArgs = process.argv.slice(2);
// --persist-to must reach the migrations and the import too, or they would fill another database.
const { values } = parseArgs({
  args: wranglerArgs,
  options: { 'persist-to': { type: 'string' }, port: { type: 'string' } },
  strict: false,
});
const persistTo = typeof values['persist-to'] === 'string' ? values['persist-to'] : undefined;

function step({ title, command, args }: Command): void {
  console.log(`\n== ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      `dev: "${title}" failed (exit ${result.status ?? result.signal}); the site was not started.`,
    );
    process.exit(result.status ?? 1);
  }
}

for (const command of prepareLocalSite({
  persistTo,
  sampleDir: path.join('.wrangler', 'sample-content'),
})) {
  step(command);
}

console.log('\n== wrangler dev (Ctrl+C to stop)');
// The edge cache stores only pages whose URL is on SITE_URL, and canonical links use it: on
// another port, SITE_URL must follow, or nothing would be cached and links would point at 8787.
const siteUrl =
  typeof values.port === 'string' ? ['--var', `SITE_URL:http://localhost:${values.port}`] : [];
const dev = spawnSync('npx', ['wrangler', 'dev', '--test-scheduled', ...siteUrl, ...wranglerArgs], {
  stdio: 'inherit',
});
process.exit(dev.status ?? 0);
