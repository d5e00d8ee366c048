/**
 * Turns prose into the words similarity compares: lower-cased tokens without English stop words,
 * with plurals folded ("queries" → "query") so the same idea counts as one word. Deliberately
 * simple and dependency-free; corpus-wide weighting (IDF) does the rest of the work.
 */

// Function words carry no topic. Words common in this corpus but meaningful elsewhere ("code",
// "cache") are not listed: IDF weighting discounts them by how common they actually are.
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it its
itself just let me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up us very was we were what when
where which while who whom why will with would you your yours yourself yourselves every one
another many much may might must shall via per without within upon across`.split(/\s+/),
);

const TOKEN = /[a-z0-9][a-z0-9+#]*(?:[.-][a-z0-9+#]+)*/g;

/** Folds common English plurals; leaves short words and -ss/-us/-is endings alone. */
export function foldPlural(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) {
    return `${word.slice(0, -3)}y`;
  }
  if (word.length > 4 && word.endsWith('ses') && !word.endsWith('sses')) {
    return word.slice(0, -2);
  }
  if (
    word.length > 3 &&
    word.endsWith('s') &&
    !/(ss|us|is|os)$/.test(word) &&
    !/[^a-z]/.test(word)
  ) {
    return word.slice(0, -1);
  }
  return word;
}

/**
 * The words of `text` worth comparing, in order, with repeats.
 *
 * @example
 * words('Reducing slow database queries'); // ['reducing', 'slow', 'database', 'query']
 */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(TOKEN)) {
    const token = match[0];
    // Pure numbers (versions, counts) and single letters say nothing about a topic; two-letter
    // names such as "go", "ci" or "c#" do, and the two-letter function words are stop words.
    if (token.length < 2 || /^[\d.-]+$/.test(token) || STOP_WORDS.has(token)) {
      continue;
    }
    out.push(foldPlural(token));
  }
  return out;
}
