/** Reads and writes of site_state, the small key/value table jobs keep their bookkeeping in. */
import { inArray, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { siteState } from './schema.ts';

/**
 * @example
 * const state = await readSiteState(db, ['similar.full_at']); // Map { 'similar.full_at' => '…' }
 */
export async function readSiteState(db: Db, keys: readonly string[]): Promise<Map<string, string>> {
  const rows = await db
    .select({ key: siteState.key, value: siteState.value })
    .from(siteState)
    .where(inArray(siteState.key, [...keys]))
    .all();
  return new Map(rows.map((r) => [r.key, r.value]));
}

/** An upsert of one key, for a batch. */
export function writeSiteState(db: Db, key: string, value: string) {
  return db
    .insert(siteState)
    .values({ key, value })
    .onConflictDoUpdate({
      target: siteState.key,
      set: { value, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` },
    });
}
