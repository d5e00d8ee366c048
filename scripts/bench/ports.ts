/**
 * Port picking inside this project's assigned range: servers started by the harness (Miniflare,
 * `wrangler dev`, its inspector) must stay on the ports given to the benchmark and browser tests.
 */
import net from 'node:net';

/** The benchmark's and the load test's range: 8851-8869 (the browser tests use 8870-8889). */
export const PORT_RANGE = { first: 8851, last: 8869 } as const;

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * The first `count` free ports in `[first, last]`, or an error naming the range.
 *
 * @example
 * const [web, inspector] = await freePorts(2, { first: 8853, last: 8869 });
 */
export async function freePorts(
  count: number,
  range: { first: number; last: number } = PORT_RANGE,
  host = '127.0.0.1',
): Promise<number[]> {
  const found: number[] = [];
  for (let port = range.first; port <= range.last && found.length < count; port++) {
    if (await isFree(port, host)) {
      found.push(port);
    }
  }
  if (found.length < count) {
    throw new Error(
      `need ${count} free ports in ${range.first}-${range.last}, found ${found.length}`,
    );
  }
  return found;
}

/** How many times onFreePort tries another port after losing one to another process. */
const BIND_ATTEMPTS = 5;

function addressInUse(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_ADDRESS_IN_USE';
}

/**
 * Starts a server on a free port of the range, and on another one when a different process bound
 * the port between the check and the start (benchmarks of other checkouts share the range and
 * start servers at any moment, minutes into a run). Other errors are thrown as they are.
 *
 * @example
 * const baseline = await onFreePort((port) => startBaseline({ outDir, port, persistTo }));
 */
export async function onFreePort<T>(
  start: (port: number) => Promise<T>,
  range: { first: number; last: number } = PORT_RANGE,
): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
    const [port] = (await freePorts(1, range)) as [number];
    try {
      return await start(port);
    } catch (error) {
      if (!addressInUse(error)) {
        throw error;
      }
      lastError = error;
    }
  }
  throw lastError;
}
