import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.ts';
import { timeRender } from '../../src/observe/render-timing.ts';
import { isRequestLogLine, type RequestLogLine } from '../../src/observe/request-log.ts';

/** Captures what the Worker logs; exports.default runs the Worker in this same isolate. */
function captureLogLines(): { lines: () => RequestLogLine[] } {
  const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
  return {
    lines: () =>
      spy.mock.calls
        .map(([first]) => {
          try {
            return typeof first === 'string' ? JSON.parse(first) : null;
          } catch {
            return null;
          }
        })
        .filter(isRequestLogLine),
  };
}

/** The real app (middleware order, error handler) plus routes that only tests need. */
async function requestTestApp(path: string, bindings: Env = env): Promise<Response> {
  const app = createApp();
  app.get('/test/things/:id', (c) => c.text(`thing ${c.req.param('id')}`));
  app.get('/test/rendered', (c) => timeRender(c, () => c.html('<p>rendered</p>')));
  app.get('/test/boom', async (c) => {
    await c.var.db.run(sql`select 1`);
    throw new Error('kaboom: secret internals');
  });
  const ctx = createExecutionContext();
  // The /test routes fall under the cache's last rule (old URLs); an authenticated request
  // bypasses the cache, so a thrown error reaches onError as it would under no rule.
  const response = await app.request(
    path,
    { headers: { authorization: 'Bearer test' } },
    bindings,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return response;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('per-request headers', () => {
  it('adds Server-Timing, x-db-calls and x-request-id to a response that used D1', async () => {
    const response = await exports.default.fetch('http://example.com/healthz');
    await response.body?.cancel();
    const timing = response.headers.get('server-timing') ?? '';
    // /healthz reads the job runs and, beside them, the articles table: two D1 calls.
    expect(timing).toMatch(
      /^total;dur=\d+(\.\d)?, db;dur=\d+(\.\d)?;desc="2 D1 calls", cache;desc="BYPASS"$/,
    );
    expect(response.headers.get('x-db-calls')).toBe('2');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('adds them to a 404 that made no D1 call', async () => {
    // Only GET and HEAD can be old URLs worth a lookup.
    const response = await exports.default.fetch('http://example.com/no/such/page', {
      method: 'POST',
    });
    await response.body?.cancel();
    expect(response.status).toBe(404);
    expect(response.headers.get('x-db-calls')).toBe('0');
    expect(response.headers.get('server-timing')).toContain('db;dur=0;desc="0 D1 calls"');
  });

  it('reports render time when the route renders through timeRender', async () => {
    const response = await requestTestApp('/test/rendered');
    expect(await response.text()).toBe('<p>rendered</p>');
    expect(response.headers.get('server-timing')).toMatch(/, render;dur=\d+(\.\d)?, cache;desc=/);
  });

  it('gives each request its own id, and uses the ray id when Cloudflare sends one', async () => {
    const [a, b] = await Promise.all([
      exports.default.fetch('http://example.com/nope'),
      exports.default.fetch('http://example.com/nope', {
        headers: { 'cf-ray': '8f1b2c3d4e5f6a7b-AMS' },
      }),
    ]);
    await a?.body?.cancel();
    await b?.body?.cancel();
    expect(a?.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(b?.headers.get('x-request-id')).toBe('8f1b2c3d4e5f6a7b-AMS');
  });
});

describe('request log line', () => {
  it('writes one JSON line per request with every field', async () => {
    const log = captureLogLines();
    const response = await exports.default.fetch('http://example.com/healthz?probe=1');
    await response.body?.cancel();
    const lines = log.lines();
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      event: 'request',
      level: 'info',
      requestId: response.headers.get('x-request-id'),
      method: 'GET',
      route: '/healthz',
      path: '/healthz',
      status: response.status,
      // /healthz is never cached: the cache middleware says so, and the line records it.
      cache: 'BYPASS',
      cacheRule: 'health',
      cacheBypass: 'rule=never',
      d1Calls: 2,
      renderMs: null,
      version: 'local-0.1.0',
    });
    expect(Date.parse(line?.time ?? '')).not.toBeNaN();
    expect(line?.durationMs).toBeGreaterThanOrEqual(0);
    expect(line?.d1Ms).toBeGreaterThanOrEqual(0);
    expect(line?.error).toBeUndefined();
  });

  it('names the route pattern, not the path, and null when nothing matched', async () => {
    const log = captureLogLines();
    await requestTestApp('/test/things/42');
    await requestTestApp('/no/such/route');
    expect(log.lines().map((l) => [l.route, l.path, l.status])).toEqual([
      ['/test/things/:id', '/test/things/42', 200],
      [null, '/no/such/route', 404],
    ]);
  });
});

describe('log line shape per environment', () => {
  it('logs an object when deployed, so Workers Logs indexes its fields, naming the version', async () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
    await requestTestApp('/test/things/7', { ...env, ENVIRONMENT: 'production' });
    expect(spy).toHaveBeenCalledTimes(1);
    const [logged] = spy.mock.calls[0] ?? [];
    expect(isRequestLogLine(logged)).toBe(true);
    expect(logged).toMatchObject({
      route: '/test/things/:id',
      version: env.CF_VERSION_METADATA.id,
    });
  });

  it('logs one JSON string under wrangler dev, where an object would span many lines', async () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
    await requestTestApp('/test/things/7');
    const [logged] = spy.mock.calls[0] ?? [];
    expect(typeof logged).toBe('string');
    expect(String(logged)).not.toContain('\n');
    expect(JSON.parse(String(logged))).toMatchObject({ route: '/test/things/:id' });
  });
});

describe('errors', () => {
  it('shows a clean 500 page quoting the request id, and logs the stack once', async () => {
    const log = captureLogLines();
    const response = await requestTestApp('/test/boom');
    const html = await response.text();
    const requestId = response.headers.get('x-request-id') ?? 'missing';

    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('Something went wrong');
    expect(html).toContain(requestId);
    expect(html).not.toContain('kaboom');
    expect(html).not.toMatch(/at .*\.ts:\d+/);
    // The headers still say how the failed request went.
    expect(response.headers.get('x-db-calls')).toBe('1');

    const lines = log.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      requestId,
      route: '/test/boom',
      status: 500,
      d1Calls: 1,
      error: { name: 'Error', message: 'kaboom: secret internals' },
    });
    expect(lines[0]?.error?.stack).toContain('kaboom');
  });
});
