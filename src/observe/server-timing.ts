/**
 * Formats the Server-Timing header (W3C Server Timing), which browsers show in devtools under the
 * request's Timing tab: total time, time in D1 with the number of round trips, render time and the
 * cache outcome.
 */

export interface TimingMetric {
  /** A token: letters, digits and `-`/`_` (the header's syntax allows no spaces). */
  name: string;
  /** Milliseconds; omitted for metrics that only carry a description (the cache outcome). */
  durationMs?: number;
  description?: string;
}

/** The header's quoted-string only needs `"` and `\` escaped. */
function quote(text: string): string {
  return `"${text.replace(/["\\]/g, (ch) => `\\${ch}`)}"`;
}

/**
 * Renders metrics as one Server-Timing header value, durations rounded to 0.1 ms.
 *
 * @example
 * formatServerTiming([{ name: 'db', durationMs: 3.14159, description: '1 call' }]);
 * // 'db;dur=3.1;desc="1 call"'
 */
export function formatServerTiming(metrics: TimingMetric[]): string {
  return metrics
    .map(({ name, durationMs, description }) => {
      let entry = name;
      if (durationMs !== undefined) {
        entry += `;dur=${roundMs(durationMs)}`;
      }
      if (description !== undefined) {
        entry += `;desc=${quote(description)}`;
      }
      return entry;
    })
    .join(', ');
}

/**
 * Rounds a duration to 0.1 ms: finer digits are noise (and in production the Workers clock only
 * advances on I/O anyway).
 *
 * @example
 * roundMs(12.3456); // 12.3
 */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}
