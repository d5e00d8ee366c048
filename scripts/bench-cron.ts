/**
 * npm run bench:cron [-- --sizes 1000,10000,100000] [--seed S] [--port P] [--keep]
 * Measures the scheduled refresh in local workerd through Miniflare's API (not wrangler dev):
 * for each size, a fresh D1 is filled with generated articles, then
 *   full         the first refresh (freshness, then similar: features, index, every list),
 *   again        the same refresh on unchanged data (must write nothing),
 *   incremental  a refresh after 1% of the articles got a new revision,
 *   daily full   the next day's full similar pass after that change.
 * Each line prints wall time, memory, rows written, D1 round trips and invocations (a run that
 * outgrows one invocation's budget pauses and the next cron tick resumes it). Memory, twice:
 *   job   the similar job's own high-water mark (its typed arrays exactly, its vocabulary
 *         estimated), which it logs because a Worker cannot read its heap, and what must fit in
 *         the 128 MB isolate next to per-chunk working data;
 *   proc  how much the whole workerd process grew during the phase (VmHWM minus the RSS of a
 *         freshly started one): an upper bound that also counts local D1's SQLite and results.
 * Ratios per article are printed side by side; figures go to bench/results-cron.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Miniflare } from 'miniflare';
import { applyMigrations } from './bench/migrate.ts';
import { scheduledHandler } from './bench/refresh.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    seed: { type: 'string', default: '7' },
    port: { type: 'string', default: '8822' },
    keep: { type: 'boolean', default: false },
  },
});
const sizes = (values.sizes ?? '').split(',').map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 100)) {
  console.error(`bench:cron: --sizes must be whole numbers of at least 100, got "${values.sizes}"`);
  process.exit(2);
}
const seed = Number(values.seed);
const port = Number(values.port);
const ROOT = path.join('bench', 'tmp', 'cron');
const BUILD = path.join(ROOT, 'build');
const SIMILAR_CRON = '*/30 * * * *';
const FRESHNESS_CRON = '17 3 * * *';
const SEED_BATCH = 2_000;

function bundle(): string {
  rmSync(BUILD, { recursive: true, force: true });
  execFileSync(
    'npx',
    ['wrangler', 'deploy', '--dry-run', '--outdir', BUILD, 'scripts/bench/cron-worker.ts'],
    { stdio: 'pipe', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  return path.join(BUILD, 'cron-worker.js');
}

interface JobLine {
  job: string;
  status: string;
  processed: number;
  rowsWritten: number;
  queries: number;
  ms: number;
  patched?: number;
  mode?: string;
  indexBytes?: number;
  buildPeakBytes?: number;
}

/** A Miniflare running the bench Worker, with the job log lines it printed. */
class Bench {
  readonly mf: Miniflare;
  readonly lines: JobLine[] = [];

  constructor(script: string, persist: string) {
    this.mf = new Miniflare({
      modules: true,
      scriptPath: script,
      compatibilityDate: '2026-04-26',
      d1Databases: { DB: 'bench-cron' },
      d1Persist: persist,
      bindings: {
        SITE_URL: 'http://localhost:8787',
        SITE_NAME: 'alphanode',
        ENVIRONMENT: 'bench',
        ADMIN_TOKEN: 'bench-token',
      },
      host: '127.0.0.1',
      port,
      handleRuntimeStdio: (stdout, stderr) => {
        let buffered = '';
        stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          const parts = buffered.split('\n');
          buffered = parts.pop() ?? '';
          for (const line of parts) {
            const at = line.indexOf('{"event":"job_run"');
            if (at >= 0) {
              this.lines.push(JSON.parse(line.slice(at)) as JobLine);
            }
          }
        });
        stderr.resume();
      },
    });
  }

  async post(pathname: string, body: unknown): Promise<unknown> {
    const response = await this.mf.dispatchFetch(`http://localhost${pathname}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`${pathname}: HTTP ${response.status} ${await response.text()}`);
    }
    return response.json();
  }

  /** Resident and peak resident memory of the workerd process (runtime, local D1, the Worker). */
  memory(): { rssMb: number; peakMb: number } {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) {
        continue;
      }
      try {
        const status = readFileSync(`/proc/${entry}/status`, 'utf8');
        if (
          /^Name:\s+workerd$/m.test(status) &&
          new RegExp(`^PPid:\\s+${process.pid}$`, 'm').test(status)
        ) {
          const kb = (field: string) =>
            Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
          return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
        }
      } catch {
        // The process ended while we looked.
      }
    }
    throw new Error('cannot find the workerd process Miniflare started');
  }

  /** Fires `cron` until its runs stop pausing; returns the totals over those invocations. */
  async refresh(
    cron: string,
    time: Date,
  ): Promise<{ lines: JobLine[]; ms: number; invocations: number }> {
    const scheduled = await scheduledHandler(this.mf);
    const from = this.lines.length;
    const started = performance.now();
    let invocations = 0;
    let at = time.getTime();
    for (;;) {
      invocations++;
      const result = await scheduled({ cron, scheduledTime: new Date(at) });
      if (result.outcome !== 'ok') {
        throw new Error(`scheduled(${cron}) ended with ${result.outcome}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the log lines arrive
      const last = this.lines[this.lines.length - 1];
      if (last?.status !== 'partial') {
        break;
      }
      at += 30 * 60_000;
      if (invocations > 50) {
        throw new Error('the refresh did not finish within 50 invocations');
      }
    }
    return { lines: this.lines.slice(from), ms: performance.now() - started, invocations };
  }

  async precision(): Promise<{ links: number; related: number; withBlock: number }> {
    const db = await this.mf.getD1Database('DB');
    const row = await db
      .prepare(
        `select count(*) as links,
                sum(case when a.problem = b.problem and ta.name = tb.name then 1 else 0 end) as related,
                count(distinct s.article_id) as withBlock
           from similar_posts s
           join articles a on a.id = s.article_id
           join articles b on b.id = s.similar_article_id
           join article_tags ta on ta.article_id = a.id and ta.kind = 'stack' and ta.position = 0
           join article_tags tb on tb.article_id = b.id and tb.kind = 'stack' and tb.position = 0`,
      )
      .first<{ links: number; related: number; withBlock: number }>();
    return row ?? { links: 0, related: 0, withBlock: 0 };
  }

  dispose(): Promise<void> {
    return this.mf.dispose();
  }
}

