/**
 * Reads request log lines back out of a captured log and summarises them per route (or per
 * version): latency percentiles, error rate, cache hit ratio and D1 calls per request. Pure, so
 * `npm run stats` (scripts/stats.ts) stays a thin CLI and the numbers are tested on a recorded log.
 *
 * Two capture formats are understood, in any mix:
 * - `wrangler dev` (or any line-oriented stream): each request line is a JSON object on its own
 *   line, among wrangler's own output, which is skipped.
 * - `wrangler tail --format json`: one pretty-printed JSON event per invocation, whose
 *   `logs[].message[]` holds what the Worker passed to console.log.
 */
import { isRequestLogLine, type RequestLogLine } from '../../src/observe/request-log.ts';

export interface ExtractedLines {
  lines: RequestLogLine[];
  /** JSON-looking text that did not parse: a truncated capture, or lines from something else. */
  malformed: number;
}

/** Collects request lines from a parsed JSON value: a line itself, or a tail event holding some. */
function collect(value: unknown, into: RequestLogLine[]): void {
  if (isRequestLogLine(value)) {
    into.push(value);
    return;
  }
  const logs = (value as { logs?: unknown } | null)?.logs;
  if (!Array.isArray(logs)) {
    return;
  }
  for (const log of logs) {
    const message = (log as { message?: unknown } | null)?.message;
    for (const part of Array.isArray(message) ? message : []) {
      if (typeof part === 'string' && part.startsWith('{')) {
        try {
          collect(JSON.parse(part), into);
        } catch {
          // A console.log that merely starts with a brace is not ours.
        }
      } else {
        collect(part, into);
      }
    }
  }
}

/**
 * Every request log line in `text`, in order.
 *
 * @example
 * const { lines } = extractRequestLines(readFileSync('tail.json', 'utf8'));
 */
export function extractRequestLines(text: string): ExtractedLines {
  const lines: RequestLogLine[] = [];
  let malformed = 0;
  const parse = (json: string) => {
    try {
      collect(JSON.parse(json), lines);
    } catch {
      malformed += 1;
    }
  };

  const rows = text.split(/\r?\n/);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] ?? '';
    // wrangler tail --format json pretty-prints each event: "{" alone, then "}" alone at column 0.
    if (row === '{') {
      const end = rows.indexOf('}', i + 1);
      if (end === -1) {
        malformed += 1;
        break;
      }
      parse(rows.slice(i, end + 1).join('\n'));
      i = end;
      continue;
    }
    const start = row.indexOf('{');
    if (start !== -1 && row.trimEnd().endsWith('}')) {
      parse(row.slice(start).trimEnd());
    }
  }
  return { lines, malformed };
}

export interface GroupStats {
  /** The route pattern (or version); `(unmatched)` for requests no route handled. */
  key: string;
  requests: number;
  /** Responses with status 500 and above. */
  errors: number;
  errorRate: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** HIT and STALE: served from the edge cache. */
  cacheHits: number;
  /** HIT, STALE and MISS: requests the cache could have answered (BYPASS and no verdict excluded). */
  cacheLookups: number;
  /** cacheHits / cacheLookups, or null when the cache never had a chance. */
  hitRatio: number | null;
  bypasses: number;
  d1CallsPerRequest: number;
  maxD1Calls: number;
}

/**
 * The p-th percentile by nearest rank: an actual observed value, never an interpolation.
 *
 * @example
 * percentile([5, 1, 3, 2, 4], 50); // 3
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    return 0;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? 0;
}

function summarise(key: string, group: readonly RequestLogLine[]): GroupStats {
  const durations = group.map((l) => l.durationMs);
  const errors = group.filter((l) => l.status >= 500).length;
  const cacheHits = group.filter((l) => l.cache === 'HIT' || l.cache === 'STALE').length;
  const cacheLookups = cacheHits + group.filter((l) => l.cache === 'MISS').length;
  const d1Calls = group.map((l) => l.d1Calls);
  return {
    key,
    requests: group.length,
    errors,
    errorRate: errors / group.length,
    p50Ms: percentile(durations, 50),
    p95Ms: percentile(durations, 95),
    p99Ms: percentile(durations, 99),
    cacheHits,
    cacheLookups,
    hitRatio: cacheLookups === 0 ? null : cacheHits / cacheLookups,
    bypasses: group.filter((l) => l.cache === 'BYPASS').length,
    d1CallsPerRequest: d1Calls.reduce((a, b) => a + b, 0) / group.length,
    maxD1Calls: Math.max(...d1Calls),
  };
}

export type GroupBy = 'route' | 'version';

/**
 * Stats per group, busiest first, followed by an `(all)` row over every line.
 *
 * @example
 * aggregate(lines, 'route'); // [{ key: '/posts/:slug', requests: 120, p95Ms: 41, ... }, ..., { key: '(all)', ... }]
 */
export function aggregate(lines: readonly RequestLogLine[], by: GroupBy): GroupStats[] {
  if (lines.length === 0) {
    return [];
  }
  const groups = new Map<string, RequestLogLine[]>();
  for (const line of lines) {
    const key = by === 'route' ? `${line.method} ${line.route ?? '(unmatched)'}` : line.version;
    const group = groups.get(key) ?? [];
    group.push(line);
    groups.set(key, group);
  }
  const rows = [...groups]
    .map(([key, group]) => summarise(key, group))
    .sort((a, b) => b.requests - a.requests || a.key.localeCompare(b.key));
  return [...rows, summarise('(all)', lines)];
}

const percent = (ratio: number | null) => (ratio === null ? '-' : `${(ratio * 100).toFixed(1)}%`);

/**
 * A plain-text table of `rows`, columns aligned, for a terminal.
 *
 * @example
 * console.log(formatStatsTable(aggregate(lines, 'route'), 'route'));
 */
export function formatStatsTable(rows: readonly GroupStats[], by: GroupBy): string {
  const header = [
    by,
    'reqs',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'errors',
    'cache hit',
    'bypass',
    'D1/req',
    'D1 max',
  ];
  const body = rows.map((r) => [
    r.key,
    String(r.requests),
    r.p50Ms.toFixed(1),
    r.p95Ms.toFixed(1),
    r.p99Ms.toFixed(1),
    percent(r.errorRate),
    percent(r.hitRatio),
    String(r.bypasses),
    r.d1CallsPerRequest.toFixed(2),
    String(r.maxD1Calls),
  ]);
  const table = [header, ...body];
  const widths = header.map((_, col) => Math.max(...table.map((row) => (row[col] ?? '').length)));
  return table
    .map((row) =>
      row
        .map((cell, col) =>
          col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
