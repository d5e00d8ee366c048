/**
 * How a local site is prepared and served, shared by `npm run dev`, `npm run smoke` and the
 * browser tests so the three cannot drift: apply the migrations to a local D1, generate the
 * sample corpus, import it with the seed article, then run `wrangler dev` on that database.
 */
import path from 'node:path';

export const SEED_ARTICLE = path.join('test', 'fixtures', 'alphanode-000989.txt');
export const SAMPLE = { count: 200, seed: 1 } as const;

export interface Command {
  title: string;
  command: string;
  args: string[];
}

export interface PrepareOptions {
  /** wrangler's --persist-to; omitted: the default .wrangler/state that `wrangler dev` uses. */
  persistTo?: string;
  /** Where the generated sample articles are written. */
  sampleDir: string;
  /** Extra flags for scripts/import.ts (e.g. --quiet, --bridge-port N). */
  importFlags?: string[];
}

/**
 * The commands that leave a local D1 migrated and loaded with the sample, in order. Each is
 * idempotent, so running them on an already prepared database writes nothing.
 *
 * @example
 * for (const step of prepareLocalSite({ sampleDir: '.wrangler/sample-content' })) run(step);
 */
export function prepareLocalSite(options: PrepareOptions): Command[] {
  const persistTo = options.persistTo === undefined ? [] : ['--persist-to', options.persistTo];
  return [
    {
      title: 'apply D1 migrations (local)',
      command: 'npx',
      args: ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', ...persistTo],
    },
    {
      title: `generate ${SAMPLE.count} sample articles`,
      command: 'npx',
      args: [
        'tsx',
        'scripts/generate.ts',
        '--count',
        String(SAMPLE.count),
        '--seed',
        String(SAMPLE.seed),
        '--out',
        options.sampleDir,
      ],
    },
    {
      title: 'import the seed article and the sample',
      command: 'npx',
      args: [
        'tsx',
        'scripts/import.ts',
        ...persistTo,
        ...(options.importFlags ?? []),
        SEED_ARTICLE,
        options.sampleDir,
      ],
    },
  ];
}

export interface ServeOptions {
  port: number;
  inspectorPort: number;
  persistTo: string;
  /** Serve /__scheduled so the cron can be triggered by hand. */
  testScheduled: boolean;
}

/**
 * `wrangler dev` arguments for a non-interactive server on loopback. SITE_URL follows the port:
 * the edge cache stores only pages on SITE_URL, and canonical links and feeds are built from it.
 *
 * @example
 * spawn('npx', wranglerDevArgs({ port: 8790, inspectorPort: 9230, persistTo, testScheduled: true }));
 */
export function wranglerDevArgs(options: ServeOptions): string[] {
  return [
    'wrangler',
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--inspector-port',
    String(options.inspectorPort),
    '--persist-to',
    options.persistTo,
    '--var',
    `SITE_URL:http://127.0.0.1:${options.port}`,
    ...(options.testScheduled ? ['--test-scheduled'] : []),
    '--show-interactive-dev-session=false',
  ];
}
