/**
 * Samples the V8 heap of the Worker's isolate in local workerd through the inspector protocol
 * (Runtime.getHeapUsage, the figure DevTools shows), because a Worker cannot read its own memory:
 * workerd has no performance.memory nor process.memoryUsage() with real values.
 *
 * What the number is: the isolate's used JS heap at each sample, every `everyMs`. Every
 * invocation of the Worker (the cron tick, each queue consumer batch, fetches) runs in that one
 * isolate, so the largest sample over a refresh bounds from above what any one invocation held
 * at that moment, plus garbage not yet collected and the Worker's own code and globals. It is not
 * a per-invocation high-water mark (a spike shorter than the interval can be missed), and it
 * does not count memory outside the JS heap (D1 results before they are turned into JS values
 * are held by workerd, not the isolate).
 */
import WebSocket from 'ws';

export interface HeapSample {
  usedBytes: number;
  totalBytes: number;
}

/** Polls the first Worker isolate the inspector at `port` lists. */
export class HeapSampler {
  private socket: WebSocket | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (value: HeapSample) => void>();
  /** Largest used heap seen since the last reset(). */
  peakUsedBytes = 0;
  samples = 0;

  constructor(
    private readonly port: number,
    private readonly everyMs = 200,
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
      const reply = JSON.parse(String(data)) as {
        id?: number;
        result?: { usedSize: number; totalSize: number };
      };
      const done = reply.id === undefined ? undefined : this.pending.get(reply.id);
      if (done && reply.result) {
        this.pending.delete(reply.id as number);
        done({ usedBytes: reply.result.usedSize, totalBytes: reply.result.totalSize });
      }
    });
    this.socket = socket;
    this.timer = setInterval(() => {
      void this.sample().catch(() => undefined);
    }, this.everyMs);
  }

  /** One sample now (also recorded in the peak). */
  sample(): Promise<HeapSample> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error('the heap sampler is not connected'));
    }
    const id = this.nextId++;
    return new Promise<HeapSample>((resolve) => {
      this.pending.set(id, (value) => {
        this.samples++;
        this.peakUsedBytes = Math.max(this.peakUsedBytes, value.usedBytes);
        resolve(value);
      });
      socket.send(JSON.stringify({ id, method: 'Runtime.getHeapUsage' }));
    });
  }

  reset(): void {
    this.peakUsedBytes = 0;
    this.samples = 0;
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.socket?.close();
    this.socket = null;
    this.pending.clear();
  }
}
