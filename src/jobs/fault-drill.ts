/**
 * The kill drill (JOBS_KILL_AT): a D1 binding that can be cut off. Once `sever()` is called, every
 * call through it fails, as every call of an invocation whose isolate was killed never happens:
 * the run's row stays "running" and its lease stays held until it lapses, which is what the next
 * trigger must recover from. Without the drill the binding is passed through untouched.
 */

export class InvocationKilled extends Error {
  constructor(point: string) {
    super(`invocation killed at ${point} (JOBS_KILL_AT fault drill)`);
    this.name = 'InvocationKilled';
  }
}

export interface Severable {
  d1: D1Database;
  sever(point: string): never;
}

/**
 * @example
 * const { d1, sever } = severable(env.DB);
 * sever('rank:2'); // throws, and every later d1 call rejects
 */
export function severable(d1: D1Database): Severable {
  let severedAt: string | null = null;
  /** The binding's own statements behind our proxies: batch() accepts only those. */
  const inner = new WeakMap<object, D1PreparedStatement>();
  const refuse = () => Promise.reject(new InvocationKilled(severedAt ?? ''));
  const statement = (real: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(real, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== 'function') {
          return value;
        }
        if (prop === 'bind') {
          return (...args: unknown[]) => statement(value.apply(target, args));
        }
        return (...args: unknown[]) => (severedAt === null ? value.apply(target, args) : refuse());
      },
    });
    inner.set(proxy, real);
    return proxy;
  };
  const proxied = new Proxy(d1, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') {
        return value;
      }
      if (prop === 'prepare') {
        return (query: string) => statement(target.prepare(query));
      }
      if (prop === 'batch') {
        return (statements: D1PreparedStatement[]) =>
          severedAt === null ? target.batch(statements.map((s) => inner.get(s) ?? s)) : refuse();
      }
      return (...args: unknown[]) => (severedAt === null ? value.apply(target, args) : refuse());
    },
  });
  return {
    d1: proxied,
    sever(point: string): never {
      severedAt = point;
      throw new InvocationKilled(point);
    },
  };
}
