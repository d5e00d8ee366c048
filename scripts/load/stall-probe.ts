/**
 * How long the runtime stopped answering. One client, beside the load, asks for a small cached
 * page every PROBE_INTERVAL_MS, one request at a time, and records how long each took. workerd
 * runs the app, its D1 and its Cache API on one thread locally, so a long synchronous stretch
 * anywhere (a large transaction, a long computation in a job) shows up here as a stall, with the
 * moment it happened.
 */
import { setTimeout as sleep } from 'node:timers/promises';

const PROBE_INTERVAL_MS = 50;
/** A probe slower than this counts as a stall. */
export const STALL_MS = 500;

export interface Stall {
  /** Seconds since the traffic started, when the stalled request was sent. */
  at: number;
  ms: number;
}

export interface StallReport {
  probes: number;
  /** The longest probe, in milliseconds. */
  longestMs: number;
  /** Percentiles of the probes: the latency of a small cached page beside the load. */
  p50Ms: number;
  p99Ms: number;
  /** Every probe slower than STALL_MS, longest first. */
  stalls: Stall[];
}

/**
 * Starts probing `url`; `stop()` ends it and returns the report. `started` is the
 * performance.now() the `at` times count from.
 */
export function startStallProbe(
  url: string,
  started: number,
): { stop: () => Promise<StallReport> } {
  let running = true;
  const report: StallReport = { probes: 0, longestMs: 0, p50Ms: 0, p99Ms: 0, stalls: [] };
  const times: number[] = [];
  const loop = (async () => {
    while (running) {
      const sent = performance.now();
      try {
        await (await fetch(url, { signal: AbortSignal.timeout(30_000) })).arrayBuffer();
      } catch {
        // A failed probe still measured how long the runtime took to answer (or not).
      }
      const ms = Math.round(performance.now() - sent);
      report.probes += 1;
      times.push(ms);
      report.longestMs = Math.max(report.longestMs, ms);
      if (ms > STALL_MS) {
        report.stalls.push({ at: Math.round((sent - started) / 100) / 10, ms });
      }
      await sleep(Math.max(0, PROBE_INTERVAL_MS - ms));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      report.stalls.sort((a, b) => b.ms - a.ms);
      times.sort((a, b) => a - b);
      const at = (p: number) =>
        times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
      report.p50Ms = at(0.5);
      report.p99Ms = at(0.99);
      return report;
    },
  };
}