interface Phase {
  size: number;
  phase: string;
  job: string;
  ms: number;
  rowsWritten: number;
  queries: number;
  invocations: number;
  processed: number;
  /** Of the lists processed, those updated in place instead of ranked again (incremental). */
  patched: number;
  mode: string;
  /** The similar job's own high-water mark (typed arrays and vocabulary), when it built an index. */
  jobMb: number | null;
  indexMb: number | null;
  /** Growth of the whole workerd process during the phase. */
  processMb: number;
}

function summarize(
  size: number,
  phase: string,
  job: string,
  run: Awaited<ReturnType<Bench['refresh']>>,
  processMb: number,
): Phase {
  const mine = run.lines.filter((l) => l.job === job);
  const most = (pick: (l: JobLine) => number | undefined) =>
    mine.some((l) => pick(l) !== undefined) ? Math.max(...mine.map((l) => pick(l) ?? 0)) : null;
  const jobBytes = most((l) => l.buildPeakBytes);
  const indexBytes = most((l) => l.indexBytes);
  return {
    size,
    phase,
    job,
    ms: run.ms,
    // Totals of the whole run (a resumed run carries them across invocations).
    rowsWritten: most((l) => l.rowsWritten) ?? 0,
    processed: most((l) => l.processed) ?? 0,
    patched: mine.reduce((n, l) => n + (l.patched ?? 0), 0),
    queries: mine.reduce((n, l) => n + l.queries, 0),
    invocations: run.invocations,
    mode:
      mine
        .map((l) => l.mode)
        .filter(Boolean)
        .pop() ?? '',
    jobMb: jobBytes === null ? null : jobBytes / 1e6,
    indexMb: indexBytes === null ? null : indexBytes / 1e6,
    processMb,
  };
}

/** Runs one phase in a freshly started workerd, so its memory figures are its own. */
async function measure(
  script: string,
  persist: string,
  size: number,
  phase: string,
  job: string,
  cron: string,
  time: Date,
): Promise<Phase> {
  const bench = new Bench(script, persist);
  await bench.mf.ready;
  const before = bench.memory().rssMb;
  const run = await bench.refresh(cron, time);
  const result = summarize(size, phase, job, run, bench.memory().peakMb - before);
  await bench.dispose();
  const mb = (v: number | null) => (v === null ? '    -' : v.toFixed(1).padStart(5));
  console.log(
    `${String(size).padStart(7)} ${phase.padEnd(11)} ${job.padEnd(9)} ${result.mode.padEnd(11)} ${(result.ms / 1000).toFixed(2).padStart(7)} s ${mb(result.jobMb)} ${mb(result.indexMb)} ${result.processMb.toFixed(0).padStart(5)} ${String(result.rowsWritten).padStart(8)} ${String(result.queries).padStart(5)} ${String(result.invocations).padStart(3)} ${((result.ms * 1000) / size).toFixed(0).padStart(7)}`,
  );
  return result;
}

const script = bundle();
const results: Phase[] = [];
const quality: Record<number, { precisionAt5: number; links: number; articlesWithBlock: number }> =
  {};
