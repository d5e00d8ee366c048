/**
 * Drives one case with autocannon and samples a few responses with fetch. autocannon only counts
 * bytes and status codes, so the facts it cannot see (the body's size, the D1 round trips in
 * `x-db-calls`, the cache status) come from the samples.
 */
import autocannon from 'autocannon';

export interface DriveOptions {
  connections: number;
  /** Seconds. */
  duration: number;
}

/** Either one path for every request, or a function that names the next path. */
export type PathSource = string | (() => string);

export interface Sample {
  path: string;
  status: number;
  /** Uncompressed body size (we ask for identity encoding). */
  bytes: number;
  /** The observe helper's count of D1 round trips, or null when the header is absent. */
  dbCalls: number | null;
  /** HIT / MISS / BYPASS... from whichever cache header the response carries, or null. */
  cache: string | null;
  contentType: string | null;
  /** The app's own account of where the time went (total, db, render), when it sends one. */
  serverTiming: string | null;
  body: string;
}

/** Headers the cache middleware may use to say whether it served a stored copy. */
const CACHE_HEADERS = ['x-cache', 'x-cache-status', 'cf-cache-status'];

/**
 * Fetches `path` once and records what the benchmark reports about a response.
 *
 * @example
 * const s = await sample('http://127.0.0.1:8851', '/');
 * // s.status === 200, s.dbCalls === 1
 */
export async function sample(origin: string, path: string): Promise<Sample> {
  const response = await fetch(new URL(path, origin), {
    headers: { 'accept-encoding': 'identity' },
    redirect: 'manual',
  });
  const body = await response.text();
  const dbCalls = response.headers.get('x-db-calls');
  const cacheHeader = CACHE_HEADERS.find((name) => response.headers.has(name));
  return {
    path,
    status: response.status,
    bytes: Buffer.byteLength(body),
    dbCalls: dbCalls === null ? null : Number(dbCalls),
    cache: cacheHeader ? response.headers.get(cacheHeader) : null,
    contentType: response.headers.get('content-type'),
    serverTiming: response.headers.get('server-timing'),
    body,
  };
}

/**
 * Runs autocannon against `origin` for `options.duration` seconds.
 *
 * @example
 * const result = await drive('http://127.0.0.1:8851', '/', { connections: 32, duration: 10 });
 * // result.requests.average is requests per second
 */
export function drive(
  origin: string,
  paths: PathSource,
  options: DriveOptions,
): Promise<autocannon.Result> {
  const fixed = typeof paths === 'string';
  return autocannon({
    url: fixed ? new URL(paths, origin).href : origin,
    connections: options.connections,
    duration: options.duration,
    // One identical client for every case: no compression, as a cache in front would serve it.
    headers: { 'accept-encoding': 'identity' },
    ...(fixed
      ? {}
      : {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => ({ ...request, path: paths() }),
            },
          ],
        }),
  });
}
