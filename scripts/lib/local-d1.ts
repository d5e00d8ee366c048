/**
 * Opens the local D1 database that `wrangler dev` uses, from Node: the same database id (from
 * wrangler.toml) and the same state directory (.wrangler/state/v3/d1, or --persist-to), so
 * Miniflare opens the same .sqlite file under v3/d1/miniflare-D1DatabaseObject/. Pending
 * migrations are applied first with `wrangler d1 migrations apply DB --local`. The MEDIA bucket
 * is opened the same way (v3/r2, the bucket_name as its id), so `wrangler dev` serves the images
 * the import stored.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Miniflare } from 'miniflare';
import { createDb, type Db } from '../../src/db/client.ts';
import type { SqlStatement, TransactionRunner } from '../../src/db/sql-statements.ts';
import { type MediaStore, r2MediaStore } from '../../src/media/store.ts';
import { createD1Shim, type D1Transport, type QueryMethod } from './d1-shim.ts';
import { migrateLocalArgs } from './wrangler-commands.ts';
import { type D1Config, persistRoot } from './wrangler-config.ts';

const BRIDGE = readFileSync(path.join(import.meta.dirname, 'd1-bridge-worker.js'), 'utf8');

export interface LocalD1 {
  db: Db;
  transaction: TransactionRunner;
  /** The state directory (what --persist-to names). */
  root: string;
  /** Migrations applied by this call (empty when the database was up to date). */
  applied: string[];
  /** The local MEDIA bucket; null when wrangler.toml binds none. */
  media: MediaStore | null;
  dispose(): Promise<void>;
}

export interface LocalD1Options {
  persistTo?: string;
  /** Loopback port for Miniflare; default: any free port, as `wrangler d1 execute --local`. */
  port?: number;
  /** Where wrangler's migration output goes; default: stderr. */
  log?: (line: string) => void;
  /** false: refuse to open a database with pending migrations instead of applying them (dry run). */
  migrate?: boolean;
}

function bridgeTransport(mf: Miniflare): { transport: D1Transport } {
  const call = async (body: unknown): Promise<unknown> => {
    const response = await mf.dispatchFetch('http://d1.bridge/', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    const reply = (await response.json()) as { ok: boolean; result?: unknown; error?: string };
    if (!reply.ok) {
      throw new Error(reply.error ?? 'local D1 failed');
    }
    return reply.result;
  };
  return {
    transport: {
      query: (statement: SqlStatement, method: QueryMethod) =>
        call({ op: 'query', statement, method }),
      batch: async (statements: SqlStatement[]) =>
        (await call({ op: 'batch', statements })) as D1Result[],
    },
  };
}

function start(config: D1Config, d1Persist: string, port?: number): Miniflare {
  return new Miniflare({
    modules: true,
    script: BRIDGE,
    compatibilityDate: config.compatibilityDate,
    d1Databases: { DB: config.localDatabaseId },
    d1Persist,
    // wrangler dev keeps local R2 beside D1 (<state>/v3/r2), each bucket under its bucket_name.
    ...(config.mediaBucket
      ? { r2Buckets: { MEDIA: config.mediaBucket }, r2Persist: path.join(d1Persist, '..', 'r2') }
      : {}),
    host: '127.0.0.1',
    port: port ?? 0,
  });
}

async function pendingMigrations(config: D1Config, db: Db): Promise<string[]> {
  const files = readdirSync(config.migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  let applied: string[];
  try {
    const rows = (await db.$client
      .prepare(`select name from ${config.migrationsTable}`)
      .all()) as D1Result<{ name: string }>;
    applied = rows.results.map((r) => r.name);
  } catch {
    applied = [];
  }
  return files.filter((f) => !applied.includes(f));
}

function runWrangler(args: string[], log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['wrangler', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        resolve();
      } else {
        for (const line of output.trim().split('\n').slice(-15)) {
          log(line);
        }
        reject(new Error(`wrangler ${args.slice(0, 4).join(' ')} exited with ${code}`));
      }
    });
  });
}

/**
 * @example
 * const local = await openLocalD1(readD1Config('wrangler.toml'), { persistTo: '/tmp/state' });
 * try { await importDocuments(local.db, docs, { transaction: local.transaction }); } finally { await local.dispose(); }
 */
export async function openLocalD1(
  config: D1Config,
  options: LocalD1Options = {},
): Promise<LocalD1> {
  const root = persistRoot(config, options.persistTo);
  const d1Persist = path.join(root, 'v3', 'd1');
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  let mf = start(config, d1Persist, options.port);
  let bridge = bridgeTransport(mf);
  let db = createDb(createD1Shim(bridge.transport));
  const pending = await pendingMigrations(config, db);
  if (pending.length > 0 && options.migrate === false) {
    await mf.dispose();
    throw new Error(
      `the local database has ${pending.length} pending migration(s) (${pending.join(', ')}) and a dry run changes nothing; apply them first: npx wrangler ${migrateLocalArgs(config, root).join(' ')}`,
    );
  }
  if (pending.length > 0) {
    // Let wrangler apply them (and record them in d1_migrations) exactly as `npm run db:migrate`
    // would; close our handle on the database file first.
    await mf.dispose();
    log(
      `import: applying ${pending.length} migration(s) to the local database: ${pending.join(', ')}`,
    );
    await runWrangler(migrateLocalArgs(config, root), log);
    mf = start(config, d1Persist, options.port);
    bridge = bridgeTransport(mf);
    db = createDb(createD1Shim(bridge.transport));
    const still = await pendingMigrations(config, db);
    if (still.length > 0) {
      await mf.dispose();
      throw new Error(`migrations still pending after wrangler ran: ${still.join(', ')}`);
    }
  }
  const { transport } = bridge;
  const instance = mf;
  const media = config.mediaBucket
    ? r2MediaStore(
        // Miniflare's proxy has R2's methods under Node's Request/Response types.
        (await instance.getR2Bucket('MEDIA')) as unknown as Pick<R2Bucket, 'head' | 'put'>,
      )
    : null;
  return {
    db,
    root,
    applied: pending,
    media,
    transaction: async (statements) => {
      const results = await transport.batch(statements);
      return results.reduce((sum, r) => sum + (r.meta?.rows_written ?? 0), 0);
    },
    dispose: () => instance.dispose(),
  };
}
