/**
 * The deployed database, reached through wrangler (which holds the Cloudflare credentials:
 * `wrangler login` or CLOUDFLARE_API_TOKEN). Reads go through `d1 execute --remote --command`
 * (D1's query API, rows back as JSON); article writes go through `--file` (D1's import API,
 * all-or-nothing per file, see remote-transaction.ts).
 *
 * Not exercised against Cloudflare in this repository's tests (no network here): the SQL it sends
 * and the command lines are tested; docs/IMPORT.md says so.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../../src/db/client.ts';
import { D1_MAX_STATEMENT_BYTES } from '../../src/db/limits.ts';
import type { SqlStatement, TransactionRunner } from '../../src/db/sql-statements.ts';
import { createD1Shim, type D1Transport } from './d1-shim.ts';
import { inlineStatement } from './inline-sql.ts';
import { type FileRunner, remoteTransaction } from './remote-transaction.ts';
import { remoteCommandArgs, remoteFileArgs, type WranglerTarget } from './wrangler-commands.ts';

export interface RemoteD1 {
  db: Db;
  transaction: TransactionRunner;
  dispose(): Promise<void>;
}

interface WranglerRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function wrangler(args: string[]): Promise<WranglerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['wrangler', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** wrangler's error, without colour codes and boxes, in a line or two. */
export function failure(run: WranglerRun): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes.
  const text = `${run.stderr}\n${run.stdout}`.replace(/\u001b\[[0-9;]*m/g, '');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^[─┌└│╭╰-]+$/.test(l));
  const errorAt = lines.findIndex((l) => /ERROR|error/.test(l));
  const picked = errorAt >= 0 ? lines.slice(errorAt, errorAt + 3) : lines.slice(-3);
  return `wrangler exited with ${run.code}: ${picked.join(' ')}`;
}

function parseJson(run: WranglerRun): unknown {
  const start = run.stdout.indexOf('[');
  return JSON.parse(start >= 0 ? run.stdout.slice(start) : run.stdout);
}

function remoteTransport(target: WranglerTarget): D1Transport {
  const command = async (statements: SqlStatement[]): Promise<D1Result[]> => {
    const results: D1Result[] = [];
    // Reads are one --command each; a long batch is split to stay under D1's statement size and
    // the operating system's limit on one argument.
    let pending: string[] = [];
    let length = 0;
    const send = async () => {
      if (pending.length === 0) {
        return;
      }
      const run = await wrangler(remoteCommandArgs(target, pending.join(';\n')));
      if (run.code !== 0) {
        throw new Error(failure(run));
      }
      results.push(...(parseJson(run) as D1Result[]));
      pending = [];
      length = 0;
    };
    for (const statement of statements) {
      const sql = inlineStatement(statement);
      if (length + sql.length > D1_MAX_STATEMENT_BYTES) {
        await send();
      }
      pending.push(sql);
      length += sql.length;
    }
    await send();
    return results;
  };
  return {
    query: async (statement, method) => {
      const [result] = await command([statement]);
      if (!result) {
        throw new Error('wrangler returned no result');
      }
      // The query API returns rows as objects; drizzle reads raw rows by column position, so the
      // queries the importer runs alias every column to a distinct name (article-lookup.ts).
      return method === 'raw'
        ? (result.results as Record<string, unknown>[]).map((row) => Object.values(row))
        : result;
    },
    batch: command,
  };
}

function fileRunner(target: WranglerTarget): { run: FileRunner; dispose(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'alphanode-import-'));
  let count = 0;
  return {
    run: async (sql) => {
      count += 1;
      const file = path.join(dir, `batch-${String(count).padStart(5, '0')}.sql`);
      writeFileSync(file, sql);
      const run = await wrangler(remoteFileArgs(target, file));
      rmSync(file, { force: true });
      if (run.code !== 0) {
        return { ok: false, error: failure(run) };
      }
      const [result] = parseJson(run) as {
        meta?: { rows_written?: number };
        results?: { 'Rows written'?: number }[];
      }[];
      return {
        ok: true,
        rowsWritten: result?.meta?.rows_written ?? result?.results?.[0]?.['Rows written'] ?? 0,
      };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * @example
 * const remote = openRemoteD1({ configPath: '/p/wrangler.toml', environment: 'production' });
 */
export function openRemoteD1(target: WranglerTarget): RemoteD1 {
  const files = fileRunner(target);
  return {
    db: createDb(createD1Shim(remoteTransport(target))),
    transaction: remoteTransaction(files.run),
    dispose: async () => files.dispose(),
  };
}
