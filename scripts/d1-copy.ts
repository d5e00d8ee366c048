/**
 * `npm run d1:copy -- --env staging|production --to DIR` copies a deployed D1 database into a
 * local one under DIR (the `--persist-to` directory of wrangler dev, migrations and smoke), for
 * rehearsing migrations on real data. `--from-local DIR` copies a local database instead, to try
 * the procedure without touching an account. It only ever reads the source, with plain SELECTs
 * (scripts/lib/d1-copy.ts says why not `wrangler d1 export`).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  insertStatements,
  pageQuery,
  planCopy,
  ROWID_COLUMN,
  type SchemaRow,
} from './lib/d1-copy.ts';

const { values } = parseArgs({
  options: {
    env: { type: 'string' },
    'from-local': { type: 'string' },
    to: { type: 'string' },
    'page-size': { type: 'string', default: '2000' },
  },
});
const usage =
  'usage: npm run d1:copy -- (--env staging|production | --from-local DIR) --to DIR [--page-size N]';
if (!values.to || (values.env === undefined) === (values['from-local'] === undefined)) {
  console.error(usage);
  process.exit(2);
}
if (values.env !== undefined && !['staging', 'production'].includes(values.env)) {
  console.error(`--env must be staging or production, not "${values.env}"\n${usage}`);
  process.exit(2);
}
const pageSize = Number(values['page-size']);
if (!Number.isInteger(pageSize) || pageSize < 1) {
  console.error(`--page-size must be a positive whole number\n${usage}`);
  process.exit(2);
}
const target = values.to;
if (existsSync(target) && readdirSync(target).length > 0) {
  console.error(`d1:copy: ${target} is not empty; copy into a new directory`);
  process.exit(1);
}
const source = values.env
  ? ['--remote', '--env', values.env]
  : ['--local', '--persist-to', values['from-local'] ?? ''];
const sourceName = values.env
  ? `the ${values.env} database`
  : `the local database in ${values['from-local']}`;

const wranglerEnv = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' };

/** Runs one read-only query on the source and returns its rows. */
function query(sql: string): Record<string, unknown>[] {
  const result = spawnSync(
    'npx',
    ['wrangler', 'd1', 'execute', 'DB', ...source, '--json', '--command', sql],
    { encoding: 'utf8', env: wranglerEnv, maxBuffer: 1024 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    console.error(`d1:copy: reading ${sourceName} failed:\n${result.stderr || result.stdout}`);
    process.exit(1);
  }
  const parsed = JSON.parse(result.stdout) as { results?: Record<string, unknown>[] }[];
  return parsed[0]?.results ?? [];
}

const plan = planCopy(
  query(
    'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid',
  ) as unknown as SchemaRow[],
);
mkdirSync(target, { recursive: true });
const sqlFile = path.join(target, '..', `${path.basename(target)}.copy.sql`);
// Foreign keys are checked at commit, so the order of pages cannot trip them midway.
writeFileSync(sqlFile, `PRAGMA defer_foreign_keys = on;\n${plan.schema.join('\n')}\n`);

const started = Date.now();
for (const table of plan.tables) {
  let after = 0;
  let copied = 0;
  for (;;) {
    const rows = query(pageQuery(table.name, after, pageSize));
    if (rows.length === 0) {
      break;
    }
    appendFileSync(sqlFile, `${insertStatements(table, rows).join('\n')}\n`);
    copied += rows.length;
    after = Number(rows[rows.length - 1]?.[ROWID_COLUMN]);
    if (rows.length < pageSize) {
      break;
    }
  }
  console.log(`d1:copy: ${table.name}: ${copied} rows`);
}

const load = spawnSync(
  'npx',
  ['wrangler', 'd1', 'execute', 'DB', '--local', '--persist-to', target, '--file', sqlFile],
  { encoding: 'utf8', env: wranglerEnv },
);
if (load.status !== 0) {
  console.error(`d1:copy: loading the copy into ${target} failed:\n${load.stderr || load.stdout}`);
  process.exit(1);
}
console.log(
  `d1:copy: copied ${sourceName} into ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s (SQL kept in ${sqlFile})`,
);
