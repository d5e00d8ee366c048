/**
 * How the Worker knows the content generations (db/cache-generations.ts) without a D1 call per
 * cache HIT: each isolate keeps the last snapshot in memory. A snapshot younger than
 * GENERATION_REFRESH_AFTER_MS is used as is; an older one is used while a background refresh
 * (ctx.waitUntil) replaces it, and no request waits for it except in a new isolate, which has
 * none. So an isolate with traffic stops serving a page invalidated at time T by
 * T + GENERATION_MAX_AGE_MS (by about T + GENERATION_REFRESH_AFTER_MS under steady traffic); an
 * isolate idle for longer than that answers the requests that wake it from its old snapshot
 * until its background read lands (one D1 round trip), then by the new one. With at most one D1
 * read per isolate every 5 seconds. After the first, each read fetches only the stamps written
 * since the previous one.
 */
import { type CacheGenerations, readCacheGenerations } from '../db/cache-generations.ts';
import type { Db } from '../db/client.ts';

export const GENERATION_REFRESH_AFTER_MS = 5_000;
export const GENERATION_MAX_AGE_MS = 15_000;
/** After a failed read, requests do not queue behind D1 again for this long. */
const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * True when a page stored under generation `stamp` with `tags` is still current: none of its
 * tags changed after the snapshot it was rendered under.
 *
 * @example
 * isCurrent(7, ['article:a', 'site'], { site: 9, tags: new Map([['article:a', 8]]) }) // false
 */
export function isCurrent(
  stamp: number,
  tags: readonly string[],
  generations: CacheGenerations,
): boolean {
  return tags.every((t) => (generations.tags.get(t) ?? 0) <= stamp);
}

/** One isolate's snapshot of the generations. */
export class GenerationMemo {
  #snapshot: CacheGenerations | null = null;
  /** Where the next read continues from: only stamps written since are read again. */
  #readUpTo = '';
  /** When the read that produced the snapshot started: the snapshot is at least that fresh. */
  #readAt = Number.NEGATIVE_INFINITY;
  #failedAt = Number.NEGATIVE_INFINITY;
  #reading: Promise<CacheGenerations> | null = null;

  constructor(private readonly now: () => number) {}

  #read(db: Db): Promise<CacheGenerations> {
    if (!this.#reading) {
      const startedAt = this.now();
      this.#reading = readCacheGenerations(db, this.#readUpTo)
        .then(
          (read) => {
            // Stamps only grow, so merging what changed into the previous snapshot is the whole
            // picture. Tags pruned from D1 stay here with their old stamp, which is harmless:
            // every page stored before that stamp has expired.
            const tags = new Map(this.#snapshot?.tags);
            for (const [tag, stamp] of read.tags) {
              tags.set(tag, Math.max(stamp, tags.get(tag) ?? 0));
            }
            const snapshot = { site: read.site, tags };
            this.#snapshot = snapshot;
            this.#readUpTo = read.readUpTo;
            this.#readAt = startedAt;
            return snapshot;
          },
          (error: unknown) => {
            this.#failedAt = this.now();
            throw error;
          },
        )
        .finally(() => {
          this.#reading = null;
        });
    }
    return this.#reading;
  }

  /**
   * The snapshot in memory, however old, with its age in milliseconds; null before the first
   * read. Never calls D1: the caller decides whether it may judge a stored page (withinBound) or
   * must wait for current().
   */
  peek(): { generations: CacheGenerations; age: number; withinBound: boolean } | null {
    if (!this.#snapshot) {
      return null;
    }
    const age = this.now() - this.#readAt;
    return { generations: this.#snapshot, age, withinBound: age < GENERATION_MAX_AGE_MS };
  }

  /**
   * Starts a background read (ctx.waitUntil through `background.run`) unless one is running or
   * the last one failed moments ago; the request goes on without it.
   */
  refreshInBackground(background: { db: () => Db; run: (work: Promise<unknown>) => void }): void {
    if (this.#reading || this.now() - this.#failedAt < RETRY_AFTER_FAILURE_MS) {
      return;
    }
    background.run(this.#read(background.db()).catch(() => undefined));
  }

  /**
   * A snapshot no older than GENERATION_MAX_AGE_MS, or null when none can be had (D1 failing):
   * the caller must then treat stored pages as unverifiable. `db` serves reads the request waits
   * for; `background.db` builds a client (only when one is needed) for the refreshes it does not
   * wait for, so they are not counted as the request's own D1 calls.
   *
   * @example
   * const generations = await memo.current(c.var.db, {
   *   db: () => createDb(c.env.DB),
   *   run: (work) => c.executionCtx.waitUntil(work),
   * });
   */
  async current(
    db: Db,
    background: { db: () => Db; run: (work: Promise<unknown>) => void },
  ): Promise<CacheGenerations | null> {
    const age = this.now() - this.#readAt;
    if (this.#snapshot && age < GENERATION_REFRESH_AFTER_MS) {
      return this.#snapshot;
    }
    if (this.#snapshot && age < GENERATION_MAX_AGE_MS) {
      this.refreshInBackground(background);
      return this.#snapshot;
    }
    if (!this.#reading && this.now() - this.#failedAt < RETRY_AFTER_FAILURE_MS) {
      return null;
    }
    try {
      return await this.#read(db);
    } catch {
      return null;
    }
  }
}
