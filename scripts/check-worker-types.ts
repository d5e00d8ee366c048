/**
 * Fails when worker-configuration.d.ts no longer matches wrangler.toml (run `npm run types` to fix).
 * Generates a second copy beside it (so relative import paths match) with the same flags as
 * `npm run types` and compares everything below the header line, which names the output path.
 *
 * Why not `wrangler types --check`: in wrangler 4.86 the check ignores `--env-file` and reads the
 * secrets' names from `.dev.vars` only, which a fresh clone does not have (it is never committed),
 * so it reports the committed file out of date until someone creates `.dev.vars`; with a
 * developer's own `.dev.vars` it would check against their secrets rather than the example's.
 * Tried: `npx wrangler types --check --strict-vars=false --env-file .dev.vars.example` fails on a
 * file it has just generated with the same flags, and passes once .dev.vars is a copy.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const committed = 'worker-configuration.d.ts';
const fresh = '.worker-configuration.check.d.ts';
try {
  execFileSync(
    'npx',
    ['wrangler', 'types', fresh, '--strict-vars=false', '--env-file', '.dev.vars.example'],
    { stdio: 'pipe', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  const body = (file: string) => readFileSync(file, 'utf8').split('\n').slice(2).join('\n');
  if (body(fresh) !== body(committed)) {
    console.error(
      `${committed} is stale: wrangler.toml or .dev.vars.example changed. Run: npm run types`,
    );
    process.exit(1);
  }
  console.log(`${committed} matches wrangler.toml`);
} finally {
  rmSync(fresh, { force: true });
}
