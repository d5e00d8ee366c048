/**
 * Renders statements with their values written into the SQL text, for the one place where values
 * cannot be bound: a remote import, which hands wrangler a .sql file (`wrangler d1 execute --file`).
 * Every value becomes a SQL literal that cannot end its quotes early; anything else is refused.
 */
import { D1_MAX_STATEMENT_BYTES } from '../../src/db/limits.ts';
import type { SqlStatement } from '../../src/db/sql-statements.ts';

/**
 * wrangler scans a --file for "BEGIN TRANSACTION" and strips the first "BEGIN TRANSACTION;" and
 * "COMMIT;" it finds (D1 wraps the file in its own transaction), so article text that quotes
 * them must not contain them verbatim. Such strings, and strings with control characters SQLite
 * text literals cannot carry, are written as hex.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const NEEDS_HEX = /BEGIN TRANSACTION|COMMIT;|[\u0000-\u0008\u000b\u000c\u000e-\u001f]/i;

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * @example
 * sqlLiteral("it's") // "'it''s'"
 * sqlLiteral(null) // 'NULL'
 * sqlLiteral(true) // '1'
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) {
    return 'NULL';
  }
  if (typeof value === 'boolean') {
    return value ? '1' : '0';
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error(`cannot write ${value} into SQL`);
    }
    return String(value);
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (typeof value === 'string') {
    if (NEEDS_HEX.test(value)) {
      return `CAST(X'${hex(new TextEncoder().encode(value))}' AS TEXT)`;
    }
    return `'${value.replaceAll("'", "''")}'`;
  }
  if (value instanceof Uint8Array) {
    return `X'${hex(value)}'`;
  }
  if (value instanceof ArrayBuffer) {
    return `X'${hex(new Uint8Array(value))}'`;
  }
  throw new Error(`cannot write a ${typeof value} into SQL`);
}

/**
 * Replaces each `?` placeholder outside quotes with its value, in order.
 *
 * @example
 * inlineStatement({ sql: 'select * from t where a = ? and b = "?"', params: ["x'y"] })
 * // `select * from t where a = 'x''y' and b = "?"`
 */
export function inlineStatement(statement: SqlStatement): string {
  const { sql, params } = statement;
  let out = '';
  let next = 0;
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i] as string;
    if (quote !== null) {
      out += char;
      if (char === quote) {
        quote = null;
      }
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      quote = char;
    } else if (char === '[') {
      quote = ']';
    } else if (char === '?') {
      if (next >= params.length) {
        throw new Error(`statement has more placeholders than its ${params.length} values`);
      }
      out += sqlLiteral(params[next++]);
      continue;
    }
    out += char;
  }
  if (next !== params.length) {
    throw new Error(`statement has ${next} placeholders for ${params.length} values`);
  }
  return out;
}

export class StatementTooLongError extends Error {
  constructor(readonly bytes: number) {
    super(
      `a statement is ${bytes} bytes once its values are written out; D1 accepts at most ${D1_MAX_STATEMENT_BYTES} (shorten the longest paragraph or code block)`,
    );
    this.name = 'StatementTooLongError';
  }
}

/**
 * One file's worth of SQL for `wrangler d1 execute --file`: the groups in order, each statement
 * inlined and terminated. Throws StatementTooLongError for a statement D1 would refuse.
 */
export function renderSqlFile(groups: readonly SqlStatement[][]): string {
  const encoder = new TextEncoder();
  const lines: string[] = [];
  for (const group of groups) {
    for (const statement of group) {
      const text = inlineStatement(statement);
      const bytes = encoder.encode(text).length;
      if (bytes > D1_MAX_STATEMENT_BYTES) {
        throw new StatementTooLongError(bytes);
      }
      lines.push(`${text};`);
    }
  }
  return `${lines.join('\n')}\n`;
}
