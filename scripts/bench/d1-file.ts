/**
 * The SQLite file behind a Miniflare D1 database, written directly while no runtime has it open:
 * how `npm run bench:cron` seeds hundreds of thousands of articles.
 *
 * Why not through the runtime: Miniflare's D1 emulation costs about 2 ms a statement (a
 * 250-article batch, 1,750 statements, took about 4 s), so seeding ran at 37-59 articles a second
 * and 300,000 articles took 85 minutes before the refresh began (docs/SCALE.md). The statements
 * here are the importer's own (scripts/bench/seed.ts plans them exactly as an import does); only
 * the path to the file differs. better-sqlite3 runs them in one transaction per batch.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SqlStatement } from '../../src/db/sql-statements.ts';

/** The one database file under a Miniflare `d1Persist` folder (after the runtime has stopped). */
export function d1FileOf(persist: string): string {
  // Beside it Miniflare keeps metadata.sqlite, its own bookkeeping of the object's storage.
  const files = (readdirSync(persist, { recursive: true }) as string[]).filter(
    (f) => f.endsWith('.sqlite') && path.basename(f) !== 'metadata.sqlite',
  );
  if (files.length !== 1) {
    throw new Error(
      `expected one D1 database file under ${persist}, found ${files.length}: ${files.join(', ')}`,
    );
  }
  return path.join(persist, files[0] as string);
}

/** What better-sqlite3 binds: drizzle hands over booleans and blobs in forms it refuses. */
function bindable(value: unknown): unknown {
  if (typeof value === 'boolean') {
    return value ? 1 : 0;
  }
  if (value === undefined) {
    return null;
  }
  if (value instanceof Uint8Array) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return value;
}

export class D1File {
  private readonly db: Database.Database;
  private readonly prepared = new Map<string, Database.Statement>();

  constructor(file: string) {
    this.db = new Database(file);
    // A bench database: a crash mid-seed means seeding again, so skip the fsyncs.
    this.db.pragma('synchronous = OFF');
    this.db.pragma('foreign_keys = ON');
  }

  /** Runs statements as one transaction; a failing statement rolls them all back and throws. */
  run(statements: readonly SqlStatement[]): void {
    this.db.transaction(() => {
      for (const { sql, params } of statements) {
        let statement = this.prepared.get(sql);
        if (!statement) {
          statement = this.db.prepare(sql);
          this.prepared.set(sql, statement);
        }
        const values = params.map(bindable);
        // A statement with RETURNING must be stepped with all(); run() refuses it.
        if (statement.reader) {
          statement.all(...values);
        } else {
          statement.run(...values);
        }
      }
    })();
  }

  close(): void {
    this.db.close();
  }
}
