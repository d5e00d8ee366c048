/**
 * The cache's content generations, kept in site_state. One row counts invalidations site-wide
 * (`cache:generation`); one row per recently invalidated tag (`cache-tag:<tag>`) records the
 * generation at which that tag last changed. A stored page remembers the generation it was
 * rendered under, and is out of date when one of its tags changed at a later generation.
 */
import { and, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { chunkForParams } from './chunks.ts';
import type { Db } from './client.ts';
import { siteState } from './schema.ts';

export const GENERATION_KEY = 'cache:generation';
export const TAG_KEY_PREFIX = 'cache-tag:';
/** ';' is the character right after ':', so [prefix, end) is exactly the keys under the prefix. */
const TAG_KEY_END = 'cache-tag;';

export interface CacheGenerations {
  /** The latest generation; 0 before the first invalidation. */
  site: number;
  /** Generation at which each recently invalidated tag last changed. */
  tags: Map<string, number>;
}

const nowSql = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

function isTagKey(): SQL | undefined {
  return and(gte(siteState.key, TAG_KEY_PREFIX), lt(siteState.key, TAG_KEY_END));
}

/**
 * Bumps the generation and stamps each tag with it, in one D1 batch (a transaction), and forgets
 * tags unchanged for longer than `retentionSeconds` (no stored page can be that old).
 * Returns the new generation.
 *
 * @example
 * const generation = await bumpCacheGenerations(db, ['article:my-post', 'listing:home'], 604800);
 */
export async function bumpCacheGenerations(
  db: Db,
  tags: readonly string[],
  retentionSeconds: number,
): Promise<number> {
  const bump = db
    .insert(siteState)
    .values({ key: GENERATION_KEY, value: '1', updatedAt: nowSql })
    .onConflictDoUpdate({
      target: siteState.key,
      set: { value: sql`cast(${siteState.value} as integer) + 1`, updatedAt: nowSql },
    })
    .returning({ value: siteState.value });
  // D1 clocks, not the caller's: the importer runs on a laptop whose clock may be off.
  const prune = db
    .delete(siteState)
    .where(
      and(
        isTagKey(),
        lt(
          siteState.updatedAt,
          sql`strftime('%Y-%m-%dT%H:%M:%fZ','now',${`-${Math.ceil(retentionSeconds)} seconds`})`,
        ),
      ),
    );
  const current = sql`(select ${siteState.value} from ${siteState} where ${siteState.key} = ${GENERATION_KEY})`;
  const stamps: BatchItem<'sqlite'>[] = chunkForParams([...new Set(tags)], 2).map((chunk) =>
    db
      .insert(siteState)
      .values(chunk.map((t) => ({ key: TAG_KEY_PREFIX + t, value: current, updatedAt: nowSql })))
      .onConflictDoUpdate({
        target: siteState.key,
        set: { value: sql`excluded.value`, updatedAt: sql`excluded.updated_at` },
      }),
  );
  const [bumped] = await db.batch([bump, prune, ...stamps]);
  const value = Number(bumped[0]?.value);
  if (!Number.isSafeInteger(value)) {
    throw new Error(`site_state ${GENERATION_KEY} holds "${bumped[0]?.value}", not an integer`);
  }
  return value;
}

/**
 * site_state rows written at or after `from`. Only the updated_at condition, so the index decides
 * which rows are read; the few other keys changed in the same window are skipped by the caller.
 */
export function changedStatesStatement(db: Db, from: string) {
  return db
    .select({ key: siteState.key, value: siteState.value, updatedAt: siteState.updatedAt })
    .from(siteState)
    .where(gte(siteState.updatedAt, from));
}

/** Stamps re-read on every incremental read, in case D1's clock ever steps back a little. */
const CLOCK_MARGIN_MS = 60_000;

export interface GenerationsRead extends CacheGenerations {
  /** D1's clock when read (else the newest updated_at read): pass it as `since` to the next read. */
  readUpTo: string;
}

function asGeneration(key: string, value: string): number {
  const generation = Number(value);
  if (!Number.isSafeInteger(generation)) {
    throw new Error(`site_state ${key} holds "${value}", not an integer generation`);
  }
  return generation;
}

/**
 * Reads the generation and the tag stamps written since `since` (an updated_at from a previous
 * read; omit it for all of them), in one D1 round trip. Through the updated_at index an
 * incremental read touches only the rows changed since, not every remembered tag.
 *
 * @example
 * const first = await readCacheGenerations(db);
 * const later = await readCacheGenerations(db, first.readUpTo); // only what changed since
 */
export async function readCacheGenerations(db: Db, since = ''): Promise<GenerationsRead> {
  const from = since ? new Date(Date.parse(since) - CLOCK_MARGIN_MS).toISOString() : '';
  const [site, stamps] = await db.batch([
    db
      .select({ value: siteState.value, now: sql<string>`${nowSql}` })
      .from(siteState)
      .where(eq(siteState.key, GENERATION_KEY)),
    changedStatesStatement(db, from),
  ]);
  const read: GenerationsRead = {
    site: site[0] ? asGeneration(GENERATION_KEY, site[0].value) : 0,
    tags: new Map(),
    // D1's clock at the read, not the newest stamp: after a bulk invalidation the newest stamp
    // stays put, and every read would fetch the whole bulk again for as long as nothing newer
    // was written. From D1's clock, a stamp is re-read for at most CLOCK_MARGIN_MS.
    readUpTo: site[0]?.now ?? since,
  };
  for (const row of stamps) {
    if (!row.key.startsWith(TAG_KEY_PREFIX)) {
      continue;
    }
    read.tags.set(row.key.slice(TAG_KEY_PREFIX.length), asGeneration(row.key, row.value));
    if (row.updatedAt > read.readUpTo) {
      read.readUpTo = row.updatedAt;
    }
  }
  return read;
}
