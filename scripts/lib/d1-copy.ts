/**
 * Plans a copy of a D1 database, table by table, for rehearsing migrations on real data
 * (`npm run d1:copy`, docs/DEPLOY.md). `wrangler d1 export --remote` cannot be used here: it
 * refuses databases holding an FTS5 table such as articles_fts ("cannot export databases with
 * Virtual Tables (fts5)", workers-sdk #6305), and has been reported to leave the database busy
 * afterwards (#9519). Reading each table with plain SELECTs is slower but only ever reads.
 */

export interface SchemaRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

export interface CopyTable {
  name: string;
  /** FTS5 tables are copied through their rowid (the article id) and rebuild their index locally. */
  virtual: boolean;
}

export interface CopyPlan {
  /** CREATE statements for the local copy, tables in foreign-key order before their indexes. */
  schema: string[];
  /** Tables whose rows are copied, parents before children. */
  tables: CopyTable[];
}

/** The shadow tables SQLite keeps for an FTS5 table; they are rebuilt, never copied. */
const FTS5_SHADOWS = ['_data', '_idx', '_content', '_docsize', '_config'];

function isInternal(name: string): boolean {
  // sqlite_sequence and autoindexes are SQLite's; _cf_* are D1's own bookkeeping.
  return name.startsWith('sqlite_') || name.startsWith('_cf_');
}

/**
 * What to create and copy, from the source's `SELECT type, name, tbl_name, sql FROM sqlite_master`.
 *
 * @example
 * const plan = planCopy(rows); // plan.tables[0] → { name: 'articles', virtual: false }
 */
export function planCopy(rows: readonly SchemaRow[]): CopyPlan {
  const tables = rows.filter((r) => r.type === 'table' && r.sql && !isInternal(r.name));
  const virtualNames = tables
    .filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? ''))
    .map((t) => t.name);
  const shadows = new Set(virtualNames.flatMap((v) => FTS5_SHADOWS.map((s) => `${v}${s}`)));
  const copied = tables.filter((t) => !shadows.has(t.name));
  for (const table of copied) {
    if (/WITHOUT\s+ROWID/i.test(table.sql ?? '')) {
      throw new Error(`table ${table.name} is WITHOUT ROWID, which this copy cannot page through`);
    }
  }

  // Parents first, so that rows referencing them can be inserted with foreign keys enforced.
  const references = new Map(
    copied.map((t) => [
      t.name,
      [...(t.sql ?? '').matchAll(/REFERENCES\s+[`"[]?(\w+)/gi)]
        .map((m) => m[1] ?? '')
        .filter((parent) => parent !== t.name),
    ]),
  );
  const ordered: SchemaRow[] = [];
  const visit = (table: SchemaRow, path: string[]) => {
    if (ordered.includes(table)) {
      return;
    }
    if (path.includes(table.name)) {
      throw new Error(`foreign keys form a cycle: ${[...path, table.name].join(' → ')}`);
    }
    for (const parent of references.get(table.name) ?? []) {
      const parentRow = copied.find((t) => t.name === parent);
      if (parentRow) {
        visit(parentRow, [...path, table.name]);
      }
    }
    ordered.push(table);
  };
  for (const table of copied) {
    visit(table, []);
  }

  const others = rows.filter(
    (r) => r.type !== 'table' && r.sql && !isInternal(r.name) && !shadows.has(r.tbl_name),
  );
  return {
    schema: [...ordered, ...others].map((r) => `${r.sql};`),
    tables: ordered.map((t) => ({ name: t.name, virtual: virtualNames.includes(t.name) })),
  };
}

/** The column the paging query adds so each page can start after the last row read. */
export const ROWID_COLUMN = '__copy_rowid';

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The query that reads one page of `table`, after rowid `after`.
 *
 * @example
 * pageQuery('articles', 0, 1000); // SELECT rowid AS "__copy_rowid", * FROM "articles" WHERE rowid > 0 ORDER BY rowid LIMIT 1000
 */
export function pageQuery(table: string, after: number, limit: number): string {
  return `SELECT rowid AS ${ident(ROWID_COLUMN)}, * FROM ${ident(table)} WHERE rowid > ${after} ORDER BY rowid LIMIT ${limit}`;
}

/**
 * One value as an SQL literal. D1 returns BLOBs as arrays of bytes.
 *
 * @example
 * sqlLiteral("it's"); // "'it''s'"
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) {
    return 'NULL';
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error(`cannot copy the non-finite number ${value}`);
    }
    return String(value);
  }
  if (typeof value === 'boolean') {
    return value ? '1' : '0';
  }
  if (typeof value === 'string') {
    return `'${value.replace(/'/g, "''")}'`;
  }
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) {
    return `X'${value.map((b: number) => b.toString(16).padStart(2, '0')).join('')}'`;
  }
  throw new Error(`cannot copy the value ${JSON.stringify(value)}`);
}

/** D1 rejects statements over 100 KB; stay well below. */
const MAX_STATEMENT_CHARS = 90_000;

/**
 * INSERT statements for one page of rows. Real tables get their columns as read (an INTEGER
 * PRIMARY KEY is the rowid, so ids survive); an FTS5 table gets its rowid explicitly, since that
 * is the article id it indexes.
 *
 * @example
 * insertStatements({ name: 'articles_fts', virtual: true }, rows); // ['INSERT INTO "articles_fts" ("rowid", ...) VALUES (...), (...);']
 */
export function insertStatements(
  table: CopyTable,
  rows: readonly Record<string, unknown>[],
): string[] {
  const first = rows[0];
  if (!first) {
    return [];
  }
  const columns = Object.keys(first).filter((c) => c !== ROWID_COLUMN);
  const head = `INSERT INTO ${ident(table.name)} (${[...(table.virtual ? ['rowid'] : []), ...columns].map(ident).join(', ')}) VALUES `;
  const statements: string[] = [];
  let values: string[] = [];
  let size = head.length;
  for (const row of rows) {
    const tuple = `(${[...(table.virtual ? [row[ROWID_COLUMN]] : []), ...columns.map((c) => row[c])].map(sqlLiteral).join(', ')})`;
    if (
      values.length > 0 &&
      (size + tuple.length + 2 > MAX_STATEMENT_CHARS || values.length >= 100)
    ) {
      statements.push(`${head}${values.join(', ')};`);
      values = [];
      size = head.length;
    }
    values.push(tuple);
    size += tuple.length + 2;
  }
  statements.push(`${head}${values.join(', ')};`);
  return statements;
}
