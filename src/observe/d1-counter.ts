/**
 * Wraps a D1 binding once per request so every round trip to the database is counted and timed
 * (prepare(...).first/all/run/raw, batch, exec), without routes or query modules doing it by hand.
 * The counts feed Server-Timing, x-db-calls and the request log line.
 */

export interface D1Usage {
  /** Round trips to D1: a batch of many statements counts once. */
  calls: number;
  /** Wall time spent waiting on D1, in milliseconds. */
  durationMs: number;
}

const RUNNERS = new Set(['first', 'all', 'run', 'raw']);

/** Maps our statement proxies back to the binding's own objects, which batch() insists on. */
const unwrapped = new WeakMap<object, D1PreparedStatement>();

async function timed<T>(usage: D1Usage, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  usage.calls += 1;
  try {
    return await work();
  } finally {
    usage.durationMs += performance.now() - started;
  }
}

function countStatement(statement: D1PreparedStatement, usage: D1Usage): D1PreparedStatement {
  const proxy = new Proxy(statement, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') {
        return value;
      }
      if (prop === 'bind') {
        return (...args: unknown[]) => countStatement(value.apply(target, args), usage);
      }
      if (typeof prop === 'string' && RUNNERS.has(prop)) {
        return (...args: unknown[]) => timed(usage, () => value.apply(target, args));
      }
      return value.bind(target);
    },
  });
  unwrapped.set(proxy, statement);
  return proxy;
}

/**
 * Returns a D1Database that behaves like `db` and records every round trip in `usage`.
 *
 * @example
 * const usage = { calls: 0, durationMs: 0 };
 * const counted = countD1Calls(env.DB, usage);
 * await counted.prepare('select 1').first(); // usage.calls === 1
 */
export function countD1Calls(db: D1Database, usage: D1Usage): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') {
        return value;
      }
      if (prop === 'prepare') {
        return (query: string) => countStatement(target.prepare(query), usage);
      }
      if (prop === 'batch') {
        return (statements: D1PreparedStatement[]) =>
          timed(usage, () => target.batch(statements.map((s) => unwrapped.get(s) ?? s)));
      }
      if (prop === 'exec' || prop === 'dump') {
        return (...args: unknown[]) => timed(usage, () => value.apply(target, args));
      }
      return value.bind(target);
    },
  });
}
