/**
 * npm run bench:cron [-- --sizes 20000,200000] [--seed S] [--port P] [--keep] [--single]
 * Measures the scheduled refresh in local workerd through Miniflare's API (not wrangler dev).
 * The fan-out similar refresh (docs/SCALE.md), for each size on a fresh D1 of generated articles:
 *   full         the first refresh, from the cron tick until the queue consumers finished it
 *                (invocations: the tick plus every consumer batch), with no inspector attached,
 *   memory       the same refresh on a fresh copy, the inspector taking heap snapshots where
 *                the parts hold the most (peakInvocationMB: the largest live heap),
 *   single       up to 50,000 articles, the single-isolate job's full pass over the same
 *                features (the rows it rewrites are where the two paths' lists differ beyond the
 *                job's tolerance),
 *   again        the same refresh on unchanged data (must write nothing),
 *   incremental  a refresh after 1% of the articles got a new revision.
 * Rows go to bench/cron-results.json (articles, fullSeconds, invocations, peakInvocationMB, …),
 * and the issue's targets are printed. With --single, also the single-isolate job's phases as
 * before: for each size, a fresh D1 is filled with generated articles, then
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
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { D1File, d1FileOf } from './bench/d1-file.ts';
// Before any Miniflare starts: without it the local queue stalls behind long batches.
import './lib/loopback-keepalive.cjs';
import { HeapSampler } from './bench/heap-sampler.ts';
import { applyMigrations } from './bench/migrate.ts';
import { scheduledHandler } from './bench/refresh.ts';
import { GeneratedCorpus } from './bench/seed.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '20000,200000' },
    seed: { type: 'string', default: '7' },
    // Random high ports by default: the machine is shared.
    port: { type: 'string', default: String(20_000 + Math.floor(Math.random() * 20_000)) },
    keep: { type: 'boolean', default: false },
    single: { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    // How the fan-out section fills D1: `file`, the importer's plans made in Node and written
    // straight into the stopped runtime's database file (scripts/bench/seed.ts, d1-file.ts), or
    // `importer`, the real importer inside workerd (59 articles a second on a loaded machine).
    'seed-via': { type: 'string', default: 'file' },
  },
});
// Ascending: the fan-out section grows one seeded database through the sizes.
const sizes = (values.sizes ?? '')
  .split(',')
  .map((s) => Number(s.trim()))
  .sort((a, b) => a - b);
if (values['seed-via'] !== 'importer' && values['seed-via'] !== 'file') {
  console.error(`bench:cron: --seed-via must be file or importer, got "${values['seed-via']}"`);
  process.exit(2);
}
if (sizes.some((n) => !Number.isInteger(n) || n < 100)) {
  console.error(`bench:cron: --sizes must be whole numbers of at least 100, got "${values.sizes}"`);
  process.exit(2);
}
const seed = Number(values.seed);
const port = Number(values.port);
// BENCH_CRON_ROOT: another working directory, so two bench runs do not share files.
const ROOT = process.env.BENCH_CRON_ROOT ?? path.join('bench', 'tmp', 'cron');
const BUILD = path.join(ROOT, 'build');
const SIMILAR_CRON = '*/30 * * * *';
const FRESHNESS_CRON = '17 3 * * *';
const SEED_BATCH = 2_000;
// BENCH_LIVE_EVERY_MS: how often a heap snapshot measures the live heap (each pauses the isolate).
const LIVE_EVERY_MS = Number(process.env.BENCH_LIVE_EVERY_MS ?? 5_000);

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

interface PartLine {
  phase: string;
  status: string;
  ms: number;
  processed: number;
  /** When its log line arrived here (performance.now()). */
  at: number;
}

interface QueueBatchLine {
  messages: number;
  done: number;
  peakBytes: number;
  /** D1 round trips the invocation made (Workers Paid allows 1,000). */
  queries: number;
  ms: number;
}

/** A Miniflare running the bench Worker, with the job log lines it printed. */
class Bench {
  mf: Miniflare;
  private readonly make: () => Miniflare;
  readonly lines: JobLine[] = [];

