/**
 * Applies migrations/*.sql to a D1 binding from Node, the way `wrangler d1 migrations apply` does:
 * files in name order, statements split by wrangler's own splitter, each file in one batch together
 * with its row in `d1_migrations`, so wrangler later sees the database as already migrated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { unstable_splitSqlQuery } from 'wrangler';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '..', '..', 'migrations');

export interface Migration {
  name: string;
  sql: string;
}

/** The migration files in the order wrangler applies them. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name), 'utf8') }));
}

/**
 * Applies the migrations that `d1` has not seen yet and returns their names.
 *
 * @example
 * const applied = await applyMigrations(await mf.getD1Database('DB'));
 * // ['0000_init.sql', '0001_search_fts.sql'] on a fresh database, [] the second time
 */
export async function applyMigrations(
  d1: D1Database,
  migrations: Migration[] = readMigrations(),
): Promise<string[]> {
  await d1
    .prepare(
      `CREATE TABLE IF NOT EXISTS d1_migrations(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT UNIQUE,
        applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
      )`,
    )
    .run();
  const done = await d1.prepare('SELECT name FROM d1_migrations').all<{ name: string }>();
  const seen = new Set(done.results.map((row) => row.name));
  const applied: string[] = [];
  for (const migration of migrations) {
    if (seen.has(migration.name)) {
      continue;
    }
    const statements = unstable_splitSqlQuery(migration.sql).map((query) => d1.prepare(query));
    statements.push(d1.prepare('INSERT INTO d1_migrations (name) VALUES (?)').bind(migration.name));
    await d1.batch(statements);
    applied.push(migration.name);
  }
  return applied;
}
