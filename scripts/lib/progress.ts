/**
 * A one-line progress indicator for long imports, on a terminal only: never in CI or when
 * stderr is redirected, where it would only fill logs with carriage returns.
 */

export interface Progress {
  /** `phase` names the work: "reading" files, then "importing" them. */
  update(done: number, phase?: string): void;
  /** Erases the line, so a log line can be printed; the next update redraws it. */
  clear(): void;
}

/** Runs shorter than this finish before a progress line would help. */
export const PROGRESS_MIN_FILES = 200;

export function createProgress(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const enabled = stream.isTTY === true && !process.env.CI && total >= PROGRESS_MIN_FILES;
  let started = Date.now();
  let lastPhase = '';
  let lastDraw = 0;
  let shown = false;
  return {
    update(done, phase = 'importing') {
      const now = Date.now();
      if (phase !== lastPhase) {
        lastPhase = phase;
        started = now;
      }
      if (!enabled || (now - lastDraw < 100 && done < total)) {
        return;
      }
      lastDraw = now;
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? Math.round(done / seconds) : 0;
      const percent = Math.floor((done / total) * 100);
      stream.write(
        `\r\x1b[2Kimport: ${phase} ${done}/${total} files (${percent}%), ${rate} files/s`,
      );
      shown = true;
    },
    clear() {
      if (shown) {
        stream.write('\r\x1b[2K');
        shown = false;
      }
    },
  };
}
