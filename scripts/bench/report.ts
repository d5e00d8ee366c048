/**
 * Turns measured cases into the printed table, the target verdicts and bench/results.json. The
 * targets are the issue's, stated once here; a verdict is PASS or MISS from the figures of this
 * run, or N/A (with the reason) when the run could not measure it.
 */
import type { CaseId } from './cases.ts';
import type { Sample } from './drive.ts';
import type { Machine } from './machine.ts';

export type SampleRecord = Omit<Sample, 'body'> & { visit: 'before' | 'after' };

export interface CaseResult {
  id: CaseId;
  title: string;
  path: string;
  /** 'skipped' when the route is not in this build (it answered an unexpected status). */
  outcome: 'measured' | 'skipped';
  note?: string;
  requestsPerSecond: number;
  /** Throughput divided by the baseline's in the same run. */
  ratio: number | null;
  latencyMs: { p50: number; p99: number };
  /** Median uncompressed body size of the steady samples (see CasePlan.steady). */
  bytesPerResponse: number;
  /** Bytes on the wire per response (headers included), from autocannon's totals. */
  wireBytesPerResponse: number;
  /** D1 round trips of the steady samples: what the run's requests cost. */
  d1CallsPerRequest: number | null;
  /** Cache statuses the steady samples carried. */
  cache: string;
  requests: number;
  non2xx: number;
  errors: number;
  /** When connection errors happened, in seconds into the run. */
  errorSeconds?: number[];
  /** How many of each kind of connection error (code and message) there were. */
  errorKinds?: Record<string, number>;
  samples: SampleRecord[];
}

export type Verdict = 'PASS' | 'MISS' | 'N/A';

export interface TargetResult {
  target: string;
  measured: string;
  verdict: Verdict;
}

export interface BenchReport {
  startedAt: string;
  machine: Machine;
  settings: { connections: number; durationSeconds: number; warmupSeconds: number };
  corpus: { articles: number; seed: number; key: string };
  cases: CaseResult[];
  targets: TargetResult[];
  /** Comparisons that help read the targets, e.g. a HIT against the runtime's own Cache API. */
  context: string[];
}

/** Article HTML must stay under this many bytes, uncompressed. */
export const ARTICLE_HTML_LIMIT = 40_000;
const PAGE_CASES: CaseId[] = ['article-hit', 'article-miss', 'home', 'listing', 'search'];

function find(cases: CaseResult[], id: CaseId): CaseResult | undefined {
  return cases.find((c) => c.id === id && c.outcome === 'measured');
}

function ratioTarget(
  cases: CaseResult[],
  id: CaseId,
  label: string,
  minimum: number,
): TargetResult {
  const target = `${label} ≥ ${minimum}x baseline req/s`;
  const measured = find(cases, id);
  if (!measured || measured.ratio === null) {
    return { target, measured: 'not measured', verdict: 'N/A' };
  }
  if (measured.note) {
    return { target, measured: `${measured.ratio.toFixed(2)}x (${measured.note})`, verdict: 'N/A' };
  }
  return {
    target,
    measured: `${measured.ratio.toFixed(2)}x`,
    verdict: measured.ratio >= minimum ? 'PASS' : 'MISS',
  };
}

function d1Target(cases: CaseResult[]): TargetResult {
  const target = 'one D1 round trip per uncached page';
  const rendered = cases
    .filter((c) => PAGE_CASES.includes(c.id) && c.outcome === 'measured')
    .flatMap((c) => c.samples.map((s) => ({ ...s, id: c.id })))
    .filter((s) => s.status === 200 && s.cache?.toUpperCase() !== 'HIT');
  if (rendered.length === 0) {
    return { target, measured: 'no uncached page sampled', verdict: 'N/A' };
  }
  if (rendered.some((s) => s.dbCalls === null)) {
    return { target, measured: 'responses carry no x-db-calls header', verdict: 'N/A' };
  }
  const over = rendered.filter((s) => s.dbCalls !== 1);
  const counts = [...new Set(rendered.map((s) => `${s.id}=${s.dbCalls}`))].join(', ');
  return { target, measured: counts, verdict: over.length === 0 ? 'PASS' : 'MISS' };
}

function sizeTarget(cases: CaseResult[]): TargetResult {
  const target = `article HTML < ${ARTICLE_HTML_LIMIT.toLocaleString('en')} bytes uncompressed`;
  const sizes = cases
    .filter((c) => c.id.startsWith('article-') && c.outcome === 'measured')
    .flatMap((c) => c.samples.filter((s) => s.status === 200).map((s) => s.bytes));
  if (sizes.length === 0) {
    return { target, measured: 'no article sampled', verdict: 'N/A' };
  }
  const largest = Math.max(...sizes);
  return {
    target,
    measured: `largest ${largest.toLocaleString('en')} bytes of ${sizes.length} sampled`,
    verdict: largest < ARTICLE_HTML_LIMIT ? 'PASS' : 'MISS',
  };
}

