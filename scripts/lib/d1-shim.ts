/**
 * A D1Database look-alike over a transport, so drizzle (createDb) can run from Node against a
 * database it cannot bind directly: local D1 through the Miniflare bridge, or the deployed
 * database through wrangler. It implements what drizzle's D1 driver calls (prepare, bind, all,
 * raw, first, run, batch); anything else throws.
 */
import type { SqlStatement } from '../../src/db/sql-statements.ts';

export type QueryMethod = 'all' | 'raw' | 'run';

export interface D1Transport {
  /** One statement; `raw` answers rows as arrays in column order. */
  query(statement: SqlStatement, method: QueryMethod): Promise<unknown>;
  /** Several statements as one batch; a D1Result per statement. */
  batch(statements: SqlStatement[]): Promise<D1Result[]>;
}

class ShimStatement {
  constructor(
    private readonly transport: D1Transport,
    readonly sql: string,
    readonly params: unknown[] = [],
  ) {}

  get statement(): SqlStatement {
    return { sql: this.sql, params: this.params };
  }

  bind(...values: unknown[]): ShimStatement {
    return new ShimStatement(this.transport, this.sql, values);
  }

  all(): Promise<unknown> {
    return this.transport.query(this.statement, 'all');
  }

  raw(): Promise<unknown> {
    return this.transport.query(this.statement, 'raw');
  }

  run(): Promise<unknown> {
    return this.transport.query(this.statement, 'run');
  }

  async first(column?: string): Promise<unknown> {
    const result = (await this.all()) as D1Result<Record<string, unknown>>;
    const row = result.results[0] ?? null;
    return column === undefined || row === null ? row : row[column];
  }
}

function unsupported(name: string): never {
  throw new Error(`${name}() is not available on this D1 connection`);
}

/**
 * @example
 * const db = createDb(createD1Shim(transport)); // then any query module works from Node
 */
export function createD1Shim(transport: D1Transport): D1Database {
  const shim = {
    prepare: (sql: string) => new ShimStatement(transport, sql),
    batch: (statements: ShimStatement[]) => transport.batch(statements.map((s) => s.statement)),
    exec: () => unsupported('exec'),
    dump: () => unsupported('dump'),
    withSession: () => unsupported('withSession'),
  };
  return shim as unknown as D1Database;
}
