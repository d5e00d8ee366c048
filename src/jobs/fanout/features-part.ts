/**
 * Phase 1 of a fan-out run, for one range of articles: extract the features of the articles whose
 * content changed (as the single-isolate job does), store them, and move the vocabulary's document
 * frequencies by what changed. Terms new to the vocabulary get their ids from D1 (an insert that
 * ignores conflicts, then a read), so parts running side by side never hand out the same id.
 * A replay is harmless: committed articles are no longer stale, so their counts move once.
 */
import {
  counterUpdates,
  insertTerms,
  readCountedVocabulary,
  termIds,
} from '../../db/fanout-queries.ts';
import { PackedReader, packFeatures, TermVocabulary } from '../../db/packed-features.ts';
import { extractFeatures, featureEntries } from '../../db/similar-features.ts';
import { type FeatureRow, featureUpserts, readStaleArticles } from '../../db/similar-queries.ts';
import { writeSiteState } from '../../db/site-state.ts';
import { STATE_KEYS } from '../similar-job.ts';
import type { PartContext } from './messages.ts';

const reader = new PackedReader();

/** The distinct vocabulary ids of a stored row (empty for a draft: drafts are not counted). */
function countedTerms(articleId: number, packed: string, linkable: boolean): Set<number> {
  if (!linkable) {
    return new Set();
  }
  const count = reader.read(articleId, packed, () => true);
  return new Set(reader.ids.subarray(0, count));
}

export async function featuresPart(ctx: PartContext): Promise<void> {
  const { db, message, config } = ctx;
  const known = new Map<string, number>();
  for (const row of await readCountedVocabulary(db)) {
    known.set(row.term, row.id);
  }
  let after = message.from - 1;
  for (;;) {
    const stale = (await readStaleArticles(db, after, config.chunkSize)).filter(
      (a) => a.id <= message.to,
    );
    if (stale.length === 0) {
      return;
    }
    after = stale[stale.length - 1]?.id ?? message.to;
    const extracted = stale.map((article) => ({
      article,
      features: extractFeatures(article.source),
    }));
    const fresh = [
      ...new Set(
        extracted.flatMap(({ features }) =>
          featureEntries(features)
            .map((e) => e.term)
            .filter((term) => !known.has(term)),
        ),
      ),
    ];
    if (fresh.length > 0) {
      const reads = termIds(db, fresh);
      const results = (await db.batch([
        ...insertTerms(db, fresh),
        ...reads,
      ] as unknown as Parameters<typeof db.batch>[0])) as unknown as unknown[];
      for (const rows of results.slice(-reads.length)) {
        for (const row of rows as { id: number; term: string }[]) {
          known.set(row.term, row.id);
        }
      }
    }
    const vocabulary = new TermVocabulary([...known].map(([term, id]) => ({ id, term })));
    const df = new Map<number, number>();
    const move = (ids: Set<number>, by: number) => {
      for (const id of ids) {
        df.set(id, (df.get(id) ?? 0) + by);
      }
    };
    const rows: FeatureRow[] = extracted.map(({ article, features }) => {
      const packed = packFeatures(features, vocabulary);
      const dirty =
        article.stored === null ||
        article.stored.features !== packed ||
        article.stored.linkable !== article.linkable;
      if (dirty) {
        if (article.stored) {
          move(countedTerms(article.id, article.stored.features, article.stored.linkable), -1);
        }
        move(countedTerms(article.id, packed, article.linkable), 1);
      }
      return {
        articleId: article.id,
        contentHash: article.contentHash,
        linkable: article.linkable,
        features: packed,
        dirty,
      };
    });
    if (vocabulary.takeAdded().length > 0) {
      throw new Error('a term has no vocabulary id after inserting it');
    }
    const dirtied = rows.filter((r) => r.dirty).length;
    await ctx.memoryProbe();
    await ctx.commit(
      [
        ...featureUpserts(db, rows),
        ...counterUpdates(db, 'df', df),
        ...(dirtied > 0 ? [writeSiteState(db, STATE_KEYS.changed, '1')] : []),
      ],
      { processed: 0, rowsWritten: rows.length + fresh.length },
    );
    // The chunk's articles as read (two bytes a character of their text), the one thing a
    // features part holds that grows with its chunk.
    ctx.notePeak(
      stale.reduce(
        (sum, a) =>
          sum +
          2 * (a.source.title.length + a.source.summary.length) +
          2 * a.source.body.join('').length,
        0,
      ),
    );
    if (stale.length < config.chunkSize) {
      return;
    }
  }
}
