/**
 * Samples the V8 heap of the Worker's isolate in local workerd through the inspector protocol
 * (Runtime.getHeapUsage, the figure DevTools shows), because a Worker cannot read its own memory:
 * workerd has no performance.memory nor process.memoryUsage() with real values.
 *
 * Two figures:
 * - `peakUsedBytes`: the used heap, asked for every `everyMs` (answered when the inspector is
 *   served, below), garbage included: when V8 collects moves it;
 * - `peakLiveBytes`: every `liveEveryMs`, a heap snapshot (HeapProfiler.takeHeapSnapshot, whose
 *   first step is a full collection) and the sum of its objects' sizes: what the isolate really
 *   held at that moment, the figure to hold against the Workers memory limit, which V8 meets only
 *   after collecting. workerd's inspector does not answer HeapProfiler.collectGarbage, so the
 *   snapshot is the way to force a collection. It pauses the isolate about a second and a half.
 *
 * When samples fall: workerd serves the inspector between invocations, or when the Worker waits
 * on a timer, but not while it awaits D1 (a request holding 200,000 strings through 6 s of D1
 * queries got its snapshot only once it had ended; with a 0 ms timer every ten queries, in the
 * middle, strings included). So the fan-out's parts wait on a 0 ms timer where they hold the
 * most when JOBS_MEMORY_PROBE=on (PartContext.memoryProbe), and a requested snapshot lands there.
 *
 * Every invocation of the Worker (the cron tick, each queue consumer batch, fetches) runs in that
 * one isolate; local Miniflare delivers one queue batch at a time, so during a refresh the live
 * heap is the Worker's code and globals plus what the running batch holds. Not seen: what a part
 * holds away from its high points, and short-lived garbage inside synchronous code (a D1 result
 * before it becomes rows); memory outside the JS heap is workerd's, not the isolate's.
 */
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { snapshotBytes } from './heap-snapshot.ts';

export interface HeapSample {
  usedBytes: number;
  totalBytes: number;
}

/** Polls the first Worker isolate the inspector at `port` lists. */
export class HeapSampler {
  private socket: WebSocket | null = null;
  private timers: ReturnType<typeof setInterval>[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();
  /** Largest used heap seen since the last reset(), garbage included. */
  peakUsedBytes = 0;
  /** Largest live heap (a snapshot's objects) since the last reset(). */
  peakLiveBytes = 0;
  samples = 0;
  liveSamples = 0;
  /**
   * Milliseconds the isolate spent writing snapshots since the last reset(): from each one's first
   * chunk to its end (the full collection before it is not counted).
   */
  snapshotMs = 0;
  private firstChunkAt: number | null = null;
  /** Every live sample since the last reset(): when (performance.now()) and how many bytes. */
  liveLog: { at: number; bytes: number }[] = [];
  private collecting = false;
  /** The snapshot being taken, as its chunks arrive. */
  private snapshotChunks: string[] | null = null;

  constructor(
    private readonly port: number,
    private readonly everyMs = 200,
    private readonly liveEveryMs = 10_000,
    /**
     * When set, the snapshot of the largest live sample since the last reset() is kept at this
     * path (Chrome's .heapsnapshot format, for DevTools or scripts/bench/heap-summary.ts).
     */
    private readonly keepPeakSnapshotAt: string | null = null,
  ) {}

  async start(): Promise<void> {
    const targets = (await (await fetch(`http://127.0.0.1:${this.port}/json`)).json()) as {
      id: string;
      webSocketDebuggerUrl?: string;
    }[];
    const target = targets.find((t) => t.id.startsWith('core:user:')) ?? targets[0];
    const url = target?.webSocketDebuggerUrl ?? `ws://127.0.0.1:${this.port}/${target?.id}`;
    if (!target) {
      throw new Error(`no Worker isolate listed by the inspector on port ${this.port}`);
    }
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('{"method":"HeapProfiler.addHeapSnapshotChunk"')) {
        const { params } = JSON.parse(text) as { params: { chunk: string } };
        this.firstChunkAt ??= performance.now();
        this.snapshotChunks?.push(params.chunk);
        return;
      }
      const reply = JSON.parse(text) as { id?: number; result?: unknown };
      const done = reply.id === undefined ? undefined : this.pending.get(reply.id);
      if (done) {
        this.pending.delete(reply.id as number);
        done(reply.result);
      }
    });
    this.socket = socket;
    this.timers = [
      setInterval(() => {
        void this.sample().catch(() => undefined);
      }, this.everyMs),
      setInterval(() => {
        void this.sampleLive().catch(() => undefined);
      }, this.liveEveryMs),
    ];
  }

  private call(method: string, params?: Record<string, unknown>): Promise<unknown> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error('the heap sampler is not connected'));
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  }

  private async usage(): Promise<HeapSample> {
    const { usedSize, totalSize } = (await this.call('Runtime.getHeapUsage')) as {
      usedSize: number;
      totalSize: number;
    };
    return { usedBytes: usedSize, totalBytes: totalSize };
  }

  /** One sample now, garbage included (also recorded in the peak). */
  async sample(): Promise<HeapSample> {
    const value = await this.usage();
    this.samples++;
    this.peakUsedBytes = Math.max(this.peakUsedBytes, value.usedBytes);
    return value;
  }

  /**
   * The live heap now: a heap snapshot (its first step is a full collection) and the sum of its
   * objects' sizes. Not the used heap read after it: the inspector answers only when the isolate
   * yields, so that reading counts whatever garbage the Worker made since (at 20,000 articles,
   * 47.9 MB read after a snapshot whose objects came to 9.5 MB).
   */
  async sampleLive(): Promise<number | null> {
    if (this.collecting) {
      return null;
    }
    this.collecting = true;
    this.snapshotChunks = [];
    this.firstChunkAt = null;
    try {
      await this.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      this.snapshotMs += performance.now() - (this.firstChunkAt ?? performance.now());
      const text = this.snapshotChunks.join('');
      this.snapshotChunks = null;
      const bytes = snapshotBytes(text);
      this.liveSamples++;
      this.liveLog.push({ at: performance.now(), bytes });
      if (this.keepPeakSnapshotAt && bytes > this.peakLiveBytes) {
        writeFileSync(this.keepPeakSnapshotAt, text);
      }
      this.peakLiveBytes = Math.max(this.peakLiveBytes, bytes);
      return bytes;
    } finally {
      this.snapshotChunks = null;
      this.collecting = false;
    }
  }

  /** One live sample `afterMs` from now, so that even a short refresh has one. */
  liveSampleIn(afterMs: number): void {
    const timer = setTimeout(() => {
      void this.sampleLive().catch(() => undefined);
    }, afterMs);
    this.timers.push(timer as unknown as ReturnType<typeof setInterval>);
  }

  reset(): void {
    this.peakUsedBytes = 0;
    this.peakLiveBytes = 0;
    this.samples = 0;
    this.liveSamples = 0;
    this.liveLog = [];
    this.snapshotMs = 0;
  }

  stop(): void {
    for (const timer of this.timers) {
      clearInterval(timer);
    }
    this.timers = [];
    this.socket?.close();
    this.socket = null;
    this.pending.clear();
  }
}
