import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { generateArticle, generatedSourceId } from '../../scripts/lib/generator.ts';
import { findExistingArticles } from '../../src/db/article-lookup.ts';
import { writeArticle } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';
import { D1_MAX_BOUND_PARAMETERS } from '../../src/db/limits.ts';

const db = createDb(env.DB);

describe('findExistingArticles', () => {
  it('looks up more source ids than one statement may bind (an import of hundreds of files)', async () => {
    const stored = generateArticle(7, 1).input;
    await writeArticle(db, stored, { now: new Date('2026-11-01T12:00:00Z') });
    const ids = Array.from({ length: D1_MAX_BOUND_PARAMETERS * 2 + 1 }, (_, i) =>
      generatedSourceId(i),
    );
    const existing = await findExistingArticles(db, ids);
    expect([...existing.keys()]).toEqual([stored.sourceId]);
    expect(existing.get(stored.sourceId)?.stack).toEqual(stored.stack);
  });
});