/**
 * A case's throughput against a ceiling case of the same run (issue 14 states its speed targets
 * that way: the most any Worker doing the same kind of work reaches on this runtime).
 */
function ceilingTarget(
  cases: CaseResult[],
  id: CaseId,
  ceilingId: CaseId,
  label: string,
  minimum: number,
): TargetResult {
  const target = `${label} ≥ ${minimum}x the ${ceilingId} case`;
  const measured = find(cases, id);
  const ceiling = find(cases, ceilingId);
  if (!measured || !ceiling) {
    return { target, measured: 'not measured', verdict: 'N/A' };
  }
  const ratio = measured.requestsPerSecond / ceiling.requestsPerSecond;
  const note = measured.note ?? ceiling.note;
  if (note) {
    return { target, measured: `${ratio.toFixed(2)}x (${note})`, verdict: 'N/A' };
  }
  return {
    target,
    measured: `${ratio.toFixed(2)}x`,
    verdict: ratio >= minimum ? 'PASS' : 'MISS',
  };
}

/** The targets, judged on this run's figures: the first issue's, then issue 14's. */
export function judgeTargets(cases: CaseResult[]): TargetResult[] {
  return [
    ratioTarget(cases, 'article-hit', 'article cache HIT', 0.8),
    ratioTarget(cases, 'article-miss', 'uncached article', 0.4),
    ceilingTarget(cases, 'article-hit', 'shaped-ceiling', 'article cache HIT', 0.9),
    ceilingTarget(cases, 'article-miss', 'd1-ceiling', 'uncached article', 0.6),
    d1Target(cases),
    sizeTarget(cases),
  ];
}

function pad(cells: string[], widths: number[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join('  ');
}

/** Readings that put the targets in context; empty when the cases they need were not run. */
export function contextNotes(cases: CaseResult[]): string[] {
  const notes: string[] = [];
  const ceiling = find(cases, 'cache-ceiling');
  const hit = find(cases, 'article-hit');
  if (ceiling && hit) {
    notes.push(
      `article HIT = ${(hit.requestsPerSecond / ceiling.requestsPerSecond).toFixed(2)}x a bare Worker serving a page from this runtime's Cache API (Miniflare's emulation)`,
    );
  }
  const base = find(cases, 'baseline');
  const times = (a: CaseResult, b: CaseResult | undefined) =>
    b ? `${(a.requestsPerSecond / b.requestsPerSecond).toFixed(2)}x` : 'n/a';
  const shaped = find(cases, 'shaped-ceiling');
  if (shaped && hit) {
    notes.push(
      `article HIT = ${times(hit, shaped)} a bare Worker sending a fixed response of the same size and headers (itself ${times(shaped, base)} the baseline)`,
    );
  }
  const d1 = find(cases, 'd1-ceiling');
  const miss = find(cases, 'article-miss');
  if (d1 && miss) {
    notes.push(
      `article MISS = ${times(miss, d1)} a bare Worker that only reads one row from this runtime's D1 per request (itself ${times(d1, base)} the baseline)`,
    );
  }
  const store = find(cases, 'store-ceiling');
  if (store && miss) {
    notes.push(
      `article MISS = ${times(miss, store)} a bare Worker that looks the page up in the Cache API, reads one D1 row and stores an article-sized page per request (itself ${times(store, d1)} the one-D1-read Worker): the storage work of any first visit here, without a render`,
    );
  }
  return notes;
}

/** The table printed at the end of a run. */
export function formatTable(report: BenchReport): string {
  const header = [
    'case',
    'req/s',
    'x base',
    'p50 ms',
    'p99 ms',
    'bytes',
    'D1/req',
    'cache',
    'non-2xx',
    'errors',
  ];
  const rows = report.cases.map((c) =>
    c.outcome === 'skipped'
      ? [c.title, `skipped: ${c.note ?? ''}`]
      : [
          c.title,
          c.requestsPerSecond.toFixed(0),
          c.ratio === null ? '-' : `${c.ratio.toFixed(2)}x`,
          c.latencyMs.p50.toFixed(1),
          c.latencyMs.p99.toFixed(1),
          c.bytesPerResponse.toLocaleString('en'),
          c.d1CallsPerRequest === null ? '?' : String(c.d1CallsPerRequest),
          c.cache,
          String(c.non2xx),
          String(c.errors),
        ],
  );
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.filter((r) => r.length > 2).map((r) => (r[i] ?? '').length)),
  );
  const lines = [pad(header, widths), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of rows) {
    lines.push(
      row.length === 2 ? `${(row[0] ?? '').padEnd(widths[0] ?? 0)}  ${row[1]}` : pad(row, widths),
    );
  }
  lines.push('', 'targets:');
  for (const t of report.targets) {
    lines.push(`  ${t.verdict.padEnd(4)}  ${t.target}: ${t.measured}`);
  }
  if (report.context.length > 0) {
    lines.push('', 'context:', ...report.context.map((note) => `  ${note}`));
  }
  return lines.join('\n');
}
