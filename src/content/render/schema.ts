/**
 * The allowlist the sanitizer applies to every article body: GitHub's schema (the one
 * rehype-sanitize ships as `defaultSchema`), narrowed and extended for this site. The sanitizer
 * is the security boundary between what an author wrote and the one `raw()` in src/pages, so the
 * changes from GitHub's base are listed and explained here; test/content/render-xss.test.ts holds
 * the hostile vectors.
 */
import { defaultSchema, type Options as Schema } from 'rehype-sanitize';

const base = defaultSchema;

/** Author ids (and footnote ids) are prefixed, so they can never clash with the page's own. */
export const CLOBBER_PREFIX = 'user-content-';

/** Elements whose content is dropped with them: shown as text it would only be noise. */
const STRIPPED = [
  'script',
  'style',
  'template',
  'iframe',
  'object',
  'embed',
  'noscript',
  'noembed',
  'noframes',
  'textarea',
  'xmp',
  'title',
  'svg',
  'math',
];

/** Elements added to GitHub's list: figures, highlighting, abbreviations, table captions. */
const ADDED_TAGS = ['figure', 'figcaption', 'mark', 'abbr', 'cite', 'dfn', 'small', 'u', 'caption'];

/**
 * `picture` and `source` are GitHub's but `srcset` escapes the protocol check (it is a list of
 * URLs), so they go; a `<picture>` keeps its fallback `<img>`.
 */
const REMOVED_TAGS = new Set(['picture', 'source']);

export const sanitizeSchema: Schema = {
  ...base,
  tagNames: [...(base.tagNames ?? []).filter((t) => !REMOVED_TAGS.has(t)), ...ADDED_TAGS],
  attributes: {
    ...base.attributes,
    // `abbr title`, `img alt/width/height` come from GitHub's '*' list.
    source: [],
  },
  protocols: {
    ...base.protocols,
    // Links: the web and mail. No irc:/xmpp: (GitHub's), never javascript:, data: or vbscript:.
    href: ['http', 'https', 'mailto'],
    src: ['http', 'https'],
  },
  clobberPrefix: CLOBBER_PREFIX,
  strip: STRIPPED,
};
