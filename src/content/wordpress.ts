/**
 * WordPress exports (WXR: Tools → Export, an RSS file with wp: elements) into articles. Each
 * <item> is read on its own: a published post becomes an article; drafts, pages, attachments and
 * menu entries are skipped with their kind. The content is HTML as the editor stored it, so
 * WordPress's auto-paragraphs (wpautop) are applied before it goes through the same sanitizer
 * and highlighter as Markdown; the post's permalink and /?p=ID become old URLs.
 */
import { XMLParser } from 'fast-xml-parser';
import { parseTimestamp } from './dates.ts';
import type { Skip } from './markdown.ts';
import { normalizeOldUrl } from './old-urls.ts';
import type { Problem } from './problem.ts';
import { articleBody, renderSource } from './render/index.ts';
import { slugify } from './slug.ts';
import type { ArticleInput } from './types.ts';

/** One <item> of an export, reduced to the fields an article needs (JSON-safe). */
export interface WxrItem {
  /** The export's site (channel <link>), to keep ids of two sites apart. */
  site: string;
  postId: string;
  title: string;
  link: string;
  creator: string;
  content: string;
  excerpt: string;
  postName: string;
  postType: string;
  status: string;
  dateGmt: string;
  modifiedGmt: string;
  pubDate: string;
  terms: { domain: string; name: string }[];
}

function text(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (typeof value === 'object' && '#text' in (value as Record<string, unknown>)) {
    return String((value as Record<string, unknown>)['#text']);
  }
  return typeof value === 'object' ? '' : String(value);
}

/**
 * The items of a WXR export, or a problem when the file is not one.
 *
 * @example
 * const items = readWxr(xml); // [{ postId: '12', postType: 'post', status: 'publish', ... }]
 */
export function readWxr(xml: string): WxrItem[] | Problem {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => name === 'item' || name === 'category',
  });
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    const message = (error as Error).message;
    const line = /line:?\s*(\d+)/i.exec(message)?.[1];
    return {
      line: line ? Number(line) : undefined,
      field: 'xml',
      message: `invalid XML: ${message}`,
    };
  }
  const channel = (doc.rss as Record<string, unknown> | undefined)?.channel as
    | Record<string, unknown>
    | undefined;
  if (!channel || !('wp:wxr_version' in channel)) {
    return {
      field: 'xml',
      message: 'not a WordPress export; expected <rss> with <wp:wxr_version> (Tools → Export)',
    };
  }
  const site = text(channel.link).trim();
  const items = (channel.item as Record<string, unknown>[] | undefined) ?? [];
  return items.map((item) => ({
    site,
    postId: text(item['wp:post_id']).trim(),
    title: text(item.title).trim(),
    link: text(item.link).trim(),
    creator: text(item['dc:creator']).trim(),
    content: text(item['content:encoded']),
    excerpt: text(item['excerpt:encoded']).trim(),
    postName: text(item['wp:post_name']).trim(),
    postType: text(item['wp:post_type']).trim(),
    status: text(item['wp:status']).trim(),
    dateGmt: text(item['wp:post_date_gmt']).trim(),
    modifiedGmt: text(item['wp:post_modified_gmt']).trim(),
    pubDate: text(item.pubDate).trim(),
    terms: ((item.category as unknown[] | undefined) ?? []).map((c) => ({
      domain: String((c as Record<string, unknown>)['@_domain'] ?? ''),
      name: text(c).trim(),
    })),
  }));
}

const BLOCK =
  '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)';

/**
 * WordPress's auto-paragraphs, as wpautop() applies them when a post is shown: blank lines
 * separate paragraphs, a single newline is a <br>, block elements are left as they are and
 * <pre> is never touched.
 *
 * @example
 * autop('Hello\nworld\n\nNext') // '<p>Hello<br />\nworld</p>\n<p>Next</p>'
 */
export function autop(content: string): string {
  const pres: string[] = [];
  let text = content
    .replace(/\r\n?/g, '\n')
    .replace(/<pre[\s\S]*?<\/pre>/gi, (pre) => `<wp-pre-${pres.push(pre) - 1}/>`);
  // Block elements stand in paragraphs of their own.
  text = text
    .replace(new RegExp(`(<${BLOCK}[\\s/>])`, 'gi'), '\n\n$1')
    .replace(new RegExp(`(</${BLOCK}>)`, 'gi'), '$1\n\n');
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const out = paragraphs.map((p) => {
    if (new RegExp(`^</?${BLOCK}[\\s/>]`, 'i').test(p) || /^<wp-pre-\d+\/>$/.test(p)) {
      return p;
    }
    return `<p>${p.replace(/\n/g, '<br />\n')}</p>`;
  });
  return out.join('\n').replace(/<wp-pre-(\d+)\/>/g, (_, i) => pres[Number(i)] ?? '');
}

