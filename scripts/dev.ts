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
import { importSummary, lastLine, summarizeMigrations } from './lib/quiet-output.ts';

const wranglerArgs = process.argv.slice(2);
// --persist-to must reach the migrations and the import too, or they would fill another database.
const { values } = parseArgs({
  args: wranglerArgs,
  options: { 'persist-to': { type: 'string' }, port: { type: 'string' } },
  strict: false,
});
const persistTo = typeof values['persist-to'] === 'string' ? values['persist-to'] : undefined;

/**
 * Runs one preparation step with its output captured, and prints a single line for it (the
 * migrations' summary, the generator's last line, the import's summary). On failure everything
 * it printed is shown.
 */
function step({ title, command, args }: Command, summarize: (output: string) => string): void {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0' },
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    console.error(output);
    console.error(
      `dev: "${title}" failed (exit ${result.status ?? result.signal}); the site was not started.`,
    );
    process.exit(result.status ?? 1);
  }
  console.log(summarize(result.stdout ?? ''));
}

const [migrate, generate, load] = prepareLocalSite({
  persistTo,
  sampleDir: path.join('.wrangler', 'sample-content'),
  // The import lists only rejected files and its summary; the rest is one line per article.
  importFlags: ['--quiet'],
});
if (!migrate || !generate || !load) {
  throw new Error('prepareLocalSite() no longer returns migrate, generate, import');
}
step(migrate, summarizeMigrations);
step(generate, lastLine);
step(load, importSummary);

console.log('\n== wrangler dev (Ctrl+C to stop)');
// The edge cache stores only pages whose URL is on SITE_URL, and canonical links use it: on
// another port, SITE_URL must follow, or nothing would be cached and links would point at 8787.
const siteUrl =
  typeof values.port === 'string' ? ['--var', `SITE_URL:http://localhost:${values.port}`] : [];
// Without it, Miniflare's local queue stops delivering behind a consumer batch longer than 5 s
// (scripts/lib/loopback-keepalive.cjs says why): a fanned-out refresh of a large corpus would stall.
const keepAlive = `--require "${path.resolve('scripts/lib/loopback-keepalive.cjs')}"`;
const dev = spawnSync('npx', ['wrangler', 'dev', '--test-scheduled', ...siteUrl, ...wranglerArgs], {
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, keepAlive].filter(Boolean).join(' '),
  },
});
process.exit(dev.status ?? 0);
