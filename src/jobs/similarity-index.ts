/**
 * The in-memory index the similar-posts job ranks with: one sparse, weighted vector per article
 * and an inverted index (feature → articles) over the same entries, both in typed arrays so that
 * 100,000 articles fit well inside a Worker's 128 MB. Built in one streaming pass over the stored
 * features; nothing here touches D1.
 *
 * Weighting (docs/JOBS.md, "The model"): each feature group g (words, subject, stack, tools,
 * entities, period) is TF-IDF weighted and normalised to unit length per article, then scaled by
 * √(G_g / Σ G over the groups the article has), so the dot product of two vectors is a weighted
 * sum of per-group cosines in [0, 1]: an article without tags is compared on its words at full
 * weight instead of being capped at the words' share.
 */

import { FeatureDecodeError, PackedReader } from '../db/packed-features.ts';
import {
  type ArticleFeatures,
  featureEntries,
  PRIMARY_CODE,
  WORDS_KEPT,
} from '../db/similar-features.ts';

export const GROUPS = ['subject', 'stack', 'tools', 'entities', 'words', 'period'] as const;
export type Group = (typeof GROUPS)[number];

/**
 * How much each kind of overlap counts when an article has every kind; an article lacking some
 * shares their weight among the others in proportion. Text first: what an article says is the
 * one evidence every article has; tags add to it when present; the period is a small prior.
 */
export const GROUP_WEIGHTS: Readonly<Record<Group, number>> = {
  words: 0.5,
  subject: 0.16,
  stack: 0.14,
  tools: 0.08,
  entities: 0.06,
  period: 0.06,
};

/** The primary stack (listed first) says more about an article than its secondary stack tags. */
const PRIMARY_STACK_WEIGHT = 2;
/** The smallest group norm divided by: the length of one feature with IDF 1 (in 37% of articles). */
const MIN_NORM = 1;
/**
 * Memory and time are spent per corpus, not per article: a small blog gets every stored word of
 * every article, a large corpus only each article's most telling ones. RAW_WORD_BUDGET bounds the
 * stored words read per article (the first ones: most frequent first), INDEX_ENTRY_BUDGET the
 * weighted entries kept per article (tags first, then the words of highest TF-IDF), each divided
 * by the article count, within the floors below and WORDS_KEPT above. At 750 articles that is
 * every word; at 10,000 about 40 entries; from 25,000 on, what ranking version 2 held (32 raw
 * words, about 30 entries), so memory at 100,000 stays where it was (docs/JOBS.md, "The model").
 */
export const RAW_WORD_BUDGET = 1_000_000;
export const INDEX_ENTRY_BUDGET = 400_000;
/** Fewest stored words read, and fewest words indexed, per article whatever the corpus size. */
export const MIN_RAW_WORDS = 32;
export const MIN_WORDS_INDEXED = 16;
/** Words in more than this share of articles are the corpus's stop words: too common to index. */
const MAX_WORD_SHARE = 0.5;

const PREFIX: Readonly<Record<string, Group>> = {
  p: 'subject',
  o: 'subject',
  s: 'stack',
  t: 'tools',
  e: 'entities',
  w: 'words',
  d: 'period',
};
const GROUP_CODE: Readonly<Record<Group, number>> = {
  subject: 0,
  stack: 1,
  tools: 2,
  entities: 3,
  words: 4,
  period: 5,
};

type Typed = Int32Array | Uint8Array;

