/**
 * npm run load [-- --duration SEC --connections C --articles N --changed M --seed S]
 * Load without loss: serves a mix of pages (articles, home, listings, search, feed) from the app on
 * workerd (Miniflare, loopback only) for a bounded time while an import of M changed articles and
 * a full cron refresh run at the same time. Passes when no request failed (no 5xx, no connection
 * error, every response a complete page with the expected status) and the database ends up
 * holding exactly the articles the generator says it should. docs/BENCHMARKS.md has the method.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateArticle } from '../src/content/generator.ts';
import { JOB_SCHEDULES } from '../src/jobs/schedule.ts';
import { bundleWorker } from './bench/bundle.ts';
import { importGenerated, prepareCorpus } from './bench/corpus.ts';
import { describeMachine } from './bench/machine.ts';
import { freePorts } from './bench/ports.ts';
import { APP_CONFIG, ROOT, type RunningApp, startApp } from './bench/runtime.ts';
import { isCompletePage } from './load/complete-page.ts';
import { buildMix, type MixEntry, type PageKind } from './load/mix.ts';
import { verifyArticles } from './load/verify-articles.ts';

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    console.error(`load: --${name} must be a positive whole number, got "${value}"`);
    process.exit(2);
  }
  return Number(value);
}

const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    connections: { type: 'string' },
    articles: { type: 'string' },
    changed: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
  },
});
const settings = {
  duration: wholeNumber('duration', values.duration, 60),
  connections: wholeNumber('connections', values.connections, 64),
  articles: wholeNumber('articles', values.articles, 10_000),
  changed: wholeNumber('changed', values.changed, 1_000),
  seed: wholeNumber('seed', values.seed, 1),
};
if (settings.changed > settings.articles) {
  console.error('load: --changed cannot exceed --articles');
  process.exit(2);
}
const outFile = path.resolve(values.out ?? path.join(ROOT, 'bench', 'results-load.json'));
/** The writes start once the traffic is flowing, so they really overlap it. */
const WRITES_START_AFTER_MS = 3_000;
/** Bounds the wait for the import and the refresh once the traffic has stopped. */
const WRITES_TIMEOUT_MS = 10 * 60_000;

interface KindStats {
  requests: number;
  statuses: Record<string, number>;
  incomplete: number;
}

interface Task {
  name: string;
  status: 'done' | 'failed';
  seconds: number;
  detail: string;
}

async function timed(name: string, work: () => Promise<string>): Promise<Task> {
  const started = performance.now();
  try {
    const detail = await work();
    return { name, status: 'done', seconds: (performance.now() - started) / 1000, detail };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { name, status: 'failed', seconds: (performance.now() - started) / 1000, detail };
  }
}

async function importChanged(app: RunningApp): Promise<string> {
  // One import of every changed file, as `npm run import -- changed/` would run it.
  const outcomes = await importGenerated(
    app,
    { seed: settings.seed, from: 0, count: settings.changed, revision: 1 },
    new Date().toISOString(),
  );
  const updated = outcomes.filter((o) => o.status === 'updated').length;
  if (updated !== settings.changed) {
    throw new Error(`expected ${settings.changed} updated articles, the import updated ${updated}`);
  }
  return `${updated} articles updated`;
}

/**
 * A full cron refresh: every cron expression the jobs are scheduled on, dispatched to the app's
 * scheduled() handler through Miniflare, one after another (as the triggers would fire).
 */
async function cronRefresh(app: RunningApp): Promise<string> {
  // Miniflare's Fetcher type comes from its own copy of the Workers types; only scheduled is used.
  const worker = (await app.mf.getWorker()) as unknown as {
    scheduled(options: { cron: string; scheduledTime: Date }): Promise<{ outcome: string }>;
  };
  const done: string[] = [];
  for (const { cron, job } of JOB_SCHEDULES) {
    const result = await worker.scheduled({ cron, scheduledTime: new Date() });
    if (result.outcome !== 'ok') {
      throw new Error(`scheduled("${cron}") for ${job} ended with outcome "${result.outcome}"`);
    }
    done.push(job);
  }
  return `ran ${done.join(', ')}`;
}

const machine = describeMachine();
console.log(
  `load: ${machine.cpus} CPUs (${machine.cpuModel}), node ${machine.node}; ` +
    `${settings.connections} connections for ${settings.duration} s over ${settings.articles} articles, ` +
    `${settings.changed} changed during the run`,
);
const workDir = mkdtempSync(path.join(os.tmpdir(), 'alphanode-load-'));
let app: RunningApp | undefined;
process.once('SIGINT', () => {
  void app?.dispose().finally(() => process.exit(130));
});

