/**
 * Samples the V8 heap of the Worker's isolate in local workerd through the inspector protocol
 * (Runtime.getHeapUsage, the figure DevTools shows), because a Worker cannot read its own memory:
 * workerd has no performance.memory nor process.memoryUsage() with real values.
 *
 * Two figures:
 * - `peakUsedBytes`: the used heap every `everyMs`, garbage included: when V8 collects moves it
 *   (the same 20,000-article refresh peaked at 81 MB in one run and 146 MB in another);
 * - `peakLiveBytes`: every `liveEveryMs`, a heap snapshot (HeapProfiler.takeHeapSnapshot, whose
 *   first step is a full collection; its contents are discarded), then the used heap: what the
 *   isolate really held at that moment, the figure to hold against the Workers memory limit,
 *   which V8 meets only after collecting. workerd's inspector does not answer
 *   HeapProfiler.collectGarbage, so the snapshot is the way to force a collection; it pauses the
 *   isolate while it is written, so it is taken rarely (every 10 s by default).
 *
 * Every invocation of the Worker (the cron tick, each queue consumer batch, fetches) runs in that
 * one isolate; local Miniflare delivers one queue batch at a time, so during a refresh the live
 * heap is the Worker's code and globals plus what the running batch holds. A spike shorter than
 * the interval can be missed, and memory outside the JS heap (D1 results before they become JS
 * values) is workerd's, not the isolate's.
 */
import WebSocket from 'ws';

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
  /** Largest used heap right after a full collection since the last reset(). */
  peakLiveBytes = 0;
  samples = 0;
  liveSamples = 0;
  private collecting = false;

  constructor(
    private readonly port: number,
    private readonly everyMs = 200,
    private readonly liveEveryMs = 10_000,
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
        return; // the snapshot's contents: only the collection it forced is wanted
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

  /** A full collection (a discarded snapshot), then one sample: the live heap now. */
  async sampleLive(): Promise<HeapSample | null> {
    if (this.collecting) {
      return null;
    }
    this.collecting = true;
    try {
      await this.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      const value = await this.usage();
      this.liveSamples++;
      this.peakLiveBytes = Math.max(this.peakLiveBytes, value.usedBytes);
      return value;
    } finally {
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
