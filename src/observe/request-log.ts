/**
 * The structured log line written once per request. Its shape is shared by the middleware that
 * writes it and by `npm run stats`, which reads it back from `wrangler tail` or `wrangler dev`.
 * Workers Logs indexes the fields, so each one is a flat, queryable value.
 */

/** Marks our request lines among everything else a log stream carries. */
export const REQUEST_LOG_EVENT = 'request';

export interface RequestLogError {
  name: string;
  message: string;
  stack?: string;
}

export interface RequestLogLine {
  event: typeof REQUEST_LOG_EVENT;
  /** `error` when the request failed with an exception (its stack is in `error`). */
  level: 'info' | 'error';
  /** When the request arrived, ISO 8601. */
  time: string;
  requestId: string;
  method: string;
  /** The matched route pattern (`/posts/:slug`), or null when no route matched. */
  route: string | null;
  /** The request path without its query string, which may hold search terms. */
  path: string;
  status: number;
  durationMs: number;
  /** The cache middleware's verdict (`x-cache`: HIT, MISS, STALE, BYPASS), null when it did not run. */
  cache: string | null;
  /** The cache rule that applied (`x-cache-rule`). */
  cacheRule: string | null;
  /** Why the cache was bypassed (`x-cache-bypass`). */
  cacheBypass: string | null;
  d1Calls: number;
  d1Ms: number;
  /** Time spent rendering HTML, null when the route rendered none through timeRender(). */
  renderMs: number | null;
  /** The Worker version that served the request (see version.ts). */
  version: string;
  error?: RequestLogError;
}

/**
 * Writes the line with console.log, shaped for where it will be read. Deployed, it is logged as an
 * object: Workers Logs indexes an object's fields (so `status`, `route`, `requestId` are
 * filterable), while a JSON string would be stored as one opaque `message`, and `wrangler tail`
 * carries the object as JSON either way. Under `wrangler dev` an object would be printed in
 * Node's inspect format across many lines, so there it is logged as one JSON string instead.
 *
 * @example
 * writeRequestLog(line, c.env.ENVIRONMENT);
 */
export function writeRequestLog(line: RequestLogLine, environment: string): void {
  console.log(environment === 'development' ? JSON.stringify(line) : line);
}

/**
 * True when `value` looks like one of our request lines (as parsed back from a log stream).
 *
 * @example
 * isRequestLogLine(JSON.parse(line)); // true for lines the observe middleware wrote
 */
export function isRequestLogLine(value: unknown): value is RequestLogLine {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const line = value as Record<string, unknown>;
  return (
    line.event === REQUEST_LOG_EVENT &&
    typeof line.status === 'number' &&
    typeof line.durationMs === 'number' &&
    typeof line.d1Calls === 'number'
  );
}

/**
 * The error fields of a log line. Only Error instances carry a stack; anything else thrown is
 * described by its string form.
 *
 * @example
 * describeError(new TypeError('boom')); // { name: 'TypeError', message: 'boom', stack: '...' }
 */
export function describeError(error: unknown): RequestLogError {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack };
  }
  return { name: 'NonError', message: String(error) };
}
