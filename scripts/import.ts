/**
 * npm run import -- [options] <file|dir>...
 * Loads alphanode page exports (.txt) and Markdown files (.md) into D1: the local database
 * `wrangler dev` uses, or with --remote the deployed one. docs/IMPORT.md describes the formats,
 * the flags and every message. Exit status: 0 all good, 1 something was rejected (the rest was
 * imported), 2 the import could not run at all.
 */
import { parseArgs } from 'node:util';
import { MAX_FILE_BYTES } from '../src/content/decode.ts';
import { DEFAULT_FUTURE_DAYS } from '../src/content/validate.ts';
import type { Db } from '../src/db/client.ts';
import {
  DEFAULT_ARTICLES_PER_TRANSACTION,
  type TransactionRunner,
} from '../src/db/sql-statements.ts';
import {
  formatCacheLine,
  formatOutcome,
  formatQualifiedLines,
  formatSkipLine,
  formatSummary,
} from '../src/import/report.ts';
import { importDocuments } from '../src/import/run-import.ts';
import type { MediaStore } from '../src/media/store.ts';
import { openLocalD1 } from './lib/local-d1.ts';
import { createProgress } from './lib/progress.ts';
import { openRemoteD1 } from './lib/remote-d1.ts';
import { openRemoteMedia } from './lib/remote-media.ts';
import { DEFAULT_ARTICLES_PER_FILE } from './lib/remote-transaction.ts';
import { collectSources, displayPath } from './lib/walk.ts';
import { readD1Config } from './lib/wrangler-config.ts';

const USAGE = `usage: npm run import -- [options] <file|dir>...

  --dry-run            parse, validate and report what would change; write nothing
  --remote             write to the deployed database through wrangler (needs --env)
  --env <name>         wrangler environment: staging or production ([env.<name>] in wrangler.toml)
  --persist-to <dir>   local state directory, as wrangler's --persist-to (default .wrangler/state)
  --config <file>      wrangler configuration (default wrangler.toml)
  --old-site <url>     the site the content came from (repeatable): absolute links to it
                       that name an imported article become /posts/<slug>
  --missing-images reject
                       reject an article that shows an image not on disk (by default it is a
                       warning line with file:line, and the src is kept as written)
  --future-days <n>    how many days after now a date or lastmod may lie (default ${DEFAULT_FUTURE_DAYS});
                       a later one is rejected: it would pin the article to the top of home
  --verbose            list every file with what happened to it (by default only problems
                       and the summary are printed)
  --batch-size <n>     articles per transaction (default ${DEFAULT_ARTICLES_PER_TRANSACTION};
                       with --remote, per SQL file: default ${DEFAULT_ARTICLES_PER_FILE})
  --bridge-port <n>    local: loopback port for Miniflare (default: any free port)

Directories are walked recursively (.txt, .md, .markdown), in name order. Markdown front
matter may be YAML (---), TOML (+++) or JSON ({...}); section pages, templates, READMEs and
redirect stubs are skipped with their reason. Files over
${MAX_FILE_BYTES / 1024} KiB are rejected. CF_ZONE_ID and CF_API_TOKEN, when set, purge changed pages
from the edge cache at once. See docs/IMPORT.md.`;

function fail(message: string): never {
  console.error(`import: ${message}`);
  process.exit(2);
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    fail(`--${name} must be a whole number of at least 1, got "${value}"`);
  }
  return Number(value);
}

function parseOptions() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        remote: { type: 'boolean', default: false },
        env: { type: 'string' },
        'persist-to': { type: 'string' },
        config: { type: 'string', default: 'wrangler.toml' },
        verbose: { type: 'boolean', default: false },
        'missing-images': { type: 'string', default: 'warn' },
        'old-site': { type: 'string', multiple: true },
        // Kept for old scripts: quiet is now the default.
        quiet: { type: 'boolean', default: false },
        'batch-size': { type: 'string' },
        'future-days': { type: 'string' },
        'bridge-port': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
}

const { values, positionals } = parseOptions();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length === 0) {
  fail(`name at least one file or directory\n\n${USAGE}`);
}
if (values.remote && values['persist-to']) {
  fail('--persist-to is for the local database; it cannot be used with --remote');
}
if (values.remote && !values.env) {
  fail(
    '--remote needs --env staging or --env production (the top-level wrangler.toml is the local setup)',
  );
}