let passed = false;
try {
  const [port] = (await freePorts(1)) as [number];
  const scriptPath = bundleWorker(APP_CONFIG, path.join(workDir, 'app'));
  const persistTo = path.join(workDir, 'db');
  const corpus = await prepareCorpus(
    { articles: settings.articles, seed: settings.seed },
    {
      scriptPath,
      outDir: workDir,
      cacheRoot: path.join(ROOT, 'bench', 'tmp', 'corpus'),
      persistTo,
      port,
      log: (line) => console.log(line),
    },
  );
  app = await startApp({ scriptPath, persistTo, port, outDir: workDir });
  const running = app;

  const mix = buildMix(corpus.slugs, settings.seed);
  const byKind = new Map<PageKind, KindStats>();
  const failures: string[] = [];
  let next = 0;
  type Context = { entry?: MixEntry };
  const traffic = autocannon({
    url: running.origin,
    connections: settings.connections,
    duration: settings.duration,
    headers: { 'accept-encoding': 'identity' },
    requests: [
      {
        setupRequest: (request, context) => {
          const entry = mix[next++ % mix.length] as MixEntry;
          (context as Context).entry = entry;
          return { ...request, path: entry.path };
        },
        onResponse: (status, body, context, headers) => {
          const entry = (context as Context).entry;
          if (!entry) {
            return;
          }
          const stats = byKind.get(entry.kind) ?? { requests: 0, statuses: {}, incomplete: 0 };
          stats.requests += 1;
          stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
          const contentType = (headers as Record<string, string | undefined>)['content-type'];
          const complete = isCompletePage(contentType, body);
          if (!complete) {
            stats.incomplete += 1;
          }
          byKind.set(entry.kind, stats);
          if ((status !== 200 || !complete) && failures.length < 20) {
            failures.push(`${entry.path}: HTTP ${status}${complete ? '' : ', incomplete body'}`);
          }
        },
      },
    ],
  });

  const connectionErrors = new Map<string, number>();
  // Without a callback autocannon returns an EventEmitter that is also a promise of the result.
  (traffic as unknown as NodeJS.EventEmitter).on('reqError', (error: Error) => {
    const key = `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`.trim();
    connectionErrors.set(key, (connectionErrors.get(key) ?? 0) + 1);
  });

  await sleep(WRITES_START_AFTER_MS);
  console.log(
    `  t+${WRITES_START_AFTER_MS / 1000}s: import of ${settings.changed} changed articles and cron refresh start`,
  );
  const writes = Promise.all([
    timed(`import of ${settings.changed} changed articles`, () => importChanged(running)),
    timed('cron refresh', () => cronRefresh(running)),
  ]);
  const result = await traffic;
  console.log('  traffic done; waiting for the import and the refresh to finish');
  const tasks = await Promise.race([
    writes,
    sleep(WRITES_TIMEOUT_MS).then(() => {
      throw new Error(
        `import/refresh still running ${WRITES_TIMEOUT_MS / 60_000} min after the traffic`,
      );
    }),
  ]);

  const expected = Array.from(
    { length: settings.articles },
    (_, i) => generateArticle(i, settings.seed, i < settings.changed ? { revision: 1 } : {}).input,
  );
  const d1 = (await running.mf.getD1Database('DB')) as unknown as D1Database;
  const articles = await verifyArticles(d1, expected);

  const status5xx = result['5xx'];
  const incomplete = [...byKind.values()].reduce((n, s) => n + s.incomplete, 0);
  const unexpected = [...byKind.values()].reduce(
    (n, s) => n + s.requests - (s.statuses['200'] ?? 0),
    0,
  );
  const checks = [
    { check: 'no 5xx responses', ok: status5xx === 0, measured: `${status5xx}` },
    {
      check: 'no connection errors or timeouts',
      ok: result.errors === 0 && result.timeouts === 0,
      measured: `${result.errors} errors, ${result.timeouts} timeouts`,
    },
    {
      check: 'every response a complete page',
      ok: incomplete === 0,
      measured: `${incomplete} incomplete`,
    },
    { check: 'every response HTTP 200', ok: unexpected === 0, measured: `${unexpected} other` },
    ...tasks.map((t) => ({
      check: `${t.name} completed`,
      ok: t.status === 'done',
      measured: `${t.status}: ${t.detail}${t.seconds ? ` (${t.seconds.toFixed(1)} s)` : ''}`,
    })),
    {
      check: 'database holds exactly the expected articles',
      ok: articles.problems.length === 0,
      measured: `${articles.matching}/${articles.expected} match (${articles.articles} stored)`,
    },
  ];
  passed = checks.every((c) => c.ok);

  const report = {
    startedAt: result.start,
    machine,
    settings,
    corpus: { key: corpus.key },
    traffic: {
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors,
      timeouts: result.timeouts,
      errorKinds: Object.fromEntries(connectionErrors),
      byKind: Object.fromEntries(byKind),
      failures,
    },
    tasks,
    articles,
    checks,
    passed,
  };
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(
    outFile,
    `${JSON.stringify({ ...report, articles: { ...articles, problems: articles.problems.slice(0, 50) } }, null, 2)}\n`,
  );

  console.log(
    `\ntraffic: ${result.requests.total} requests, ${result.requests.average.toFixed(0)} req/s, ` +
      `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
  );
  for (const [kind, stats] of byKind) {
    const statuses = Object.entries(stats.statuses)
      .map(([code, n]) => `${code}×${n}`)
      .join(' ');
    console.log(
      `  ${kind.padEnd(8)} ${String(stats.requests).padStart(7)}  ${statuses}${stats.incomplete ? `  incomplete ${stats.incomplete}` : ''}`,
    );
  }
  for (const [kind, count] of connectionErrors) {
    console.log(`  connection error ×${count}: ${kind}`);
  }
  for (const failure of failures.slice(0, 5)) {
    console.log(`  e.g. ${failure}`);
  }
  for (const problem of articles.problems.slice(0, 5)) {
    console.log(`  db: ${problem}`);
  }
  console.log('\nchecks:');
  for (const c of checks) {
    console.log(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.check}: ${c.measured}`);
  }
  console.log(
    `\n${passed ? 'PASS' : 'FAIL'}: load without loss; wrote ${path.relative(process.cwd(), outFile)}`,
  );
} finally {
  await app?.dispose();
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(passed ? 0 : 1);
