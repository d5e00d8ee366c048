/**
 * Phase 2 of a fan-out run, for one range of articles: with the corpus's final document
 * frequencies, decide which features each article keeps in the index (the same rule the
 * single-isolate index applies: similarity-index.ts) and make similar_postings hold exactly those,
 * writing only the rows that differ and moving each term's list length (similar_terms.kept) by as
 * much. A full pass does every range; an incremental run only the ranges with changed articles.
 * A replay compares with what is stored again, so it writes nothing twice.
 */
import {
  counterUpdates,
  postingDeletes,
  postingInserts,
  readFeatureRange,
  readPostingsRange,
} from '../../db/fanout-queries.ts';
import { loadCorpus, partialIndex, vocabularyIds } from './corpus.ts';
import type { PartContext } from './messages.ts';

/** Posting rows written per D1 batch (50 a statement, so about a hundred statements). */
const FLUSH_ROWS = 5_000;

export async function postingsPart(ctx: PartContext): Promise<void> {
  const { db, message, config } = ctx;
  const [corpus, rows, stored] = await Promise.all([
    loadCorpus(db, message, config.rawWordBudget),
    readFeatureRange(db, message.from, message.to),
    readPostingsRange(db, message.from, message.to),
  ]);
  const ranged =
    message.mode === 'incremental' ? rows.filter(([, , , dirty]) => dirty === 1) : rows;
  const index = partialIndex(corpus, ranged);
  const vocab = vocabularyIds(corpus, index);
  const want = new Map<number, Set<number>>();
  for (const [articleId] of ranged) {
    want.set(articleId, new Set());
  }
  for (let d = 0; d < index.articleIds.length; d++) {
    const terms = want.get(index.articleIds[d] ?? 0);
    for (let i = index.docStart[d] ?? 0; i < (index.docStart[d + 1] ?? 0); i++) {
      terms?.add(vocab[index.docTerms[i] ?? 0] ?? -1);
    }
  }
  const have = new Map<number, Set<number>>();
  for (const [articleId, termId] of stored) {
    // Incremental: only the changed articles' postings are reconsidered.
    if (message.mode === 'full' || want.has(articleId)) {
      have.set(articleId, (have.get(articleId) ?? new Set()).add(termId));
    }
  }
  ctx.notePeak(
    corpus.bytes +
      index.buildPeakBytes +
      48 * stored.length +
      rows.reduce((n, r) => n + 2 * r[2].length + 64, 0),
  );
  await ctx.memoryProbe();
  let inserts: { termId: number; articleId: number }[] = [];
  let deletes: ReturnType<typeof postingDeletes> = [];
  let kept = new Map<number, number>();
  let dropped = 0;
  let articles = 0;
  // Commits of about FLUSH_ROWS rows: each is atomic with its counter moves, and a replay of the
  // part recomputes the differences, so splitting the part's writes costs nothing in safety.
  const flush = async () => {
    await ctx.commit(
      [...deletes, ...postingInserts(db, inserts), ...counterUpdates(db, 'kept', kept)],
      { processed: articles, rowsWritten: inserts.length + dropped },
    );
    inserts = [];
    deletes = [];
    kept = new Map();
    dropped = 0;
    articles = 0;
  };
  const ids = [...new Set([...want.keys(), ...have.keys()])].sort((a, b) => a - b);
  for (const articleId of ids) {
    const terms = want.get(articleId) ?? new Set<number>();
    const old = have.get(articleId) ?? new Set<number>();
    for (const termId of terms) {
      if (termId >= 0 && !old.has(termId)) {
        inserts.push({ termId, articleId });
        kept.set(termId, (kept.get(termId) ?? 0) + 1);
      }
    }
    // Postings no longer kept (a feature fell out, or the article is now a draft).
    const gone = [...old].filter((termId) => !terms.has(termId));
    if (gone.length > 0) {
      deletes.push(...postingDeletes(db, articleId, gone));
      dropped += gone.length;
      for (const termId of gone) {
        kept.set(termId, (kept.get(termId) ?? 0) - 1);
      }
    }
    articles += want.has(articleId) ? 1 : 0;
    if (inserts.length + dropped >= FLUSH_ROWS) {
      await flush();
    }
  }
  if (inserts.length + dropped > 0 || articles > 0) {
    await flush();
  }
}