/** A typed array that doubles when full; sized up front from the article count, it rarely grows. */
class Grow<T extends Typed> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(Math.max(16, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

const ints = (n: number) => new Int32Array(n);
const bytes = (n: number) => new Uint8Array(n);

/** Raw entries expected per article besides its words (tags, periods), for sizing the buffers. */
const RAW_TAGS = 16;

export interface SimilarityIndex {
  /** Article ids in ascending order; a document's index is its position here. */
  readonly articleIds: Int32Array;
  /** Document d's entries are [docStart[d], docStart[d + 1]), sorted by term id. */
  readonly docStart: Int32Array;
  readonly docTerms: Int32Array;
  readonly docWeights: Float32Array;
  /**
   * Term t's postings (documents) are postDocs[postStart[t] .. postStart[t + 1]), in document
   * order, with each document's weight for the term at the same position of postWeights.
   */
  readonly postStart: Int32Array;
  readonly postDocs: Int32Array;
  readonly postWeights: Float32Array;
  /** The highest weight term t has in any document: bounds what a posting not visited can add. */
  readonly termMaxWeight: Float32Array;
  /** "p:problem", "o:topic", "s:stack", "t:tool", "e:type:name", "w:word" or "d:period". */
  readonly termNames: string[];
  readonly termGroups: Uint8Array;
  /** Bytes held by the typed arrays, for the run log. */
  readonly bytes: number;
  /**
   * Most bytes of typed arrays alive at once while building (raw entries plus the weighted
   * vectors, before the raw ones are released), plus an estimate of the vocabulary's strings:
   * the job's memory high-water mark, logged because a Worker cannot read its own heap.
   */
  readonly buildPeakBytes: number;
}

/**
 * Corpus-wide statistics given from outside instead of counted over the articles added: the
 * fan-out refresh builds small indexes (a range of articles and their candidates) that must weigh
 * every article exactly as an index of the whole corpus would (src/jobs/fanout/).
 */
export interface CorpusStats {
  /** Linkable articles in the corpus (N). */
  articles: number;
  /** Linkable articles having the term (df), by term name. */
  df(term: string): number;
}

/**
 * Collects articles one by one (in ascending id order), then builds the index. Raw entries are
 * kept as a term id and a one-byte count until build() weighs them, then released. With a
 * vocabulary, terms are numbered in the order of their names (so an index of part of the corpus
 * numbers them as one of all of it does, which the fan-out refresh relies on: term ids break ties
 * and pick sampled windows); without one, in the order first met. Either way the index does not
 * depend on the vocabulary's ids (which follow the history of extraction, not the corpus).
 *
 * @example
 * const builder = new SimilarityIndexBuilder(rows.length, vocabulary);
 * for (const row of rows) builder.addPacked(row.articleId, row.features);
 * const index = builder.build();
 */
export class SimilarityIndexBuilder {
  private readonly termIds = new Map<string, number>();
  /** Index term id of each vocabulary id met so far, -1 before. */
  private readonly fromVocabulary: Int32Array;
  private readonly reader = new PackedReader();
  private readonly isKnown: (id: number) => boolean;
  private readonly df: Grow<Int32Array>;
  /** 1 for a word term, by term id. */
  private readonly isWord: Grow<Uint8Array>;
  /** Stored words read per article (RAW_WORD_BUDGET), and how many the current one has had. */
  private readonly rawWords: number;
  private wordsInDoc = 0;
  /** The article (ids.length) that last had the term: a repeated term counts once. */
  private readonly seenIn: Grow<Int32Array>;
  private readonly ids: Grow<Int32Array>;
  private readonly rawStart: Grow<Int32Array>;
  private rawTerms: Grow<Int32Array>;
  private rawCodes: Grow<Uint8Array>;
  private lastId = Number.NEGATIVE_INFINITY;

  /**
   * `expectedArticles` sizes the buffers; more articles still fit (the buffers grow).
   * `vocabulary` (term by id) is what addPacked() reads ids against. `rawWordBudget` is
   * RAW_WORD_BUDGET unless the job's SIMILAR_RAW_WORD_BUDGET knob says otherwise.
   */
  constructor(
    expectedArticles = 1024,
    private readonly vocabulary: readonly (string | undefined)[] = [],
    private readonly stats?: CorpusStats,
    rawWordBudget = RAW_WORD_BUDGET,
  ) {
    const n = Math.max(16, expectedArticles);
    this.fromVocabulary = new Int32Array(vocabulary.length).fill(-1);
    this.isKnown = (id) => id < vocabulary.length && vocabulary[id] !== undefined;
    this.df = new Grow(new Int32Array(4096), ints);
    this.isWord = new Grow(new Uint8Array(4096), bytes);
    // The budget is per corpus: a fan-out part (stats given) reads what an index of the whole
    // corpus would read of each of its articles.
    this.rawWords = Math.min(
      WORDS_KEPT,
      Math.max(MIN_RAW_WORDS, Math.floor(rawWordBudget / (stats?.articles ?? expectedArticles))),
    );
    this.seenIn = new Grow(new Int32Array(4096), ints);
    this.ids = new Grow(new Int32Array(n), ints);
    this.rawStart = new Grow(new Int32Array(n), ints);
    this.rawTerms = new Grow(new Int32Array(n * (this.rawWords + RAW_TAGS)), ints);
    this.rawCodes = new Grow(new Uint8Array(n * (this.rawWords + RAW_TAGS)), bytes);
    const named: number[] = [];
    vocabulary.forEach((term, id) => {
      if (term !== undefined) {
        named.push(id);
      }
    });
    named.sort((a, b) => {
      const x = vocabulary[a] ?? '';
      const y = vocabulary[b] ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
    for (const id of named) {
      this.fromVocabulary[id] = this.termOf(vocabulary[id] ?? '');
    }
  }

  get size(): number {
    return this.ids.length;
  }

  private termOf(name: string): number {
    let id = this.termIds.get(name);
    if (id === undefined) {
      id = this.termIds.size;
      this.termIds.set(name, id);
      this.df.push(0);
      this.seenIn.push(-1);
      this.isWord.push(name.startsWith('w:') ? 1 : 0);
    }
    return id;
  }

  private entry(id: number, code: number): void {
    const doc = this.ids.length;
    if (this.seenIn.data[id] === doc) {
      return;
    }
    this.seenIn.data[id] = doc;
    // df counts every stored feature of the article, read or not: the corpus's document
    // frequency, as similar_terms.df counts it for the fan-out refresh. Counting only the words
    // read would tie IDF to the read budget, which shrinks as the corpus grows: the two paths
    // would weigh words differently once an article stores more words than the budget reads.
    this.df.data[id] = (this.df.data[id] ?? 0) + 1;
    // Stored words come most frequent first: past the article's share, the rest are left out.
    if (this.isWord.data[id] === 1 && this.wordsInDoc++ >= this.rawWords) {
      return;
    }
    this.rawTerms.push(id);
    this.rawCodes.push(code);
  }

  private begin(articleId: number): void {
    if (articleId <= this.lastId) {
      throw new Error(
        `articles must be added in ascending id order (${articleId} after ${this.lastId})`,
      );
    }
    this.lastId = articleId;
    this.wordsInDoc = 0;
    this.rawStart.push(this.rawTerms.length);
    this.ids.push(articleId);
  }

  add(articleId: number, features: ArticleFeatures): void {
    this.begin(articleId);
    for (const { term, code } of featureEntries(features)) {
      this.entry(this.termOf(term), code);
    }
  }

  /**
   * Adds an article from its stored form (packed-features.ts). Throws FeatureDecodeError, adding
   * nothing, when the text is malformed or names an id the vocabulary does not have.
   */
  addPacked(articleId: number, packed: string): void {
    const count = this.reader.read(articleId, packed, this.isKnown);
    this.begin(articleId);
    const { ids, codes } = this.reader;
    const map = this.fromVocabulary;
    for (let i = 0; i < count; i++) {
      const v = ids[i] ?? 0;
      let t = map[v] ?? -1;
      if (t < 0) {
        t = this.termOf(this.vocabulary[v] ?? '');
        map[v] = t;
      }
      this.entry(t, codes[i] ?? 1);
    }
  }

  /**
   * addPacked for rows read from D1, where a malformed row is derived data to drop rather than a
   * reason to fail the run: false (and nothing added) when it cannot be read.
   */
  tryAddPacked(articleId: number, packed: string): boolean {
    try {
      this.addPacked(articleId, packed);
      return true;
    } catch (error) {
      if (error instanceof FeatureDecodeError) {
        return false;
      }
      throw error;
    }
  }

  build(): SimilarityIndex {
    const n = this.ids.length;
    const termNames = [...this.termIds.keys()];
    const termCount = termNames.length;
    const termGroups = new Uint8Array(termCount);
    termNames.forEach((name, t) => {
      termGroups[t] = GROUP_CODE[PREFIX[name.slice(0, 1)] ?? 'words'];
    });
    const df = this.df.data;
    const stats = this.stats;
    if (stats) {
      for (let t = 0; t < termCount; t++) {
        df[t] = stats.df(termNames[t] ?? '');
      }
    }
    // The corpus the weights are relative to: the articles added, or the whole one (stats).
    const corpus = stats ? stats.articles : n;
    // Smoothed IDF: ln((N + 1) / (df + 0.5)) is near 0 for a feature every article has.
    const idf = new Float32Array(termCount);
    for (let t = 0; t < termCount; t++) {
      idf[t] = Math.max(0, Math.log((corpus + 1) / ((df[t] ?? 0) + 0.5)));
    }
    const groupWeight = GROUPS.map((g) => GROUP_WEIGHTS[g]);
    const groupScale = groupWeight.map(Math.sqrt);
    const rawStart = this.rawStart.data;
    let rawTerms = this.rawTerms.data;
    let rawCodes = this.rawCodes.data;
    const rawLength = this.rawTerms.length;
    const rawBytes =
      this.rawTerms.data.byteLength +
      this.rawCodes.data.byteLength +
      this.rawStart.data.byteLength +
      this.ids.data.byteLength +
      this.seenIn.data.byteLength +
      this.fromVocabulary.byteLength +
      df.byteLength;
    // A Map entry and a string header cost about 64 bytes beyond the characters (two bytes each).
    // The stored vocabulary's array adds a slot per id (its strings are the ones counted here).
    const vocabularyBytes =
      termNames.reduce((sum, name) => sum + 64 + 2 * name.length, 0) + 8 * this.vocabulary.length;
    const rawEnd = (d: number) => (d + 1 < n ? (rawStart[d + 1] ?? 0) : rawLength);
    // What one occurrence of a feature is worth before IDF, by its one-byte code: for words,
    // sublinear term frequency (a word said ten times is not ten times as telling); for tags,
    // double for the primary stack.
    const wordValue = new Float64Array(256);
    for (let code = 1; code < 256; code++) {
      wordValue[code] = 1 + Math.log(code);
    }
    const tagValue = (code: number) => (code === PRIMARY_CODE ? PRIMARY_STACK_WEIGHT : 1);

    // Kept entries are a subset of the raw ones, so raw-sized buffers always suffice.
    const docStart = new Int32Array(n + 1);
    let docTerms = new Int32Array(rawLength);
    let docWeights = new Float32Array(rawLength);
    let kept = 0;
    const norms = new Float64Array(GROUPS.length);
    // Per-article scratch, reused: typed arrays and insertion sorts over a few dozen entries
    // instead of fresh arrays, closures and sets for each of 100,000 articles.
    let widest = 0;
    for (let d = 0; d < n; d++) {
      widest = Math.max(widest, rawEnd(d) - (rawStart[d] ?? 0));
    }
    const raw = new Float64Array(widest);
    const pickedTerms = new Int32Array(widest);
    const pickedWeights = new Float64Array(widest);
    const dropped = new Uint8Array(widest);
    const words = new Int32Array(widest);
    const order = new Int32Array(widest);
    const wordsGroup = GROUP_CODE.words;
    const maxWordCount = MAX_WORD_SHARE * corpus;
    const entriesPerArticle = Math.floor(INDEX_ENTRY_BUDGET / Math.max(1, corpus));
    for (let d = 0; d < n; d++) {
      docStart[d] = kept;
      norms.fill(0);
      const from = rawStart[d] ?? 0;
      const to = rawEnd(d);
      // Norms use every feature, even those too rare or too common to index, so dropping such a
      // feature from the index never inflates the article's other weights (the budget's cut
      // of words is the one exception, below).
      for (let i = from; i < to; i++) {
        const t = rawTerms[i] ?? 0;
        const g = termGroups[t] ?? 0;
        const code = rawCodes[i] ?? 0;
        const x = (g === wordsGroup ? (wordValue[code] ?? 0) : tagValue(code)) * (idf[t] ?? 0);
        raw[i - from] = x;
        norms[g] = (norms[g] ?? 0) + x * x;
      }
      const rawWordSq = norms[wordsGroup] ?? 0;
      // The groups this article has share the whole weight (an untagged article is its words).
      let present = 0;
      for (let g = 0; g < norms.length; g++) {
        present += (norms[g] ?? 0) > 0 ? (groupWeight[g] ?? 0) : 0;
      }
      const share = present > 0 ? 1 / Math.sqrt(present) : 0;
      // Dividing by at least MIN_NORM keeps a group made only of very common features (IDF
      // below 1, such as a stack tag half the corpus has) from being scaled up to full weight.
      for (let g = 0; g < norms.length; g++) {
        norms[g] = ((groupScale[g] ?? 0) * share) / Math.max(MIN_NORM, Math.sqrt(norms[g] ?? 0));
      }
      let picked = 0;
      let wordCount = 0;
      for (let i = from; i < to; i++) {
        const t = rawTerms[i] ?? 0;
        const group = termGroups[t] ?? 0;
        const count = df[t] ?? 0;
        // A feature one article has cannot make two articles alike; a word most articles have is noise.
        if (count < 2 || (group === wordsGroup && count > maxWordCount)) {
          continue;
        }
        const weight = (raw[i - from] ?? 0) * (norms[group] ?? 0);
        if (weight <= 0) {
          continue;
        }
        if (group === wordsGroup) {
          words[wordCount++] = picked;
        }
        pickedTerms[picked] = t;
        pickedWeights[picked] = weight;
        dropped[picked] = 0;
        picked++;
      }
      // Tags are few and always kept; words fill the rest of the article's share of the budget.
      const wordsIndexed = Math.max(MIN_WORDS_INDEXED, entriesPerArticle - (picked - wordCount));
      if (wordCount > wordsIndexed) {
        // Keep the highest weighted words (ties to the lower term id): sort, drop the rest.
        for (let x = 1; x < wordCount; x++) {
          const k = words[x] ?? 0;
          let y = x - 1;
          while (y >= 0 && wordBefore(k, words[y] ?? 0, pickedWeights, pickedTerms)) {
            words[y + 1] = words[y] ?? 0;
            y--;
          }
          words[y + 1] = k;
        }
        for (let x = 0; x < wordCount; x++) {
          dropped[words[x] ?? 0] = x < wordsIndexed ? 0 : 1;
        }
      }
      // The words indexed are the article's text in short: the words the budget left out no
      // longer count in its length, or a long article, whose many words swell its norm, would
      // score low with everybody and a short one high. Words too rare or too common to index
      // still count: an article sharing one passing word with others must stay a weak match.
      const wordNorm = norms[wordsGroup] ?? 0;
      if (wordCount > wordsIndexed && wordNorm > 0) {
        let keptSq = rawWordSq;
        for (let x = wordsIndexed; x < wordCount; x++) {
          keptSq -= ((pickedWeights[words[x] ?? 0] ?? 0) / wordNorm) ** 2;
        }
        const scale =
          ((groupScale[wordsGroup] ?? 0) * share) /
          Math.max(MIN_NORM, Math.sqrt(Math.max(0, keptSq))) /
          wordNorm;
        for (let x = 0; x < wordsIndexed; x++) {
          const k = words[x] ?? 0;
          pickedWeights[k] = (pickedWeights[k] ?? 0) * scale;
        }
      }
      // The kept entries in term order (terms are distinct within an article).
      let ordered = 0;
      for (let k = 0; k < picked; k++) {
        if (dropped[k] === 1) {
          continue;
        }
        const term = pickedTerms[k] ?? 0;
        let y = ordered - 1;
        while (y >= 0 && (pickedTerms[order[y] ?? 0] ?? 0) > term) {
          order[y + 1] = order[y] ?? 0;
          y--;
        }
        order[y + 1] = k;
        ordered++;
      }
      for (let x = 0; x < ordered; x++) {
        const k = order[x] ?? 0;
        docTerms[kept] = pickedTerms[k] ?? 0;
        docWeights[kept] = pickedWeights[k] ?? 0;
        kept++;
      }
    }
    docStart[n] = kept;
    // The raw entries are no longer needed: drop every reference before the postings are
    // allocated, so a collection can reclaim them.
    this.rawTerms = new Grow(new Int32Array(0), ints);
    this.rawCodes = new Grow(new Uint8Array(0), bytes);
    rawTerms = this.rawTerms.data;
    rawCodes = this.rawCodes.data;
    if (kept < docTerms.length * 0.9) {
      docTerms = docTerms.slice(0, kept);
      docWeights = docWeights.slice(0, kept);
    }
    const terms = docTerms.subarray(0, kept);
    const weights = docWeights.subarray(0, kept);

    // Postings in document order: a counting sort of the entries by term.
    const postStart = new Int32Array(termCount + 1);
    for (let i = 0; i < kept; i++) {
      const t = terms[i] ?? 0;
      postStart[t + 1] = (postStart[t + 1] ?? 0) + 1;
    }
    for (let t = 0; t < termCount; t++) {
      postStart[t + 1] = (postStart[t + 1] ?? 0) + (postStart[t] ?? 0);
    }
    const fill = postStart.slice(0, termCount);
    const postDocs = new Int32Array(kept);
    const postWeights = new Float32Array(kept);
    const termMaxWeight = new Float32Array(termCount);
    for (let d = 0; d < n; d++) {
      for (let i = docStart[d] ?? 0; i < (docStart[d + 1] ?? 0); i++) {
        const t = terms[i] ?? 0;
        const w = weights[i] ?? 0;
        const at = fill[t] ?? 0;
        postDocs[at] = d;
        postWeights[at] = w;
        fill[t] = at + 1;
        if (w > (termMaxWeight[t] ?? 0)) {
          termMaxWeight[t] = w;
        }
      }
    }
    const articleIds = this.ids.data.slice(0, n);
    const indexBytes =
      articleIds.byteLength +
      docStart.byteLength +
      docTerms.buffer.byteLength +
      docWeights.buffer.byteLength +
      postStart.byteLength +
      postDocs.byteLength +
      postWeights.byteLength +
      termMaxWeight.byteLength +
      termGroups.byteLength;
    return {
      articleIds,
      docStart,
      docTerms: terms,
      docWeights: weights,
      postStart,
      postDocs,
      postWeights,
      termMaxWeight,
      termNames,
      termGroups,
      bytes: indexBytes,
      // Raw entries and raw-sized vectors coexist during the weighting pass; afterwards the
      // index itself, with the raw buffers possibly not yet collected.
      buildPeakBytes:
        vocabularyBytes +
        Math.max(rawBytes + 8 * rawLength + idf.byteLength, indexBytes + rawBytes),
    };
  }
}

/** True when picked word `a` ranks before `b`: higher weight first, then the lower term id. */
function wordBefore(a: number, b: number, weights: Float64Array, terms: Int32Array): boolean {
  const wa = weights[a] ?? 0;
  const wb = weights[b] ?? 0;
  return wa !== wb ? wa > wb : (terms[a] ?? 0) < (terms[b] ?? 0);
}

/** The document index of `articleId`, or -1 when the article is not in the index. */
export function docOf(index: SimilarityIndex, articleId: number): number {
  const ids = index.articleIds;
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid] ?? 0;
    if (v === articleId) {
      return mid;
    }
    if (v < articleId) {
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return -1;
}

export { GROUP_CODE };