const futureDays = values['future-days'] ?? String(DEFAULT_FUTURE_DAYS);
if (!/^\d+$/.test(futureDays)) {
  fail(`--future-days must be a whole number of days (0 or more), got "${futureDays}"`);
}

const missingImages = values['missing-images'];
if (missingImages !== 'reject' && missingImages !== 'warn') {
  fail(`--missing-images must be "reject" or "warn", got "${missingImages}"`);
}

let config: ReturnType<typeof readD1Config>;
try {
  config = readD1Config(values.config, values.env);
} catch (error) {
  fail((error as Error).message);
}

const { documents, skipped, missing } = collectSources(positionals);
const dryRun = values['dry-run'];
const verbose = values.verbose && !values.quiet;

let target: {
  db: Db;
  transaction: TransactionRunner;
  media: MediaStore | null;
  dispose(): Promise<void>;
};
let where: string;
try {
  if (values.remote) {
    target = {
      ...openRemoteD1(config),
      media: config.mediaBucket ? openRemoteMedia(config, config.mediaBucket) : null,
    };
    where = `remote D1 "${config.databaseName}" (env ${values.env}) through wrangler`;
  } else {
    const local = await openLocalD1(config, {
      persistTo: values['persist-to'],
      migrate: !values['dry-run'],
      port: values['bridge-port'] ? positiveInteger('bridge-port', values['bridge-port'], 0) : 0,
    });
    target = local;
    where = `local D1 (the database wrangler dev uses) in ${displayPath(local.root)}/v3/d1`;
  }
} catch (error) {
  fail(`cannot open the database: ${(error as Error).message}`);
}

console.log(
  `import: ${documents.length} file${documents.length === 1 ? '' : 's'} into ${where}${dryRun ? ' (dry run: nothing will be written)' : ''}`,
);
for (const arg of missing) {
  console.log(
    formatOutcome(
      {
        path: arg,
        status: 'rejected',
        problems: [{ field: 'file', message: 'does not exist; expected a file or a directory' }],
      },
      dryRun,
    )[0],
  );
}

const progress = createProgress(documents.length);
let exitCode = 0;
try {
  const summary = await importDocuments(target.db, documents, {
    dryRun,
    transaction: target.transaction,
    articlesPerTransaction: positiveInteger(
      'batch-size',
      values['batch-size'],
      values.remote ? DEFAULT_ARTICLES_PER_FILE : DEFAULT_ARTICLES_PER_TRANSACTION,
    ),
    cache: { zoneId: process.env.CF_ZONE_ID, apiToken: process.env.CF_API_TOKEN },
    oldSites: values['old-site'] ?? [],
    ...(target.media ? { media: target.media } : {}),
    missingImages,
    futureDays: Number(futureDays),
    onFile: (outcome, done) => {
      // Problems always get their line (rejections, and warnings such as template syntax removed
      // from a body); every other file only with --verbose.
      const warned = 'warnings' in outcome && (outcome.warnings?.length ?? 0) > 0;
      if (verbose || outcome.status === 'rejected' || warned) {
        progress.clear();
        for (const line of formatOutcome(outcome, dryRun)) {
          console.log(line);
        }
      }
      progress.update(done);
    },
    onRead: (read) => progress.update(read, 'reading'),
  });
  progress.clear();
  summary.files += missing.length;
  summary.rejected += missing.length;
  const extra =
    skipped.length > 0
      ? `; ${skipped.length} other file${skipped.length === 1 ? '' : 's'} not read as articles (not .txt/.md/.markdown; images articles show are stored with them)`
      : '';
  for (const line of formatQualifiedLines(summary)) {
    console.log(line);
  }
  console.log(formatSummary(summary) + extra);
  const skipLine = formatSkipLine(summary);
  if (skipLine) {
    console.log(skipLine);
  }
  const cacheLine = formatCacheLine(summary);
  if (cacheLine) {
    console.log(cacheLine);
  }
  if (summary.rejected > 0 || summary.invalidationError !== null) {
    exitCode = 1;
  }
} catch (error) {
  progress.clear();
  const message = (error as Error).message;
  const hint = /no such table/i.test(message)
    ? values.remote
      ? ` (apply the migrations first: npx wrangler d1 migrations apply DB --remote --env ${values.env})`
      : ' (apply the migrations first: npm run db:migrate)'
    : '';
  console.error(`import: stopped: ${message}${hint}`);
  exitCode = 2;
} finally {
  await target.dispose();
}
process.exit(exitCode);