console.log(
  `bench:cron: seed ${seed}, sizes ${sizes.join(', ')}; every knob at its default (D1 budget: 900 round trips per invocation)`,
);
console.log(
  '   size phase       job       mode           wall   job MB  index  proc MB   written  D1   inv  µs/article',
);
for (const size of sizes) {
  const persist = path.join(ROOT, `state-${size}`);
  rmSync(persist, { recursive: true, force: true });
  mkdirSync(persist, { recursive: true });

  const seeder = new Bench(script, persist);
  await seeder.mf.ready;
  await applyMigrations((await seeder.mf.getD1Database('DB')) as unknown as D1Database);
  const seedStarted = performance.now();
  for (let from = 0; from < size; from += SEED_BATCH) {
    await seeder.post('/__bench/seed', {
      from,
      count: Math.min(SEED_BATCH, size - from),
      step: 1,
      seed,
      revision: 0,
    });
  }
  console.log(
    `${String(size).padStart(7)} seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s through the importer (not measured)`,
  );
  await seeder.dispose();

  const day = new Date('2026-04-26T03:17:00Z').getTime();
  const at = (minutes: number) => new Date(day + minutes * 60_000);
  const step = (phase: string, job: string, cron: string, minutes: number) =>
    measure(script, persist, size, phase, job, cron, at(minutes));
  results.push(await step('full', 'freshness', FRESHNESS_CRON, 0));
  results.push(await step('full', 'similar', SIMILAR_CRON, 13));
  results.push(await step('again', 'freshness', FRESHNESS_CRON, 300));
  results.push(await step('again', 'similar', SIMILAR_CRON, 313));

  // 1% of the articles get a new revision (spread over the corpus), through the real importer.
  const changed = Math.max(1, Math.floor(size / 100));
  const editor = new Bench(script, persist);
  await editor.mf.ready;
  await editor.post('/__bench/seed', {
    from: 0,
    count: changed,
    step: Math.floor(size / changed),
    seed,
    revision: 1,
  });
  await editor.dispose();
  results.push(await step('incremental', 'freshness', FRESHNESS_CRON, 600));
  results.push(await step('incremental', 'similar', SIMILAR_CRON, 613));
  // The next day the similar job re-settles every list with fresh corpus statistics.
  results.push(await step('daily full', 'similar', SIMILAR_CRON, 25 * 60 + 13));

  const reader = new Bench(script, persist);
  await reader.mf.ready;
  const p = await reader.precision();
  await reader.dispose();
  quality[size] = {
    precisionAt5: p.related / p.links,
    links: p.links,
    articlesWithBlock: p.withBlock,
  };
  console.log(
    `${String(size).padStart(7)} precision@5 ${(p.related / p.links).toFixed(3)} (${p.related} of ${p.links} links truly related; ${p.withBlock} of ${size} articles show the block)`,
  );
  if (!values.keep) {
    rmSync(persist, { recursive: true, force: true });
  }
}

const find = (size: number, phase: string, job: string) =>
  results.find((x) => x.size === size && x.phase === phase && x.job === job);
console.log('\ncost per article (µs of wall time) by size; flat means no all-pairs work:');
console.log(`  ${''.padEnd(22)} ${sizes.map((n) => String(n).padStart(8)).join(' ')}`);
for (const [phase, job] of [
  ['full', 'similar'],
  ['daily full', 'similar'],
  ['full', 'freshness'],
] as const) {
  const row = sizes.map((size) => {
    const r = find(size, phase, job);
    return r ? ((r.ms * 1000) / size).toFixed(0) : '-';
  });
  console.log(`  ${`${phase} ${job}`.padEnd(22)} ${row.map((v) => v.padStart(8)).join(' ')}`);
}
console.log(
  '\nincremental similar run (1% of articles changed) as a share of the first full refresh | of a later full pass:',
);
for (const size of sizes) {
  const first = find(size, 'full', 'similar');
  const daily = find(size, 'daily full', 'similar');
  const inc = find(size, 'incremental', 'similar');
  if (first && daily && inc) {
    const share = (part: number, whole: number) =>
      `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
    console.log(
      `  ${String(size).padStart(7)}: time ${share(inc.ms, first.ms)} | ${share(inc.ms, daily.ms)}, D1 round trips ${share(inc.queries, first.queries)} | ${share(inc.queries, daily.queries)}, rows written ${share(inc.rowsWritten, first.rowsWritten)} | ${share(inc.rowsWritten, daily.rowsWritten)}; lists touched ${inc.processed} of ${size} (${inc.patched} patched in place, the rest ranked)`,
    );
  }
}
mkdirSync('bench', { recursive: true });
writeFileSync(
  path.join('bench', 'results-cron.json'),
  `${JSON.stringify({ seed, results, quality }, null, 2)}\n`,
);
const wrote = results.filter((r) => r.phase === 'again' && r.rowsWritten !== 0);
if (wrote.length > 0) {
  console.error(`bench:cron: a run on unchanged data wrote rows: ${JSON.stringify(wrote)}`);
  process.exit(1);
}
