/**
 * The connection errors of a traffic run, as the bench and the load test report them: when each
 * happened (seconds since the start, to a tenth) and how many of each kind (code and message).
 */

function describe(error: unknown): string {
  // undici puts the reason (a reset connection, say) in the cause and says only "fetch failed".
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code ?? '';
  const message = cause?.message ?? (error as Error).message ?? String(error);
  return `${code} ${message}`.trim();
}

/**
 * @example
 * const errors = new ConnectionErrors(performance.now());
 * client.on('reqError', (error) => errors.record(error));
 * // errors.seconds: [7.5, 7.5], errors.kinds: Map { 'ECONNRESET read ECONNRESET' => 2 }
 */
export class ConnectionErrors {
  readonly seconds: number[] = [];
  readonly kinds = new Map<string, number>();

  constructor(private readonly started: number) {}

  /** Notes when something failed, without counting it as a kind (a timeout, say). */
  at(): void {
    this.seconds.push(Math.round((performance.now() - this.started) / 100) / 10);
  }

  record(error: unknown): void {
    this.at();
    const kind = describe(error);
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
  }
}
