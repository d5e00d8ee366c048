/** The `x-db-calls` response header: D1 round trips made while answering this request. */
import type { D1Usage } from './d1-counter.ts';

/**
 * Sets x-db-calls from the request's counter (a cache HIT shows 0).
 *
 * @example
 * setDbCallsHeader(response.headers, c.var.d1Usage);
 */
export function setDbCallsHeader(headers: Headers, usage: D1Usage | undefined): void {
  headers.set('x-db-calls', String(usage?.calls ?? 0));
}
