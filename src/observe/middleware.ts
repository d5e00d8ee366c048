/**
 * The outermost middleware: names the request (x-request-id), and when the response leaves adds
 * Server-Timing and x-db-calls and writes the one structured log line for the request. It runs
 * outside the cache middleware, so it sees the cache's verdict in the `x-cache` header, and outside
 * the D1 middleware, whose counter it reads from c.var.d1Usage.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../app-env.ts';
import { setResponseHeader } from '../response-headers.ts';
import { setDbCallsHeader } from './db-calls-header.ts';
import { newRenderTiming } from './render-timing.ts';
import { requestIdFor } from './request-id.ts';
import {
  describeError,
  REQUEST_LOG_EVENT,
  type RequestLogLine,
  writeRequestLog,
} from './request-log.ts';
import { formatServerTiming, roundMs, type TimingMetric } from './server-timing.ts';
import { versionInfo } from './version.ts';

/**
 * The pattern of the route that handled the request. Middleware registered with app.use() matches
 * under the method ALL, so the last route with a real method is the handler; a request that only
 * matched middleware (a 404) has none.
 */
function routePattern(c: Context<AppEnv>): string | null {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i -= 1) {
    const route = routes[i];
    if (route && route.method !== 'ALL') {
      return route.path;
    }
  }
  return null;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export const observeMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  const time = new Date().toISOString();
  const started = performance.now();
  const requestId = requestIdFor(c.req.raw);
  c.set('requestId', requestId);
  c.set('renderTiming', newRenderTiming());

  await next();

  const durationMs = performance.now() - started;
  // Set by the D1 middleware; a request that never reached it made no D1 calls.
  const usage = c.get('d1Usage') ?? { calls: 0, durationMs: 0 };
  const render = c.get('renderTiming');
  const cache = c.res.headers.get('x-cache');

  const metrics: TimingMetric[] = [
    { name: 'total', durationMs },
    { name: 'db', durationMs: usage.durationMs, description: plural(usage.calls, 'D1 call') },
  ];
  if (render.renders > 0) {
    metrics.push({ name: 'render', durationMs: render.durationMs });
  }
  if (cache) {
    metrics.push({ name: 'cache', description: cache });
  }

  const headers = setResponseHeader(c, 'x-request-id', requestId);
  headers.set('server-timing', formatServerTiming(metrics));
  setDbCallsHeader(headers, usage);

  // A 4xx HTTPException also sets c.error, but it is a deliberate answer, not a failure.
  const failure = c.error && c.res.status >= 500 ? c.error : undefined;
  const line: RequestLogLine = {
    event: REQUEST_LOG_EVENT,
    level: failure ? 'error' : 'info',
    time,
    requestId,
    method: c.req.method,
    route: routePattern(c),
    path: c.req.path,
    status: c.res.status,
    durationMs: roundMs(durationMs),
    cache,
    cacheRule: c.res.headers.get('x-cache-rule'),
    cacheBypass: c.res.headers.get('x-cache-bypass'),
    d1Calls: usage.calls,
    d1Ms: roundMs(usage.durationMs),
    renderMs: render.renders > 0 ? roundMs(render.durationMs) : null,
    version: versionInfo(c.env).id,
  };
  // The error handler turned the exception into a clean page; this line is where its stack is
  // recorded, once, next to the request id the visitor was shown.
  if (failure) {
    line.error = describeError(failure);
  }
  writeRequestLog(line, c.env.ENVIRONMENT);
});
