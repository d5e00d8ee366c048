/**
 * npm run bench [-- --articles N --seed S --duration SEC --warmup SEC --connections C
 *                  --cases id,id --out FILE]
 * Bundles the Worker once, starts it on workerd through Miniflare over a local D1 holding a
 * generated corpus (cached between runs, see corpus.ts), starts a fixed-HTML baseline Worker on the
 * same runtime, then drives every case with the same connections and duration and reports each
 * one's throughput as a ratio of the baseline's. docs/BENCHMARKS.md describes the method.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { wholeNumberOption } from '../lib/cli-number.ts';
import { ConnectionErrors } from '../lib/connection-errors.ts';
import { bundleWorker } from './bundle.ts';
import { type BenchCase, CASES, ISOLATE_WARM_PATH } from './cases.ts';
import { type CorpusManifest, prepareCorpus } from './corpus.ts';
import { drive, type Sample, sample } from './drive.ts';
import { describeMachine } from './machine.ts';
import { freePorts, onFreePort } from './ports.ts';
import {
  type BenchReport,
  type CaseResult,
  contextNotes,
  formatTable,
  judgeTargets,
} from './report.ts';
import { APP_CONFIG, ROOT, type RunningWorker, startApp, startBaseline } from './runtime.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string' },
    seed: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string' },
    cases: { type: 'string' },
    out: { type: 'string' },
  },
});
const settings = {
  articles: wholeNumberOption('bench', 'articles', values.articles, 10_000),
  seed: wholeNumberOption('bench', 'seed', values.seed, 1),
  duration: wholeNumberOption('bench', 'duration', values.duration, 10),
  warmup: values.warmup === '0' ? 0 : wholeNumberOption('bench', 'warmup', values.warmup, 2),
  connections: wholeNumberOption('bench', 'connections', values.connections, 32),
};
const wanted = values.cases?.split(',').map((id) => id.trim());
const unknown = wanted?.filter((id) => !CASES.some((c) => c.id === id)) ?? [];
if (unknown.length > 0) {
  console.error(
    `bench: unknown case ${unknown.join(', ')}; cases are ${CASES.map((c) => c.id).join(', ')}`,
  );
  process.exit(2);
}
const selected = CASES.filter((c) => !wanted || wanted.includes(c.id));
const outFile = path.resolve(values.out ?? path.join(ROOT, 'bench', 'results.json'));

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function record(samples: Sample[], visit: 'before' | 'after') {
  return samples.map(({ body: _body, ...rest }) => ({ ...rest, visit }));
}

async function sampleAll(origin: string, paths: string[]): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const p of paths) {
    out.push(await sample(origin, p));
  }
  return out;
}

async function runCase(
  benchCase: BenchCase,
  origin: string,
  corpus: CorpusManifest,
): Promise<CaseResult> {
  const plan = benchCase.plan(corpus);
  if (benchCase.worker === 'app') {
    await sample(origin, ISOLATE_WARM_PATH);
  }
  const before = await sampleAll(origin, plan.before);
  const empty = {
    id: benchCase.id,
    title: benchCase.title,
    path: plan.path,
    requestsPerSecond: 0,
    ratio: null,
    latencyMs: { p50: 0, p99: 0 },
    bytesPerResponse: 0,
    wireBytesPerResponse: 0,
    d1CallsPerRequest: null,
    cache: '-',
    requests: 0,
    non2xx: 0,
    errors: 0,
    samples: record(before, 'before'),
  };
  const wrong = before.find((s) => s.status !== plan.expectStatus);
  if (wrong) {
    // A route that is not built yet answers 404: report it, measure nothing.
    return {
      ...empty,
      outcome: 'skipped',
      note: `answered ${wrong.status}, expected ${plan.expectStatus} (route not built yet?)`,
    };
  }
  if (settings.warmup > 0) {
    await drive(origin, plan.paths, {
      connections: settings.connections,
      duration: settings.warmup,
    });
  }
  const run = drive(origin, plan.paths, {
    connections: settings.connections,
    duration: settings.duration,
  });
  const failures = new ConnectionErrors(performance.now());
  // autocannon's promise is also its event emitter.
  (run as unknown as NodeJS.EventEmitter).on('reqError', (error: Error) => {
    failures.record(error);
  });
  const result = await run;
  const after = await sampleAll(origin, plan.after);
  const steady = plan.steady === 'before' ? before : after;
  const calls = steady.map((s) => s.dbCalls);
  const served = result.requests.total;
  let note: string | undefined;
  if (plan.capacity !== undefined && result.requests.sent > plan.capacity) {
    note = `sent ${result.requests.sent} requests for ${plan.capacity} distinct pages: some were cache hits`;
  }
  return {
    ...empty,
    outcome: 'measured',
    ...(note ? { note } : {}),
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    bytesPerResponse: median(steady.map((s) => s.bytes)),
    wireBytesPerResponse: served > 0 ? Math.round(result.throughput.total / served) : 0,
    d1CallsPerRequest: calls.some((c) => c === null) ? null : median(calls as number[]),
    cache: [...new Set(steady.map((s) => s.cache ?? 'none'))].join('/'),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    ...(failures.seconds.length > 0
      ? { errorSeconds: failures.seconds, errorKinds: Object.fromEntries(failures.kinds) }
      : {}),
    samples: [...record(before, 'before'), ...record(after, 'after')],
  };
}

const machine = describeMachine();
console.log(
  `bench: ${machine.cpus} CPUs (${machine.cpuModel}), node ${machine.node}; ` +
    `${settings.connections} connections, ${settings.duration} s per case (+${settings.warmup} s warm-up)`,
);
const workDir = mkdtempSync(path.join(os.tmpdir(), 'alphanode-bench-'));
const running: RunningWorker[] = [];
const stop = async () => {
  await Promise.all(running.map((w) => w.dispose()));
  rmSync(workDir, { recursive: true, force: true });
};
process.once('SIGINT', () => {
  void stop().then(() => process.exit(130));
});

try {
  const startedAt = new Date().toISOString();
  // Only the corpus build's port is picked up front: the servers measured pick theirs as they
  // start, minutes later, when other checkouts' benchmarks may have taken some of the range.
  const [corpusPort] = (await freePorts(1)) as [number];
  const scriptPath = bundleWorker(APP_CONFIG, path.join(workDir, 'app'));
  const persistTo = path.join(workDir, 'db');
  const corpus = await prepareCorpus(
    { articles: settings.articles, seed: settings.seed },
    {
      scriptPath,
      outDir: workDir,
      cacheRoot: path.join(ROOT, 'bench', 'tmp', 'corpus'),
      persistTo,
      port: corpusPort,
      log: (line) => console.log(line),
    },
  );
  // A copy of its own: two runtimes on one SQLite file would meet each other's locks.
  const baselineDb = path.join(workDir, 'baseline-db');
  cpSync(persistTo, baselineDb, { recursive: true });
  const app = await onFreePort((port) =>
    startApp({ scriptPath, persistTo, port, outDir: workDir }),
  );
  running.push(app);
  const baseline = await onFreePort((port) =>
    startBaseline({ outDir: workDir, port, persistTo: baselineDb }),
  );
  running.push(baseline);

  const cases: CaseResult[] = [];
  for (const benchCase of selected) {
    process.stdout.write(`  ${benchCase.title} ... `);
    const origin = benchCase.worker === 'baseline' ? baseline.origin : app.origin;
    const result = await runCase(benchCase, origin, corpus);
    cases.push(result);
    console.log(
      result.outcome === 'skipped'
        ? `skipped (${result.note})`
        : `${result.requestsPerSecond.toFixed(0)} req/s`,
    );
  }
  const base = cases.find((c) => c.id === 'baseline' && c.outcome === 'measured');
  for (const c of cases) {
    if (base && c.outcome === 'measured') {
      c.ratio = c.requestsPerSecond / base.requestsPerSecond;
    }
  }
  const report: BenchReport = {
    startedAt,
    machine,
    settings: {
      connections: settings.connections,
      durationSeconds: settings.duration,
      warmupSeconds: settings.warmup,
    },
    corpus: { articles: corpus.articles, seed: corpus.seed, key: corpus.key },
    cases,
    targets: judgeTargets(cases),
    context: contextNotes(cases),
  };
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${formatTable(report)}\n\nwrote ${path.relative(process.cwd(), outFile)}`);
} finally {
  await stop();
}
