/**
 * The field conventions of Hugo, Zola, Jekyll and Astro, read into what an article needs: its
 * dates, slug, draft state, old URLs, topics and whether the file is an article at all. Each
 * generator names things its own way (`lastmod`, `updated`, `pubDate`, `[taxonomies]`...);
 * docs/IMPORT.md has the table, keep the two in step.
 */
import { dateInPath } from './dates.ts';
import type { FrontMatter } from './front-matter.ts';
import { normalizeOldUrl } from './old-urls.ts';
import { slugify } from './slug.ts';
import type { SourcePath } from './source-path.ts';

/** Publication date keys, first present wins: Hugo/Zola/Jekyll `date`, Astro `pubDate`, `published`, Hugo `publishDate`. */
const DATE_KEYS = ['date', 'pubdate', 'published', 'publishdate', 'published_at'];
/** Last-change keys: Hugo `lastmod`, Zola `updated`, `modified`, Astro `updatedDate`, Jekyll `last_modified_at`. */
const UPDATED_KEYS = ['lastmod', 'updated', 'modified', 'updateddate', 'last_modified_at'];
/** Keys whose value is the page's own URL on the old site (Zola `path`, Hugo `url`, Jekyll `permalink`). */
const OWN_URL_KEYS = ['path', 'url', 'permalink'];
/** Keys listing further old URLs: Hugo/Zola `aliases`, Jekyll's redirect_from plugin. */
const ALIAS_KEYS = ['aliases', 'redirect_from'];
/** A redirect stub: a file whose only job is to send its URL elsewhere. */
const REDIRECT_KEYS = ['redirect', 'redirect_to', 'redirect_url', 'redirecturl'];
/** Topic keys: `tags`, `categories`, Hugo/Zola `keywords`; Zola nests them in `[taxonomies]`. */
const TAG_KEYS = ['tags', 'categories', 'keywords'];

/** The front-matter keys each checked field is read from (validate.ts names the fields). */
const FIELD_KEYS: Record<string, string[]> = {
  title: ['title'],
  summary: ['summary', 'description', 'excerpt'],
  slug: ['slug'],
  date: DATE_KEYS,
  lastmod: UPDATED_KEYS,
  tags: [...TAG_KEYS, 'taxonomies'],
  stack: ['stack', ...TAG_KEYS],
  tools: ['tools', ...TAG_KEYS],
  topic: ['topic', ...TAG_KEYS],
  problem: ['problem'],
  author: ['author', 'authors', 'by'],
  aliases: [...OWN_URL_KEYS, ...ALIAS_KEYS],
};

/**
 * The line of each checked field that the front matter gives, so a problem found on the parsed
 * article (a control character from a YAML escape, a far-future date) still names its line.
 *
 * @example
 * fieldLines(fm) // { title: 2, date: 3 }
 */
export function fieldLines(fm: FrontMatter): Partial<Record<string, number>> {
  const lines: Partial<Record<string, number>> = {};
  for (const [field, keys] of Object.entries(FIELD_KEYS)) {
    const key = keys.find((k) => fm.has(k));
    if (key !== undefined) {
      lines[field] = fm.line(key);
    }
  }
  return lines;
}

/**
 * When the article was published: a date field, else the date in its old URL (Zola's `path`
 * "2018/05/10/Rust-1.26"), else its file name's date (Jekyll "2024-05-01-my-post.md").
 */
export function readPublished(fm: FrontMatter, path: SourcePath): string | null {
  const key = DATE_KEYS.find((k) => fm.has(k) && typeof fm.value(k) !== 'boolean');
  if (key) {
    return fm.timestamp(key);
  }
  for (const urlKey of OWN_URL_KEYS) {
    const value = fm.value(urlKey);
    const date = typeof value === 'string' ? dateInPath(value) : null;
    if (date) {
      return date;
    }
  }
  return path.date;
}

export function readUpdated(fm: FrontMatter): string | null {
  const key = UPDATED_KEYS.find((k) => fm.has(k));
  return key ? fm.timestamp(key) : null;
}

/** True for `draft: true` (Hugo, Zola, Astro) and Jekyll's `published: false`. */
export function readDraft(fm: FrontMatter): boolean {
  const unpublished = fm.value('published') === false;
  return fm.boolean('draft') || unpublished;
}

/**
 * The slug: `slug` if given (made URL-safe: "Rust 1.26" → "rust-1-26"), else the file name or
 * the page bundle's folder name, as Hugo and Zola do. Never the title: a title edit must not
 * move the page.
 */
export function readSlug(fm: FrontMatter, path: SourcePath): { slug: string; explicit: boolean } {
  const given = fm.text('slug');
  if (given !== null && given !== '') {
    const slug = slugify(given);
    if (slug === '') {
      fm.report('slug', `"${given}" has no letters or digits to make a URL slug from`);
    }
    return { slug, explicit: true };
  }
  return { slug: path.slug, explicit: false };
}

/** Every old URL the front matter gives (its own `path`/`url`, then `aliases`), normalised. */
export function readOldUrls(fm: FrontMatter): string[] {
  const urls: string[] = [];
  const add = (key: string, value: string) => {
    const url = normalizeOldUrl(value);
    if (url === null) {
      fm.report(key, `"${value}" is not a URL path; expected something like /2024/05/my-post/`);
    } else if (!urls.includes(url)) {
      urls.push(url);
    }
  };
  for (const key of OWN_URL_KEYS) {
    const value = fm.text(key);
    if (value) {
      add(key, value);
    }
  }
  for (const key of ALIAS_KEYS) {
    for (const value of fm.list(key)) {
      add(key, value);
    }
  }
  return urls;
}

/** Where a redirect stub points (`redirect: /blog/json`), or null for a real page. */
export function readRedirectTarget(fm: FrontMatter): string | null {
  const key = REDIRECT_KEYS.find((k) => fm.has(k));
  return key ? fm.text(key) : null;
}

/** The topic words: `tags`, `categories`, `keywords` and every list under Zola's `[taxonomies]`. */
export function readTopicWords(fm: FrontMatter): string[] {
  const words = TAG_KEYS.flatMap((key) => {
    const value = fm.value(key);
    // Jekyll reads `categories: jekyll update` as two words; a comma list is read as a list.
    if (key !== 'keywords' && typeof value === 'string' && !value.includes(',')) {
      return value.split(/\s+/).filter((w) => w !== '');
    }
    return fm.list(key);
  });
  if (fm.has('taxonomies')) {
    for (const [name, value] of fm.map('taxonomies')) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (typeof item === 'string' && item.trim() !== '') {
          words.push(item.trim());
        } else {
          fm.report('taxonomies', `${name}: expected a list of words, got ${JSON.stringify(item)}`);
        }
      }
    }
  }
  return words;
}

/**
 * True for a page that renders a template rather than being written content: a `layout` or
 * `template` key (Jekyll, Zola) and no date. A dated post with a layout is still a post.
 */
export function isTemplatePage(fm: FrontMatter, published: string | null): boolean {
  return published === null && (fm.has('layout') || fm.has('template'));
}

/** Zola's `[extra]` table, kept as given (JSON-safe); null when absent. */
export function readExtra(fm: FrontMatter): Record<string, unknown> | null {
  const value = fm.value('extra');
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    fm.report('extra', 'expected a table of "name = value" entries');
    return null;
  }
  return Object.keys(value).length === 0 ? null : (value as Record<string, unknown>);
}
