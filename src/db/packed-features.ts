/**
 * How article_features stores an article's features: integer ids from the job's vocabulary
 * (`similar_terms`) with a one-byte code each, as short text such as "12:0,14,88:3". Loading the
 * index then means reading digits, not parsing JSON and interning every term's text once per
 * article per run (docs/JOBS.md, "Stored features").
 */
import { type ArticleFeatures, featureEntries } from './similar-features.ts';

export class FeatureDecodeError extends Error {
  constructor(articleId: number, detail: string) {
    super(`article_features row for article ${articleId} is malformed: ${detail}`);
    this.name = 'FeatureDecodeError';
  }
}

export interface VocabularyRow {
  id: number;
  term: string;
}

/**
 * The term ↔ id map the features phase encodes with. Ids are never reused or renumbered, so a
 * stored row stays valid as the vocabulary grows; terms new to it are collected for insertion in
 * the same batch as the rows that use them.
 */
export class TermVocabulary {
  private readonly ids = new Map<string, number>();
  private next = 1;
  private added: VocabularyRow[] = [];

  constructor(rows: readonly VocabularyRow[]) {
    for (const row of rows) {
      this.ids.set(row.term, row.id);
      this.next = Math.max(this.next, row.id + 1);
    }
  }

  idOf(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(term, id);
      this.added.push({ id, term });
    }
    return id;
  }

  /** Terms given ids since the last call, to store with the rows that use them. */
  takeAdded(): VocabularyRow[] {
    const rows = this.added;
    this.added = [];
    return rows;
  }
}

/**
 * The stored form of `features`: entries in the index's order (subject, stack, tools, entities,
 * words), a code of 1 left out. Equal features give equal text, so a changed row means changed
 * features.
 *
 * @example
 * packFeatures({ problem: 'caching', topic: 'caching', stack: ['workers'], tools: [],
 *   entities: [], words: [['cache', 4]] }, new TermVocabulary([])); // "1,2:0,3:4"
 */
export function packFeatures(features: ArticleFeatures, vocabulary: TermVocabulary): string {
  return featureEntries(features)
    .map(({ term, code }) => {
      const id = vocabulary.idOf(term);
      return code === 1 ? String(id) : `${id}:${code}`;
    })
    .join(',');
}

const COMMA = 44;
const COLON = 58;
const ZERO = 48;
const NINE = 57;

/** Entries of one packed row, in scratch arrays reused from row to row. */
export class PackedReader {
  ids = new Int32Array(128);
  codes = new Uint8Array(128);

  /**
   * Reads `text` into `ids` and `codes` and returns the entry count; throws FeatureDecodeError on
   * anything but digits, colons and commas in the packed shape, or an id `isKnown` rejects.
   */
  read(articleId: number, text: string, isKnown: (id: number) => boolean): number {
    if (text.length === 0) {
      return 0;
    }
    // Every entry takes at least two characters (a digit and a comma, but the last).
    if (this.ids.length < text.length / 2 + 1) {
      this.ids = new Int32Array(text.length);
      this.codes = new Uint8Array(text.length);
    }
    let count = 0;
    let value = 0;
    let digits = 0;
    let id = -1;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : COMMA;
      if (c >= ZERO && c <= NINE && digits < 9) {
        value = value * 10 + (c - ZERO);
        digits++;
      } else if (c === COLON && id < 0 && digits > 0) {
        id = value;
        value = 0;
        digits = 0;
      } else if (c === COMMA && digits > 0) {
        const term = id < 0 ? value : id;
        const code = id < 0 ? 1 : value;
        if (code > 255 || !isKnown(term)) {
          throw new FeatureDecodeError(articleId, `unknown term or bad code in "${text}"`);
        }
        this.ids[count] = term;
        this.codes[count] = code;
        count++;
        value = 0;
        digits = 0;
        id = -1;
      } else {
        throw new FeatureDecodeError(articleId, `expected "id[:code],…", got "${text}"`);
      }
    }
    return count;
  }
}
