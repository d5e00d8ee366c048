import { describe, expect, it } from 'vitest';
import {
  aggregate,
  extractRequestLines,
  formatStatsTable,
  percentile,
} from '../../scripts/lib/log-stats.ts';
import type { RequestLogLine } from '../../src/observe/request-log.ts';
import devLog from '../fixtures/logs/wrangler-dev.log?raw';
import siteLog from '../fixtures/logs/wrangler-dev-site.log?raw';
import tailLog from '../fixtures/logs/wrangler-tail-json.log?raw';

function line(overrides: Partial<RequestLogLine>): RequestLogLine {
  return {
    event: 'request',
    level: 'info',
    time: '2026-11-27T10:00:00.000Z',
    requestId: 'r',
    method: 'GET',
    route: '/posts/:slug',
    path: '/posts/x',
    status: 200,
    durationMs: 10,
    cache: null,
    cacheRule: null,
    cacheBypass: null,
    d1Calls: 1,
    d1Ms: 1,
    renderMs: null,
    version: 'v1',
    ...overrides,
  };
}

describe('reading captured logs', () => {
  it('finds every request line in recorded wrangler dev output, skipping wrangler chatter', () => {
    const { lines, malformed } = extractRequestLines(devLog);
    expect(malformed).toBe(0);
    expect(lines).toHaveLength(12);
    expect(lines.map((l) => `${l.method} ${l.route ?? '-'} ${l.status}`)).toEqual([
      ...Array(5).fill('GET /healthz 503'),
      'GET - 404',
      'GET - 404',
      'GET - 404',
      'HEAD /healthz 503',
      ...Array(3).fill('GET /healthz 200'),
    ]);
  });

  it('reads the same lines out of wrangler tail --format json events, ignoring other logs', () => {
    const fromTail = extractRequestLines(tailLog);
    expect(fromTail.malformed).toBe(0);
    expect(fromTail.lines).toEqual(extractRequestLines(devLog).lines);
  });

  it('counts JSON that does not parse instead of failing', () => {
    const text = `${JSON.stringify(line({ requestId: 'a' }))}\n{"event":"request", "status": 2\n{\n  "logs": [\n`;
    const { lines, malformed } = extractRequestLines(text);
    expect(lines.map((l) => l.requestId)).toEqual(['a']);
    expect(malformed).toBe(1);
  });
});

describe('stats per route', () => {
  it('summarises the recorded log', () => {
    const rows = aggregate(extractRequestLines(devLog).lines, 'route');
    expect(rows.map((r) => [r.key, r.requests, r.errors, r.d1CallsPerRequest])).toEqual([
      ['GET /healthz', 8, 5, 1],
      ['GET (unmatched)', 3, 0, 0],
      ['HEAD /healthz', 1, 1, 1],
      ['(all)', 12, 6, 9 / 12],
    ]);
    expect(rows.every((r) => r.hitRatio === null)).toBe(true);
  });

  it('summarises a recorded browse of the whole site: cache hits, bypasses, D1 calls', () => {
    const { lines, malformed } = extractRequestLines(siteLog);
    expect(malformed).toBe(0);
    expect(lines).toHaveLength(23);
    const rows = aggregate(lines, 'route');
    // /posts/:slug: MISS 20 ms, HIT 1, HIT 1, MISS (a 404) 12, BYPASS (authorization) 13.
    expect(rows[0]).toMatchObject({
      key: 'GET /posts/:slug',
      requests: 5,
      p50Ms: 12,
      p95Ms: 20,
      cacheHits: 2,
      cacheLookups: 4,
      hitRatio: 0.5,
      bypasses: 1,
      d1CallsPerRequest: 0.6,
    });
    // 8 HITs against 10 MISSes; /healthz, the unknown path and two bypassed requests excluded.
    expect(rows.at(-1)).toMatchObject({
      key: '(all)',
      requests: 23,
      cacheHits: 8,
      cacheLookups: 18,
      bypasses: 5,
      maxD1Calls: 1,
      errors: 0,
    });
    // A HIT costs no D1 call, anywhere.
    expect(lines.filter((l) => l.cache === 'HIT').every((l) => l.d1Calls === 0)).toBe(true);
  });

  it('computes percentiles, error rate, cache hit ratio and D1 calls exactly', () => {
    const lines = [
      ...[5, 1, 3, 2, 4, 10, 9, 8, 7, 6].map((durationMs, i) =>
        line({
          durationMs,
          cache: i < 6 ? 'HIT' : i < 8 ? 'MISS' : 'BYPASS',
          d1Calls: i < 6 ? 0 : 1,
        }),
      ),
      line({
        route: '/',
        status: 500,
        durationMs: 100,
        cache: 'STALE',
        d1Calls: 3,
        level: 'error',
      }),
    ];
    const [posts, home, all] = aggregate(lines, 'route');
    expect(posts).toMatchObject({
      key: 'GET /posts/:slug',
      requests: 10,
      errors: 0,
      p50Ms: 5,
      p95Ms: 10,
      p99Ms: 10,
      cacheHits: 6,
      cacheLookups: 8,
      hitRatio: 0.75,
      bypasses: 2,
      d1CallsPerRequest: 0.4,
      maxD1Calls: 1,
    });
    expect(home).toMatchObject({
      key: 'GET /',
      errors: 1,
      errorRate: 1,
      hitRatio: 1,
      maxD1Calls: 3,
    });
    expect(all).toMatchObject({ key: '(all)', requests: 11, errorRate: 1 / 11, p99Ms: 100 });
  });

  it('groups by version, to compare two versions during a gradual rollout', () => {
    const rows = aggregate(
      [
        line({ version: 'old', durationMs: 10 }),
        line({ version: 'new', durationMs: 30 }),
        line({ version: 'new' }),
      ],
      'version',
    );
    expect(rows.map((r) => [r.key, r.requests, r.p95Ms])).toEqual([
      ['new', 2, 30],
      ['old', 1, 10],
      ['(all)', 3, 30],
    ]);
  });

  it('uses nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 51)).toBe(3);
  });

  it('prints an aligned table', () => {
    const table = formatStatsTable(
      aggregate([line({ cache: 'HIT' }), line({ cache: 'MISS' })], 'route'),
      'route',
    );
    expect(table.split('\n')).toEqual([
      'route             reqs  p50 ms  p95 ms  p99 ms  errors  cache hit  bypass  D1/req  D1 max',
      'GET /posts/:slug     2    10.0    10.0    10.0    0.0%      50.0%       0    1.00       1',
      '(all)                2    10.0    10.0    10.0    0.0%      50.0%       0    1.00       1',
    ]);
  });
});
