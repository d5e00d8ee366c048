/**
 * The load test's clients. `fetch` (the default): `connections` loops, each sending the next
 * request of the mix as soon as its previous response has been read in full, over Node's own HTTP
 * client (undici, keep-alive), for a fixed time. `autocannon`: the same through autocannon, kept
 * to reproduce why it is not the default (docs/BENCHMARKS.md, "Which client drives the load").
 * Every response is read to its end and handed to `onResponse`; a request without a whole
 * response within REQUEST_TIMEOUT_MS is a timeout, any other failure a connection error, both
 * with the moment they happened.
 */
import autocannon from 'autocannon';
import { ConnectionErrors } from '../lib/connection-errors.ts';

export type LoadClient = 'fetch' | 'autocannon';

const REQUEST_TIMEOUT_MS = 10_000;

export interface DriveOptions {
  origin: string;
  connections: number;
  durationSeconds: number;
  headers: Record<string, string>;
  /** The path of the next request, and what the caller wants back with its response. */
  next: () => string;
  onResponse: (path: string, status: number, contentType: string | null, body: string) => void;
}

export interface DriveResult {
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  /** Connection errors by kind (error code and message). */
  errorKinds: Map<string, number>;
  /** Seconds since the start at which each error or timeout happened. */
  errorSeconds: number[];
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) {
    return 0;
  }
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * @example
 * const result = await drive({ origin, connections: 64, durationSeconds: 60, headers: {},
 *   next: () => '/', onResponse: (path, status) => check(path, status) });
 */
export async function drive(
  options: DriveOptions,
  started = performance.now(),
  client: LoadClient = 'fetch',
): Promise<DriveResult> {
  return client === 'fetch' ? driveFetch(options, started) : driveAutocannon(options, started);
}

async function driveAutocannon(options: DriveOptions, started: number): Promise<DriveResult> {
  const failures = new ConnectionErrors(started);
  type Context = { path?: string };
  const instance = autocannon({
    url: options.origin,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: REQUEST_TIMEOUT_MS / 1000,
    headers: options.headers,
    requests: [
      {
        setupRequest: (request, context) => {
          const path = options.next();
          (context as Context).path = path;
          return { ...request, path };
        },
        onResponse: (status, body, context, headers) => {
          const path = (context as Context).path;
          const type = (headers as Record<string, string | undefined>)['content-type'];
          if (path !== undefined) {
            options.onResponse(path, status, type ?? null, body);
          }
        },
      },
    ],
  });
  // Without a callback autocannon returns an EventEmitter that is also a promise of the result.
  (instance as unknown as NodeJS.EventEmitter).on('reqError', (error: Error) => {
    failures.record(error);
  });
  const result = await instance;
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    // autocannon counts a timeout as an error too.
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    errorKinds: failures.kinds,
    errorSeconds: failures.seconds,
  };
}

async function driveFetch(options: DriveOptions, started: number): Promise<DriveResult> {
  const end = started + options.durationSeconds * 1000;
  const latencies: number[] = [];
  const failures = new ConnectionErrors(started);
  let timeouts = 0;
  let errors = 0;

  const failed = (error: unknown) => {
    if ((error as Error).name === 'TimeoutError') {
      timeouts += 1;
      failures.at();
      return;
    }
    errors += 1;
    failures.record(error);
  };

  const loop = async () => {
    while (performance.now() < end) {
      const path = options.next();
      const sent = performance.now();
      try {
        const response = await fetch(`${options.origin}${path}`, {
          headers: options.headers,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const body = await response.text();
        latencies.push(performance.now() - sent);
        options.onResponse(path, response.status, response.headers.get('content-type'), body);
      } catch (error) {
        failed(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, loop));

  const sorted = Float64Array.from(latencies).sort();
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / seconds,
    latencyMs: {
      p50: Math.round(percentile(sorted, 50)),
      p99: Math.round(percentile(sorted, 99)),
      max: Math.round(sorted[sorted.length - 1] ?? 0),
    },
    errors,
    timeouts,
    errorKinds: failures.kinds,
    errorSeconds: failures.seconds,
  };
}
