/** The content generations in D1: incremental reads, and the index that keeps them cheap. */
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { invalidate } from '../../src/cache/invalidate.ts';
import { changedStatesStatement, readCacheGenerations } from '../../src/db/cache-generations.ts';
import { db } from '../cache/helpers.ts';

describe('readCacheGenerations', () => {
  it('reads every stamp the first time, then only those written since', async () => {
    await db.run(
      sql`insert into site_state (key, value, updated_at) values ('cache-tag:stack:cobol', '1', '2001-01-01T00:00:00.000Z')`,
    );
    await db.run(
      sql`insert into site_state (key, value, updated_at) values ('importer:last-run', 'x', strftime('%Y-%m-%dT%H:%M:%fZ','now'))`,
    );
    const first = await readCacheGenerations(db);
    expect(first.tags.get('stack:cobol')).toBe(1);

    const result = await invalidate(db, ['article:fresh-news'], {});
    const next = await readCacheGenerations(db, first.readUpTo);
    expect(next.site).toBe(result.generation);
    expect(next.tags.get('article:fresh-news')).toBe(result.generation);
    expect(next.tags.has('stack:cobol')).toBe(false);
    expect(next.tags.has('importer:last-run')).toBe(false);
    expect(next.readUpTo >= first.readUpTo).toBe(true);
  });

  it('does not read a bulk of old stamps again on every read while nothing newer is written', async () => {
    await invalidate(db, ['article:bulk-1', 'article:bulk-2'], {});
    // The bulk was the last thing written, long ago.
    await db.run(sql`update site_state set updated_at = '2001-01-01T00:00:00.000Z'`);
    const first = await readCacheGenerations(db);
    expect(first.tags.has('article:bulk-1')).toBe(true);
    // The next read starts from D1's clock at the first read, far past the old bulk.
    expect(first.readUpTo > '2026-01-01').toBe(true);
    const next = await readCacheGenerations(db, first.readUpTo);
    expect(next.tags.has('article:bulk-1')).toBe(false);
    expect(next.tags.has('article:bulk-2')).toBe(false);
  });

  it('finds the changed rows through the updated_at index, not by scanning site_state', async () => {
    const { sql: text, params } = changedStatesStatement(db, '2026-01-01T00:00:00.000Z').toSQL();
    const plan = await env.DB.prepare(`explain query plan ${text}`)
      .bind(...params)
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail).join('\n');
    expect(details).toMatch(/USING INDEX site_state_updated_idx/);
    expect(details).not.toMatch(/^SCAN site_state$/m);
  });
});