  readonly batches: QueueBatchLine[] = [];
  readonly parts: PartLine[] = [];
  readonly fanoutRuns: JobLine[] = [];
  /** The isolate's heap, sampled through the inspector (heap-sampler.ts), when asked for. */
  heap: HeapSampler | null = null;
  private readonly inspectorPort: number | undefined;
  private readonly keepPeakSnapshotAt: string | null;

  constructor(
    script: string,
    persist: string,
    knobs: Record<string, string> = {},
    options: { inspectorPort?: number; keepPeakSnapshotAt?: string } = {},
  ) {
    this.inspectorPort = options.inspectorPort;
    this.keepPeakSnapshotAt = options.keepPeakSnapshotAt ?? null;
    this.make = () =>
      new Miniflare({
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
          ...knobs,
        },
        // The same queue as wrangler.toml: the fan-out refresh's parts go through it.
        queueProducers: { SIMILAR_QUEUE: { queueName: 'alphanode-similar' } },
        queueConsumers: {
          'alphanode-similar': { maxBatchSize: 4, maxBatchTimeout: 1, maxRetries: 5 },
        },
        host: '127.0.0.1',
        port,
        inspectorPort: this.inspectorPort,
        // BENCH_QUEUE_LOG=1: Miniflare's own log, with a line per queue batch it delivers.
        log: process.env.BENCH_QUEUE_LOG ? new Log(LogLevel.DEBUG) : undefined,
        handleRuntimeStdio: (stdout, stderr) => {
          let buffered = '';
          stdout.on('data', (chunk: Buffer) => {
            buffered += chunk.toString();
            const parts = buffered.split('\n');
            buffered = parts.pop() ?? '';
            for (const line of parts) {
              const at = line.indexOf('{"event":"job_run"');
              if (at >= 0) {
                const parsed = JSON.parse(line.slice(at)) as JobLine & { fanout?: boolean };
                (parsed.fanout ? this.fanoutRuns : this.lines).push(parsed);
              }
              const part = line.indexOf('{"event":"job_part"');
              if (part >= 0) {
                const parsed = JSON.parse(line.slice(part)) as PartLine;
                if (parsed.status === 'done') {
                  this.parts.push({ ...parsed, at: performance.now() });
                }
              }
              const batch = line.indexOf('{"event":"job_queue_batch"');
              if (batch >= 0) {
                this.batches.push(JSON.parse(line.slice(batch)) as QueueBatchLine);
              }
            }
          });
          stderr.on('data', (chunk: Buffer) => {
            if (process.env.BENCH_STDERR) {
              process.stderr.write(chunk);
            }
          });
        },
      });
    this.mf = this.make();
  }

  /** Waits for the runtime, then connects the heap sampler (keeping its peak over restarts). */
  async ready(): Promise<void> {
    await this.mf.ready;
    if (this.inspectorPort !== undefined) {
      const before = this.heap;
      this.heap = new HeapSampler(this.inspectorPort, 200, LIVE_EVERY_MS, this.keepPeakSnapshotAt);
      await this.heap.start();
      if (before) {
        before.stop();
        this.heap.peakUsedBytes = before.peakUsedBytes;
        this.heap.peakLiveBytes = before.peakLiveBytes;
        this.heap.samples = before.samples;
        this.heap.liveSamples = before.liveSamples;
        this.heap.liveLog = before.liveLog;
        this.heap.snapshotMs = before.snapshotMs;
      }
    }
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

  /**
   * Fires the similar cron once with the fan-out on and waits (polling job_runs) until the run it
   * started has finished in the queue consumers. Returns the wall time from the tick to the end,
   * and the consumer invocations (queue batches) it took.
   */
  async fanoutRefresh(time: Date): Promise<{
    ms: number;
    /** Time the local queue stood still with parts pending, until the restart's tick. */
    stalledMs: number;
    stalls: number;
    invocations: number;
    /** The most D1 round trips any one consumer invocation made. */
    maxQueries: number;
    peakInvocationBytes: number;
    /** The isolate's largest used heap sampled during the refresh, garbage included. */
    heapPeakBytes: number | null;
    /** The isolate's largest live heap (a heap snapshot's objects) during the refresh. */
    heapLivePeakBytes: number | null;
    heapSamples: number;
    /** The live heap samples by the phase of the part that was running when each was taken. */
    liveByPhase: Record<string, LiveStats>;
    /** Of ms, the time the isolate spent writing heap snapshots. */
    snapshotSeconds: number;
    run: { status: string; processed: number; rowsWritten: number; error: string | null };
  }> {
    let scheduled = await scheduledHandler(this.mf);
    const fromBatch = this.batches.length;
    const fromPart = this.parts.length;
    this.heap?.reset();
    this.heap?.liveSampleIn(2000);
    const started = performance.now();
    const result = await scheduled({ cron: SIMILAR_CRON, scheduledTime: time });
    if (result.outcome !== 'ok') {
      throw new Error(`scheduled(${SIMILAR_CRON}) ended with ${result.outcome}`);
    }
    // Polled through the Worker's own admin route: Miniflare's D1 proxy from Node dropped its
    // connection while the queue consumers were busy with the same database.
    const latest = async () => {
      const response = await this.mf.dispatchFetch(
        'http://localhost/admin/jobs?job=similar&limit=1',
        { headers: { authorization: 'Bearer bench-token' } },
      );
      const body = (await response.json()) as {
        runs: {
          id: number;
          status: string;
          processed: number;
          rowsWritten: number;
          error: string | null;
        }[];
      };
      return body.runs[0];
    };
    // A batch works its parts one after another and logs each as it ends, so a healthy batch goes
    // at most a part's time without logging one: call it stalled after three times the slowest
    // part seen so far (at least 20 s), so a slow part on a loaded machine is not taken for a
    // stall (restarting under it would leave its claimed part to wait for its lease).
    const stalledAfter = () => Math.max(20_000, 3 * Math.max(0, ...this.parts.map((p) => p.ms)));
    let reported = performance.now();
    let progress = { parts: this.parts.length, at: performance.now() };
    let stalledMs = 0;
    let stalls = 0;
    for (;;) {
      const run = await latest();
      if (this.parts.length !== progress.parts) {
        progress = { parts: this.parts.length, at: performance.now() };
      } else if (performance.now() - progress.at > stalledAfter()) {
        // No part finished for that long: fire the cron as a deployment's next tick would, at the
        // real time, so its watchdog re-sends parts overdue past SIMILAR_PART_DUE_MS.
        // Local Miniflare's queue sometimes stops delivering a backlog (docs/SCALE.md,
        // "Measuring"): restart the runtime on the same D1 files, then tick.
        // What the queue and the parts looked like when it stopped: the evidence for SCALE.md.
        const parts = await (await this.mf.getD1Database('DB'))
          .prepare(
            `select phase || ' ' || status || ' ' || count(*) as line from job_parts
             where run_id = (select max(id) from job_runs where job = 'similar')
             group by phase, status`,
          )
          .all<{ line: string }>();
        const lastBatch = this.batches[this.batches.length - 1];
        console.log(
          `         … no part done for ${(stalledAfter() / 1000).toFixed(0)} s (parts: ${parts.results.map((r: { line: string }) => r.line).join(', ')}; ${this.batches.length} consumer batches ended, the last ${lastBatch ? `${lastBatch.done}/${lastBatch.messages} done` : 'none'}): runtime restarted, a cron tick (watchdog)`,
        );
        await this.mf.dispose();
        this.mf = this.make();
        await this.ready();
        scheduled = await scheduledHandler(this.mf);
        await scheduled({ cron: SIMILAR_CRON, scheduledTime: new Date() });
        // From the last part done to the tick that set the queue going again.
        stalledMs += performance.now() - progress.at;
        stalls++;
        progress = { parts: this.parts.length, at: performance.now() };
      }
      if (performance.now() - reported > 60_000) {
        reported = performance.now();
        // Progress for long runs: parts done so far, by phase.
        const done = new Map<string, number>();
        for (const p of this.parts) {
          done.set(p.phase, (done.get(p.phase) ?? 0) + 1);
        }
        console.log(
          `         … ${((reported - started) / 1000).toFixed(0)} s: parts done ${JSON.stringify(Object.fromEntries(done))}`,
        );
      }
      if (run && run.status !== 'running') {
        const ms = performance.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 300)); // the last log lines
        const batches = this.batches.slice(fromBatch).filter((b) => b.messages > 0);
        return {
          ms,
          stalledMs,
          stalls,
          // The cron tick itself, and every consumer invocation.
          invocations: 1 + batches.length,
          maxQueries: Math.max(0, ...batches.map((b) => b.queries)),
          peakInvocationBytes: Math.max(0, ...batches.map((b) => b.peakBytes)),
          heapPeakBytes: this.heap ? this.heap.peakUsedBytes : null,
          heapLivePeakBytes: this.heap ? this.heap.peakLiveBytes : null,
          heapSamples: (this.heap?.samples ?? 0) + (this.heap?.liveSamples ?? 0),
          snapshotSeconds: (this.heap?.snapshotMs ?? 0) / 1000,
          liveByPhase: this.liveByPhase(fromPart),
          run,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /**
   * Parts run one at a time here, so a live sample belongs to the first part that logged "done"
   * after it was taken (a sample after the last part is the run's end: "finish").
   */
  private liveByPhase(fromPart: number): Record<string, LiveStats> {
    const parts = this.parts.slice(fromPart);
    const byPhase = new Map<string, number[]>();
    for (const sample of this.heap?.liveLog ?? []) {
      const phase = parts.find((p) => p.at >= sample.at)?.phase ?? 'finish';
      byPhase.set(phase, [...(byPhase.get(phase) ?? []), sample.bytes]);
    }
    return Object.fromEntries([...byPhase].map(([phase, bytes]) => [phase, liveStats(bytes)]));
  }

  /** Every stored link, as "article:rank → target score", for comparing two runs' lists. */
  async linkRows(): Promise<Map<string, { target: number; score: number }>> {
    const db = await this.mf.getD1Database('DB');
    const out = new Map<string, { target: number; score: number }>();
    const rows = await db
      .prepare(
        'select article_id as a, rank as r, similar_article_id as t, score as s from similar_posts',
      )
      .all<{ a: number; r: number; t: number; s: number }>();
    for (const row of rows.results) {
      out.set(`${row.a}:${row.r}`, { target: row.t, score: row.s });
    }
    return out;
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
    this.heap?.stop();
    return this.mf.dispose();
  }
}

interface LiveStats {
  samples: number;
  medianMB: number;
  p90MB: number;
  maxMB: number;
}

function liveStats(bytes: readonly number[]): LiveStats {
  const sorted = [...bytes].sort((a, b) => a - b);
  const at = (q: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) / 1e6;
  return { samples: sorted.length, medianMB: at(0.5), p90MB: at(0.9), maxMB: at(1) };
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

/** Gives 1% of the articles (at least one, spread evenly over the corpus) a new revision, through the importer. */
async function reviseOnePercent(editor: Bench, size: number, seed: number): Promise<void> {
  const changed = Math.max(1, Math.floor(size / 100));
  await editor.post('/__bench/seed', {
    from: 0,
    count: changed,
    step: Math.floor(size / changed),
    seed,
    revision: 1,
  });
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

// ---- the fan-out refresh (docs/SCALE.md) ------------------------------------------------------

interface FanoutRow {
  articles: number;
  /** The first full refresh: from the cron tick to the run's end in the queue consumers. */
  fullSeconds: number;
  /**
   * Of fullSeconds, the time local Miniflare's queue broker stood still with parts pending after a
   * consumer batch had ended (a stall: docs/SCALE.md), until the bench's restart and tick.
   */
  stalledSeconds: number;
  stalls: number;
  /** The parts' own time (sum of job_part ms): the work, whatever the queue did between parts. */
  consumerSeconds: number;
  /** The cron tick plus every queue consumer invocation of that refresh. */
  invocations: number;
  /** The most D1 round trips of one consumer invocation (the limit is 1,000 on Workers Paid). */
  maxQueriesPerInvocation: number;
  /**
   * The largest memory of any one invocation, measured in the memory pass: the isolate's live JS
   * heap (a heap snapshot's objects) at the parts' high points, where they yield for it
   * (JOBS_MEMORY_PROBE), every BENCH_LIVE_EVERY_MS. Local Miniflare runs one consumer batch at a
   * time in the one isolate, so a sample is the Worker's code and globals plus the running part.
   */
  peakInvocationMB: number;
  /** The isolate's live heap before the refresh: code and globals, what no invocation adds. */
  idleHeapMB: number;
  /**
   * The largest used heap read in the memory pass (asked for every 200 ms, answered at the same
   * yields as the snapshots), garbage included: what V8 had not collected yet, not what it needs.
   */
  heapPeakMB: number;
  heapSamples: number;
  /** The live heap samples by the phase of the part running when each was taken. */
  liveHeapByPhase: Record<string, LiveStats>;
  /** The memory pass's wall time (snapshots pause the isolate, so it is not the timed figure). */
  memoryPassSeconds: number | null;
  /** The largest high-water mark a part logged of its own data (the job's account, not measured). */
  jobPeakMB: number;
  /** Growth of the whole workerd process (every invocation, local D1's SQLite) during the refresh. */
  processMB: number;
  rowsWritten: number;
  usPerArticle: number;
  /** The same refresh on unchanged data, and after 1% of articles changed (up to SINGLE_UP_TO). */
  againSeconds: number | null;
  againRowsWritten: number | null;
  incrementalSeconds: number | null;
  incrementalRowsWritten: number | null;
  incrementalInvocations: number | null;
  /** Lists compared with the single-isolate job's full pass on the same corpus (sizes it can do). */
  singleIsolate: { linkRows: number; differentTargets: number; rowsItRewrote: number } | null;
  precisionAt5: number;
}

const SINGLE_UP_TO = 50_000;
const fanoutRows: FanoutRow[] = [];
// Parts are due within 20 s here, so a watchdog tick re-sends any the local queue did not deliver.
const FANOUT = { SIMILAR_FANOUT: 'on', SIMILAR_PART_DUE_MS: '20000' };
console.log(
  `\nfan-out refresh (SIMILAR_FANOUT=on, parts of 1,000 article ids, queue batches of 4): seed ${seed}, sizes ${sizes.join(', ')}`,
);
console.log(
  '   size  full wall   µs/article  invocations  peak live heap MB (idle / with garbage / job account)  proc MB   rows written   again   1% changed',
);
// One database grows through the sizes; each size's refresh runs on a copy of it taken when it
// held that many articles, so every article is seeded once whatever the list of sizes.
const STORE = path.join(ROOT, `seeded-${seed}`);
rmSync(STORE, { recursive: true, force: true });
mkdirSync(STORE, { recursive: true });
let file: D1File | null = null;
const corpus = new GeneratedCorpus((statements) => {
  if (!file) {
    throw new Error('no database file open for seeding');
  }
  file.run(statements);
}, seed);
let seededArticles = 0;
const inspectorPort = port + 1;

/**
 * The first fan-out refresh of `size` articles once more, on a fresh copy of the seeded database,
 * with the inspector attached and the parts yielding at their high points (JOBS_MEMORY_PROBE), so
 * the heap snapshots the sampler takes measure what a part holds at its largest.
 */
async function memoryPass(size: number, time: Date) {
  const copy = path.join(ROOT, `memory-${size}`);
  rmSync(copy, { recursive: true, force: true });
  cpSync(STORE, copy, { recursive: true });
  // BENCH_HEAP_SNAPSHOT=dir: keep the heap snapshot of the largest live sample of each size.
  const snapshots = process.env.BENCH_HEAP_SNAPSHOT;
  if (snapshots) {
    mkdirSync(snapshots, { recursive: true });
  }
  const bench = new Bench(
    script,
    copy,
    { ...FANOUT, JOBS_MEMORY_PROBE: 'on' },
    {
      inspectorPort,
      keepPeakSnapshotAt: snapshots ? path.join(snapshots, `peak-${size}.heapsnapshot`) : undefined,
    },
  );
  await bench.ready();
  const idleHeapMB = ((await bench.heap?.sampleLive()) ?? 0) / 1e6;
  const result = await bench.fanoutRefresh(time);
  await bench.dispose();
  rmSync(copy, { recursive: true, force: true });
  if (result.run.status !== 'success') {
    throw new Error(`memory pass at ${size}: ${result.run.status} ${result.run.error}`);
  }
  console.log(
    `${String(size).padStart(7)} memory pass (${(result.ms / 1000).toFixed(1)} s, ${result.snapshotSeconds.toFixed(1)} s of it writing snapshots): live heap at the parts' high points by phase, MB (samples: median / p90 / max): ${Object.entries(
      result.liveByPhase,
    )
      .map(
        ([phase, v]) =>
          `${phase} (${v.samples}: ${v.medianMB.toFixed(1)} / ${v.p90MB.toFixed(1)} / ${v.maxMB.toFixed(1)})`,
      )
      .join(', ')}`,
  );
  return { ...result, idleHeapMB };
}
for (const size of sizes) {
  const persist = path.join(ROOT, `fanout-${size}`);
  rmSync(persist, { recursive: true, force: true });
  const seeder = new Bench(script, STORE, FANOUT);
  await seeder.ready();
  if (seededArticles === 0) {
    await applyMigrations((await seeder.mf.getD1Database('DB')) as unknown as D1Database);
  }
  const seedStarted = performance.now();
  let shown = performance.now();
  if (values['seed-via'] === 'importer') {
    for (let from = seededArticles; from < size; from += SEED_BATCH) {
      const count = Math.min(SEED_BATCH, size - from);
      await seeder.post('/__bench/seed', { from, count, step: 1, seed, revision: 0 });
    }
    await seeder.dispose();
  } else {
    // The runtime must have let go of the file before it is written behind its back.
    await seeder.dispose();
    file = new D1File(d1FileOf(STORE));
    await corpus.fill(seededArticles, size, (p) => {
      if (performance.now() - shown > 60_000) {
        shown = performance.now();
        console.log(`         … seeding: ${p.stored} articles stored`);
      }
    });
    file.close();
    file = null;
  }
  seededArticles = size;
  cpSync(STORE, persist, { recursive: true });
  console.log(
    `${String(size).padStart(7)} seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s (--seed-via ${values['seed-via']}; not measured), ${corpus.progress.rejected} refused`,
  );
  const day = new Date('2026-04-26T03:17:00Z').getTime();
  const at = (minutes: number) => new Date(day + minutes * 60_000);

  // The timed refresh runs with no inspector attached: a heap snapshot pauses the isolate for
  // about a second and a half (docs/SCALE.md, "How bench:cron measures").
  const full = new Bench(script, persist, FANOUT);
  await full.ready();
  const rssBefore = full.memory().rssMb;
  const first = await full.fanoutRefresh(at(13));
  const processMB = full.memory().peakMb - rssBefore;
  if (first.run.status !== 'success') {
    throw new Error(`fan-out refresh at ${size}: ${first.run.status} ${first.run.error}`);
  }
  const q = await full.precision();
  const byPhase = new Map<string, { parts: number; ms: number }>();
  for (const p of full.parts) {
    const entry = byPhase.get(p.phase) ?? { parts: 0, ms: 0 };
    byPhase.set(p.phase, { parts: entry.parts + 1, ms: entry.ms + p.ms });
  }
  console.log(
    `${String(size).padStart(7)} consumer time by phase: ${[...byPhase]
      .map(([phase, v]) => `${phase} ${v.parts} parts ${(v.ms / 1000).toFixed(1)} s`)
      .join(
        ', ',
      )}; the local queue stalled ${first.stalls} times, ${(first.stalledMs / 1000).toFixed(1)} s in all; at most ${first.maxQueries} D1 round trips in one consumer invocation`,
  );
  await full.dispose();

  // The same first refresh again on a fresh copy, to measure memory (BENCH_NO_HEAP=1 skips it).
  const memory = process.env.BENCH_NO_HEAP ? null : await memoryPass(size, at(13));

  let singleIsolate: FanoutRow['singleIsolate'] = null;
  if (size <= SINGLE_UP_TO) {
    // The single-isolate job's full pass over the same stored features: the rows it rewrites are
    // the links on which the two paths differ by more than the job's tolerance.
    const single = new Bench(script, persist, { SIMILAR_FANOUT: 'off' });
    await single.mf.ready;
    const before = await single.linkRows();
    const response = (await (
      await single.mf.dispatchFetch('http://localhost/admin/refresh?job=similar&mode=full', {
        method: 'POST',
        headers: { authorization: 'Bearer bench-token' },
      })
    ).json()) as { runs: { status: string; rowsWritten: number }[] };
    const after = await single.linkRows();
    await single.dispose();
    let differentTargets = 0;
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      if (before.get(key)?.target !== after.get(key)?.target) {
        differentTargets++;
      }
    }
    singleIsolate = {
      linkRows: after.size,
      differentTargets,
      rowsItRewrote: response.runs[0]?.rowsWritten ?? -1,
    };
  }

  // The refresh again on unchanged data, and after 1% of the articles changed (through the real
  // importer): at the sizes the single-isolate comparison covers, or every size with --all.
  let second: Awaited<ReturnType<Bench['fanoutRefresh']>> | null = null;
  let third: Awaited<ReturnType<Bench['fanoutRefresh']>> | null = null;
  if (size <= SINGLE_UP_TO || values.all) {
    const again = new Bench(script, persist, FANOUT);
    await again.ready();
    second = await again.fanoutRefresh(at(313));
    await again.dispose();

    const editor = new Bench(script, persist, FANOUT);
    await editor.ready();
    await reviseOnePercent(editor, size, seed);
    await editor.dispose();
    const inc = new Bench(script, persist, FANOUT);
    await inc.ready();
    third = await inc.fanoutRefresh(at(613));
    await inc.dispose();
  }

  const row: FanoutRow = {
    articles: size,
    fullSeconds: first.ms / 1000,
    stalledSeconds: first.stalledMs / 1000,
    stalls: first.stalls,
    consumerSeconds: [...byPhase.values()].reduce((sum, v) => sum + v.ms, 0) / 1000,
    invocations: first.invocations,
    maxQueriesPerInvocation: first.maxQueries,
    peakInvocationMB: (memory?.heapLivePeakBytes ?? 0) / 1e6,
    idleHeapMB: memory?.idleHeapMB ?? 0,
    heapPeakMB: (memory?.heapPeakBytes ?? 0) / 1e6,
    heapSamples: memory?.heapSamples ?? 0,
    liveHeapByPhase: memory?.liveByPhase ?? {},
    memoryPassSeconds: memory ? memory.ms / 1000 : null,
    jobPeakMB: first.peakInvocationBytes / 1e6,
    processMB,
    rowsWritten: first.run.rowsWritten,
    usPerArticle: (first.ms * 1000) / size,
    againSeconds: second ? second.ms / 1000 : null,
    againRowsWritten: second ? second.run.rowsWritten : null,
    incrementalSeconds: third ? third.ms / 1000 : null,
    incrementalRowsWritten: third ? third.run.rowsWritten : null,
    incrementalInvocations: third ? third.invocations : null,
    singleIsolate,
    precisionAt5: q.related / Math.max(1, q.links),
  };
  fanoutRows.push(row);
  console.log(
    `${String(size).padStart(7)} ${row.fullSeconds.toFixed(1).padStart(8)} s ${row.usPerArticle.toFixed(0).padStart(10)} ${String(row.invocations).padStart(12)} ${row.peakInvocationMB.toFixed(1).padStart(12)} (${row.idleHeapMB.toFixed(1)} / ${row.heapPeakMB.toFixed(1)} / ${row.jobPeakMB.toFixed(1)}) ${row.processMB.toFixed(0).padStart(8)} ${String(row.rowsWritten).padStart(14)} ${row.againSeconds === null ? '     -' : `${row.againSeconds.toFixed(1).padStart(6)} s`} ${row.incrementalSeconds === null ? '-' : `${row.incrementalSeconds.toFixed(1).padStart(6)} s (${row.incrementalRowsWritten} rows)`}`,
  );
  if (singleIsolate) {
    console.log(
      `${String(size).padStart(7)} vs the single-isolate job: ${singleIsolate.differentTargets} of ${singleIsolate.linkRows} links with another target; its full pass rewrote ${singleIsolate.rowsItRewrote} rows (0 = equal within the 0.02 tolerance)`,
    );
  }
  console.log(`${String(size).padStart(7)} precision@5 ${row.precisionAt5.toFixed(3)}`);
  if (!values.keep) {
    rmSync(persist, { recursive: true, force: true });
  }
}
if (!values.keep) {
  rmSync(STORE, { recursive: true, force: true });
}
mkdirSync('bench', { recursive: true });
writeFileSync(
  path.join('bench', 'cron-results.json'),
  `${JSON.stringify({ seed, rows: fanoutRows }, null, 2)}\n`,
);
if (fanoutRows.length > 1) {
  console.log('\ntargets (fan-out):');
}
// Each larger size against the smallest (the issue's: 200,000 against 20,000).
for (const large of fanoutRows.slice(1)) {
  const small = fanoutRows[0] as FanoutRow;
  const perArticle = large.usPerArticle / small.usPerArticle;
  const withoutStalls = (r: FanoutRow) => (r.fullSeconds - r.stalledSeconds) / r.articles;
  const steady = withoutStalls(large) / withoutStalls(small);
  const work = large.consumerSeconds / large.articles / (small.consumerSeconds / small.articles);
  const memory = large.peakInvocationMB / small.peakInvocationMB;
  console.log(
    `  time per article at ${large.articles} / at ${small.articles}: ${perArticle.toFixed(2)}× (target ≤ 1.5×) ${perArticle <= 1.5 ? 'MET' : 'MISSED'}`,
  );
  console.log(
    `    the same without the local queue's stalls (${small.stalls} and ${large.stalls}): ${steady.toFixed(2)}×; the parts' own time per article: ${work.toFixed(2)}×`,
  );
  if (small.peakInvocationMB > 0 && large.peakInvocationMB > 0) {
    console.log(
      `  peak of one invocation at ${large.articles}: ${large.peakInvocationMB.toFixed(1)} MB (target < 100 MB) ${large.peakInvocationMB < 100 ? 'MET' : 'MISSED'}; ${memory.toFixed(2)}× that at ${small.articles} (not growing: ≤ 1.2×) ${memory <= 1.2 ? 'MET' : 'MISSED'}`,
    );
    // Each phase's high point, whole and above the idle isolate (the part's own data).
    for (const [phase, at] of Object.entries(large.liveHeapByPhase)) {
      const before = small.liveHeapByPhase[phase];
      if (phase === 'finish' || !before) {
        continue;
      }
      console.log(
        `    ${phase} parts' high point: ${before.maxMB.toFixed(1)} → ${at.maxMB.toFixed(1)} MB (${(at.maxMB / before.maxMB).toFixed(2)}×); above the idle isolate ${(before.maxMB - small.idleHeapMB).toFixed(1)} → ${(at.maxMB - large.idleHeapMB).toFixed(1)} MB`,
      );
    }
  } else {
    console.log('  peak of one invocation: not measured (BENCH_NO_HEAP=1 skips the memory pass)');
  }
  console.log(
    `  invocations at ${large.articles}: ${large.invocations} (target ≥ 2) ${large.invocations >= 2 ? 'MET' : 'MISSED'}`,
  );
}
const compared = fanoutRows.filter((r) => r.singleIsolate);
for (const r of compared) {
  const equal = r.singleIsolate?.rowsItRewrote === 0 && r.singleIsolate.differentTargets === 0;
  console.log(
    `  lists equal to the single-isolate path's at ${r.articles}: ${equal ? 'MET' : 'MISSED'} (${r.singleIsolate?.differentTargets} targets differ, ${r.singleIsolate?.rowsItRewrote} rows rewritten)`,
  );
}
const wroteAgain = fanoutRows.filter(
  (r) => r.againRowsWritten !== null && r.againRowsWritten !== 0,
);
if (wroteAgain.length > 0) {
  console.error(
    `bench:cron: a fan-out run on unchanged data wrote rows: ${JSON.stringify(wroteAgain)}`,
  );
  process.exit(1);
}

if (values.single) {
  console.log(
    `\nsingle-isolate refresh: seed ${seed}, sizes ${sizes.join(', ')}; every knob at its default (D1 budget: 900 round trips per invocation)`,
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
    const editor = new Bench(script, persist);
    await editor.mf.ready;
    await reviseOnePercent(editor, size, seed);
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
}
