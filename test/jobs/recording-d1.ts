/**
 * Wraps the real D1 binding so a test can see every statement a run sends and how many
 * parameters each binds. Local D1 accepts more than 100 bound parameters; production D1 does not,
 * so this is where that limit is enforced in tests.
 */

export interface Recorded {
  sql: string;
  params: number;
}

export function recordingD1(binding: D1Database): { db: D1Database; statements: Recorded[] } {
  const statements: Recorded[] = [];
  const originals = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop === 'bind') {
          return (...args: unknown[]) => {
            statements.push({ sql, params: args.length });
            return wrap(target.bind(...args), sql);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    originals.set(proxy, statement);
    return proxy;
  };
  const db = new Proxy(binding, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (sql: string) => wrap(target.prepare(sql), sql);
      }
      if (prop === 'batch') {
        return (list: D1PreparedStatement[]) =>
          target.batch(list.map((s) => originals.get(s) ?? s));
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db, statements };
}

/** Statements that write to any of `tables`. */
export function writesTo(statements: Recorded[], tables: string[]): Recorded[] {
  return statements.filter((s) =>
    tables.some((t) =>
      new RegExp(`^\\s*(insert into|update|delete from)\\s+"?${t}"?\\b`, 'i').test(s.sql),
    ),
  );
}
