/**
 * Turns prose into the words similarity compares: lower-cased, without stop words, plurals
 * folded ("queries" → "query"), version numbers reduced to their series ("1.12.1" → "v1.12").
 * URLs and link targets are removed first: they name places, not topics.
 * Deliberately simple and dependency-free; corpus-wide weighting (IDF) does the rest of the work.
 * docs/JOBS.md ("The model") gives the reasoning.
 */

// General English function words and fillers, plus words of the web and of blog boilerplate
// ("click here", "in this post", "https"). Nothing here is specific to one site or subject:
// words common on one site but meaningful elsewhere ("rust", "cache", "release") are left to IDF,
// which discounts them by how common they are in the corpus at hand.
const STOP_WORDS = new Set(
  `a about above according actually after afterwards again against ago all almost alone along
already also although always am among amongst an and another any anybody anyhow anyone anything
anyway anyways anywhere are around as aside at away back be became because become becomes
becoming been before beforehand behind being below beside besides best better between beyond
both brief but by came can cannot cant certain certainly clearly come comes could did do does
doing done down during each either else elsewhere enough entirely especially etc even ever every
everybody everyone everything everywhere exactly example far few fewer following for former
formerly forth from further furthermore get gets getting given gives go goes going gone got
gotten had happens hardly has have having he hello hence her here hereafter hereby herein hers
herself hi him himself his hopefully how however i ie if in inasmuch indeed instead into inward
is it its itself just keep keeps kept know known knows largely last lately later latter least
less lest let lets like liked likely little look looking looks lot lots made mainly make makes
making many may maybe me meanwhile merely might mine more moreover most mostly much must my
myself namely near nearly necessary need needed needs neither never nevertheless next no nobody
non none noone nor normally not nothing now nowhere obviously of off often oh ok okay on once one
ones only onto or other others otherwise ought our ours ourselves out outside over overall own
particular particularly per perhaps please plus possible possibly pretty probably quite rather
really reasonably regarding regardless relatively respectively right said same saw say saying
says see seeing seem seemed seeming seems seen self selves sent seriously several shall she
should since so some somebody somehow someone something sometime sometimes somewhat somewhere
soon sorry still such sure take taken takes taking tell tends than thank thanks that thats the
their theirs them themselves then thence there thereafter thereby therefore therein thereupon
these they thing things think this thorough thoroughly those though through throughout thru thus
to together too took toward towards tried tries truly try trying twice under unfortunately unless
unlike unlikely until unto up upon us use used useful uses using usually various very via viz vs
want wants was way ways we well went were what whatever when whence whenever where whereafter
whereas whereby wherein whereupon wherever whether which while whither who whoever whole whom
whose why will willing wish with within without wonder would yes yet you your yours yourself
yourselves zero one two three four five six seven eight nine ten first second third
http https www com org net io html htm php asp png jpg jpeg gif svg webp img src href nbsp amp
quot mailto url urls link links click here read blog post posts article articles
today yesterday tomorrow week weeks month months year years day days time times new`.split(/\s+/),
);

const TOKEN = /[a-z0-9][a-z0-9+#]*(?:[.'-][a-z0-9+#]+)*/g;
/** URLs, e-mail addresses, and link targets the Markdown conversion keeps in brackets. */
const URL_LIKE =
  /\b(?:https?:\/\/|www\.)\S+|\S+@\S+\.\w+|\((?:#|\/)[^)\s]*\)|\b[\w-]+(?:\.[\w-]+)+\/\S*/gi;

/** Folds common English plurals; leaves short words and -ss/-us/-is endings alone. */
export function foldPlural(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) {
    return `${word.slice(0, -3)}y`;
  }
  if (word.length > 4 && /(ch|sh|x|ss)es$/.test(word)) {
    return word.slice(0, -2);
  }
  if (
    word.length > 3 &&
    word.endsWith('s') &&
    !/(ss|us|is|os|'s)$/.test(word) &&
    !/[^a-z]/.test(word)
  ) {
    return word.slice(0, -1);
  }
  return word;
}

/** A token that can stand for a topic: not a stop word, a number, or a single character. */
function normalise(token: string): string | null {
  // "rust's" → "rust": the possessive is the same word.
  const word = token.endsWith("'s") ? token.slice(0, -2) : token.replace(/'/g, '');
  // A version names a release series ("1.12.1" → "v1.12"): posts about one release share it.
  const version = /^v?(\d+\.\d+)(?:\.\d+)*$/.exec(word);
  if (version) {
    return `v${version[1]}`;
  }
  // Other numbers (counts, years) and single letters say nothing about a topic; two-letter
  // names such as "go", "ci" or "c#" do, and the two-letter function words are stop words.
  if (word.length < 2 || /^[\d.'-]+$/.test(word) || STOP_WORDS.has(word)) {
    return null;
  }
  return foldPlural(word);
}

/** `text` without URLs, addresses and link targets. */
export function stripUrls(text: string): string {
  return text.replace(URL_LIKE, ' ');
}

/**
 * The words of `text` worth comparing, in order, with repeats.
 *
 * @example
 * words('Reducing slow database queries in Rust 1.12.1'); // ['reducing', 'slow', 'database', 'query', 'rust', 'v1.12']
 */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of stripUrls(text.toLowerCase()).matchAll(TOKEN)) {
    const word = normalise(match[0]);
    if (word !== null) {
      out.push(word);
    }
  }
  return out;
}
