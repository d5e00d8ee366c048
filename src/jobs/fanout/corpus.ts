/**
 * What every fan-out part knows of the whole corpus without loading it: the vocabulary with each
 * term's document frequency and posting-list length (similar_terms counters), and the number of
 * linkable articles. With these, an index built over a few hundred articles weighs each of them
 * exactly as the single-isolate index of the whole corpus does (similarity-index.ts, CorpusStats),
 * and a walk knows how long each posting list is and where its sampled windows start (the largest
 * linkable article id). Its size grows with the vocabulary, not with
 * the number of articles.
 */
import type { Db } from '../../db/client.ts';
import { type CountedTerm, readCountedVocabulary } from '../../db/fanout-queries.ts';
import type { FeaturePageRow } from '../../db/similar-queries.ts';
import {
  type CorpusStats,
  RAW_WORD_BUDGET,
  type SimilarityIndex,
  SimilarityIndexBuilder,
} from '../similarity-index.ts';

export interface Corpus {
  /** Term text by vocabulary id (sparse). */
  vocabulary: (string | undefined)[];
  /** Vocabulary id by term text. */
  idOf: Map<string, number>;
  /** Posting-list length by vocabulary id. */
  kept: Map<number, number>;
  stats: CorpusStats;
  /** The largest linkable article id: the span sampled windows are placed over (samplePivot). */
  maxArticleId: number;
  /** Stored words an index reads over the whole corpus: the run's, as the single isolate's. */
  rawWordBudget: number;
  /** Bytes this holds, roughly: for the part's memory account. */
  bytes: number;
}

/** What the coordinator counts once features are final, and every part's message carries. */
export interface CorpusSpan {
  /** Linkable articles: N. */
  articles: number;
  /** The largest linkable article id. */
  maxArticleId: number;
}

/** Builds the corpus view from the vocabulary rows, N and the largest linkable id. */
export function corpusOf(
  rows: readonly CountedTerm[],
  { articles, maxArticleId }: CorpusSpan,
  rawWordBudget = RAW_WORD_BUDGET,
): Corpus {
  const vocabulary: (string | undefined)[] = [];
  const idOf = new Map<string, number>();
  const df = new Map<string, number>();
  const kept = new Map<number, number>();
  let bytes = 0;
  for (const row of rows) {
    vocabulary[row.id] = row.term;
    idOf.set(row.term, row.id);
    df.set(row.term, row.df);
    kept.set(row.id, row.kept);
    // Three map entries and the string: about 64 bytes each beyond two bytes a character.
    bytes += 200 + 2 * row.term.length;
  }
  return {
    vocabulary,
    idOf,
    kept,
    stats: { articles, df: (term) => df.get(term) ?? 0 },
    maxArticleId,
    rawWordBudget,
    bytes,
  };
}

export async function loadCorpus(
  db: Db,
  span: CorpusSpan,
  rawWordBudget = RAW_WORD_BUDGET,
): Promise<Corpus> {
  return corpusOf(await readCountedVocabulary(db), span, rawWordBudget);
}

/**
 * An index over `rows` (ascending ids), weighted with the whole corpus's statistics. Unreadable
 * rows are skipped (the single-isolate job drops them so they are extracted again; a fan-out part
 * leaves them to it). Non-linkable rows are not indexed, as in the single-isolate job.
 */
export function partialIndex(corpus: Corpus, rows: readonly FeaturePageRow[]): SimilarityIndex {
  const builder = new SimilarityIndexBuilder(
    rows.length,
    corpus.vocabulary,
    corpus.stats,
    corpus.rawWordBudget,
  );
  for (const [articleId, linkable, features] of rows) {
    if (linkable) {
      builder.tryAddPacked(articleId, features);
    }
  }
  return builder.build();
}

/** The vocabulary id of each index term (index terms are the vocabulary, numbered by name). */
export function vocabularyIds(corpus: Corpus, index: SimilarityIndex): Int32Array {
  const out = new Int32Array(index.termNames.length);
  index.termNames.forEach((name, t) => {
    out[t] = corpus.idOf.get(name) ?? -1;
  });
  return out;
}