export type WxrResult =
  | { ok: true; article: ArticleInput }
  | { ok: false; errors: Problem[]; skip?: undefined }
  | { ok: false; errors: []; skip: Skip };

/** WordPress's "0000-00-00 00:00:00" means "never" (a draft's GMT date). */
function wpDate(value: string): string | null {
  return value === '' || value.startsWith('0000') ? null : parseTimestamp(value);
}

/**
 * One item to an article, or why it is not one.
 *
 * @example
 * wxrArticle(item, 'export.xml#12') // { ok: true, article: { slug: 'hello-world', redirects: ['/2024/05/hello-world', '/?p=12'], ... } }
 */
export function wxrArticle(item: WxrItem, source: string): WxrResult {
  if (item.postType !== 'post') {
    const kind =
      item.postType === 'page' || item.postType === 'attachment' ? item.postType : 'other item';
    return {
      ok: false,
      errors: [],
      skip: { kind, reason: `WordPress ${item.postType || 'item'}, not a post` },
    };
  }
  if (item.status !== 'publish') {
    return {
      ok: false,
      errors: [],
      skip: { kind: 'draft', reason: `WordPress post with status "${item.status}", not published` },
    };
  }
  const errors: Problem[] = [];
  const slug = slugify(item.postName || item.title);
  if (slug === '') {
    errors.push({ field: 'wp:post_name', message: 'empty; expected the post slug' });
  }
  if (item.title === '') {
    errors.push({ field: 'title', message: 'missing; expected the post title' });
  }
  const publishedAt = wpDate(item.dateGmt) ?? (item.pubDate ? parseTimestamp(item.pubDate) : null);
  if (publishedAt === null) {
    errors.push({
      field: 'wp:post_date_gmt',
      message: `expected a date like 2024-05-01 10:00:00, got "${item.dateGmt}"`,
    });
  }
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  const html = autop(item.content);
  const rendered = renderSource('html', html, { source });
  const terms = [...new Set(item.terms.filter((t) => t.name !== '').map((t) => t.name))];
  const redirects = [normalizeOldUrl(item.link), item.postId ? `/?p=${item.postId}` : null].filter(
    (u): u is string => u !== null && u !== '/' && u !== `/posts/${slug}`,
  );
  const sourceId = `wp:${item.site.replace(/^https?:\/\//, '')}/${item.postId}`;
  const words = rendered.text.split(/\s+/).filter((w) => w !== '').length;
  const excerpt = item.excerpt.replace(/<[^>]*>/g, '').trim();
  const firstText =
    rendered.text
      .split(/\n{2,}/)[0]
      ?.replace(/\s+/g, ' ')
      .trim() ?? '';
  const article: ArticleInput = {
    sourceId,
    format: 'wordpress',
    slug,
    title: item.title,
    sections: [{ heading: null, blocks: [{ kind: 'paragraph', text: rendered.text }] }],
    body: articleBody('html', html, rendered),
    topic: terms[0] ?? '',
    problem: '',
    summary: excerpt || (firstText.length > 280 ? `${firstText.slice(0, 279)}…` : firstText),
    summaryDerived: excerpt === '',
    outline: { context: '', problem: '', stack: '', recommendedAction: '' },
    aiBrief: '',
    stack: [],
    tools: [],
    codeLanguage: '',
    difficulty: '',
    readingTime: Math.max(1, Math.ceil(words / 200)),
    viewCount: 0,
    scores: { quality: 0, freshness: 0, depth: 0, clarity: 0 },
    revision: { status: 'published', version: '', lastReviewed: null },
    reference: '',
    hash: '',
    flags: {
      aiGeneratedStyle: false,
      hasImages: /<img\b/i.test(html),
      imageHeavy: false,
      needsHumanReview: false,
    },
    checklist: [],
    entities: [],
    payload: { sourceId, generator: 'wordpress', paragraphs: 0, scenario: '', seed: null },
    notes: [],
    author: item.creator || null,
    publishedAt,
    modifiedAt: wpDate(item.modifiedGmt),
    draft: false,
    tags: terms,
    redirects,
  };
  return { ok: true, article };
}
