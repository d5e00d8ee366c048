/**
 * The export (`npm run similar:export`): every imported article with the path the importer read
 * and its list in rank order, after a real import and a real similar refresh in D1.
 */
import { describe, expect, it } from 'vitest';
import { readSimilarExport } from '../../scripts/lib/similar-export.ts';
import { importDocuments, type SourceDocument } from '../../src/import/run-import.ts';
import asyncAwait from '../fixtures/similar-text/async-await-intro.md?raw';
import asyncCancel from '../fixtures/similar-text/async-cancellation.md?raw';
import asyncStreams from '../fixtures/similar-text/async-streams.md?raw';
import asyncTraits from '../fixtures/similar-text/async-traits.md?raw';
import borrowBasics from '../fixtures/similar-text/borrow-checker-basics.md?raw';
import recap from '../fixtures/similar-text/conference-recap.md?raw';
import lifetimeErrors from '../fixtures/similar-text/lifetime-errors.md?raw';
import nll from '../fixtures/similar-text/non-lexical-lifetimes.md?raw';
import twoPhase from '../fixtures/similar-text/two-phase-borrows.md?raw';
import { db, lists, SIMILAR_CRON, tick } from '../jobs/helpers.ts';

const FILES: Record<string, string> = {
  'blog/content/borrow-checker-basics.md': borrowBasics,
  'blog/content/non-lexical-lifetimes.md': nll,
  'blog/content/lifetime-errors.md': lifetimeErrors,
  'blog/content/two-phase-borrows/index.md': twoPhase,
  'blog/content/async/async-await-intro.md': asyncAwait,
  'blog/content/async/async-cancellation.md': asyncCancel,
  'blog/content/async/async-traits.md': asyncTraits,
  'blog/content/async/async-streams.md': asyncStreams,
  'blog/content/conference-recap.md': recap,
};

function documents(): SourceDocument[] {
  const encoder = new TextEncoder();
  return Object.entries(FILES).map(([path, text]) => {
    const bytes = encoder.encode(text);
    return { path, size: bytes.byteLength, read: async () => bytes };
  });
}

describe('similar:export', () => {
  it('lists every article with the path the importer read and its similar slugs, best first', async () => {
    const summary = await importDocuments(db, documents(), {
      now: new Date('2026-03-01T00:00:00Z'),
    });
    expect(summary.rejected).toBe(0);
    await tick(SIMILAR_CRON, '2026-03-01T00:30:00Z');

    const exported = await readSimilarExport(db);
    expect(Object.keys(exported)).toEqual(['articles']);
    expect(exported.articles.map((a) => a.source).sort()).toEqual(Object.keys(FILES).sort());
    for (const article of exported.articles) {
      expect(Object.keys(article)).toEqual(['slug', 'source', 'similar']);
      expect(typeof article.slug).toBe('string');
    }
    const bySource = new Map(exported.articles.map((a) => [a.source, a]));
    const slugOf = (path: string) => bySource.get(path)?.slug ?? '';
    // The lists are the stored ones, in rank order, by slug.
    const stored = await lists();
    const ids = new Map(exported.articles.map((a, i) => [a.slug, i]));
    expect(ids.size).toBe(exported.articles.length);
    const linked = exported.articles.filter((a) => a.similar.length > 0);
    expect(linked.length).toBe(Object.values(stored).filter((l) => l.length > 0).length);
    // Untagged posts found their neighbours from the text; the recap found nobody.
    expect(bySource.get('blog/content/conference-recap.md')?.similar).toEqual([]);
    expect(
      bySource.get('blog/content/non-lexical-lifetimes.md')?.similar.slice(0, 3).sort(),
    ).toEqual(
      [
        slugOf('blog/content/borrow-checker-basics.md'),
        slugOf('blog/content/lifetime-errors.md'),
        slugOf('blog/content/two-phase-borrows/index.md'),
      ].sort(),
    );
    for (const article of exported.articles) {
      for (const slug of article.similar) {
        expect(ids.has(slug)).toBe(true);
      }
    }
  });
});
