/**
 * Parses a Markdown article with YAML, TOML or JSON front matter (Hugo, Zola, Jekyll, Astro
 * conventions, conventions.ts) into the same ArticleInput an alphanode export gives, or says why
 * the file is not an article (a section page, a template, a redirect stub). The field mapping is
 * documented in docs/IMPORT.md; keep the two in step.
 */

import {
  fieldLines,
  isTemplatePage,
  readDraft,
  readExtra,
  readOldUrls,
  readPublished,
  readRedirectTarget,
  readSlug,
  readTopicWords,
  readUpdated,
} from './conventions.ts';
import { FrontMatter, splitFrontMatter } from './front-matter.ts';
import { markdownToSections } from './markdown-body.ts';
import type { Problem } from './problem.ts';
import { articleBody, dropLeadingTitle, renderSource } from './render/index.ts';
import { sourcePath } from './source-path.ts';
import type { ArticleInput, Block, Scores, Section } from './types.ts';

/** Words per minute for the reading time when the front matter does not give one. */
export const WORDS_PER_MINUTE = 200;
/** A summary taken from the first paragraph is cut at a word boundary to about this length. */
export const SUMMARY_LENGTH = 280;
/** Markdown source ids carry this prefix, so they can never clash with an alphanode id. */
export const MARKDOWN_ID_PREFIX = 'md:';

const SCORE_KEYS: (keyof Scores)[] = ['quality', 'freshness', 'depth', 'clarity'];

function blockText(block: Block): string {
  return block.kind === 'paragraph'
    ? block.text
    : block.kind === 'list'
      ? block.items.join(' ')
      : block.code;
}

function countWords(sections: Section[]): number {
  let words = 0;
  for (const section of sections) {
    for (const text of [section.heading ?? '', ...section.blocks.map(blockText)]) {
      words += text.split(/\s+/).filter((w) => w !== '').length;
    }
  }
  return words;
}

/** The first paragraph-like run of the plain text that reads as a sentence (not a heading). */
function firstParagraphText(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => p.replace(/\s+/g, ' ').trim());
  return paragraphs.find((p) => p.length > 80 || /[.!?:]$/.test(p)) ?? paragraphs[0] ?? '';
}

function shorten(text: string, length: number): string {
  if (text.length <= length) {
    return text;
  }
  const cut = text.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** The fenced-code language used most often (the first one on a tie), or ''. */
function mainLanguage(sections: Section[]): string {
  const counts = new Map<string, number>();
  for (const section of sections) {
    for (const block of section.blocks) {
      if (block.kind === 'code' && block.language) {
        counts.set(block.language, (counts.get(block.language) ?? 0) + 1);
      }
    }
  }
  let best = '';
  let bestCount = 0;
  for (const [language, count] of counts) {
    if (count > bestCount) {
      best = language;
      bestCount = count;
    }
  }
  return best;
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toLowerCase();
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/**
 * Topic words become tags; a `stack:`, `tool:` or `topic:` prefix sends one to alphanode's stack,
 * tools or topic instead. Explicit `stack` and `tools` lists are read as they are.
 */
function classifyTags(fm: FrontMatter): {
  stack: string[];
  tools: string[];
  tags: string[];
  topics: string[];
} {
  const stack = fm.list('stack');
  const tools = fm.list('tools');
  const tags: string[] = [];
  const topics: string[] = [];
  for (const word of readTopicWords(fm)) {
    const prefixed = /^(stack|tools?|topic)\s*:\s*(.+)$/i.exec(word);
    const kind = prefixed?.[1]?.toLowerCase();
    const name = (prefixed?.[2] ?? word).trim();
    if (kind === 'stack') {
      stack.push(name);
    } else if (kind === 'tool' || kind === 'tools') {
      tools.push(name);
    } else if (kind === 'topic') {
      topics.push(name);
    } else {
      tags.push(name);
    }
  }
  return { stack: unique(stack), tools: unique(tools), tags: unique(tags), topics };
}

function readAuthor(fm: FrontMatter): string | null {
  const key = fm.first('author', 'by', 'authors');
  if (!key) {
    return null;
  }
  const value = fm.value(key);
  // `author: { name: Ada }` (Astro, some Hugo themes).
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const name = fm.map(key).get('name');
    return typeof name === 'string' && name.trim() !== '' ? name.trim() : null;
  }
  const names = fm.list(key);
  return names.length > 0 ? names.join(', ') : null;
}

function readScores(fm: FrontMatter): Scores {
  const scores: Scores = { quality: 0, freshness: 0, depth: 0, clarity: 0 };
  const key = fm.first('scores', 'score');
  if (!key) {
    return scores;
  }
  for (const [name, value] of fm.map(key)) {
    if (!SCORE_KEYS.includes(name as keyof Scores)) {
      fm.report(key, `unknown score "${name}"; expected ${SCORE_KEYS.join(', ')}`);
    } else if (typeof value !== 'number' || !Number.isInteger(value)) {
      fm.report(`${key}`, `score.${name}: expected a whole number from 0 to 100, got "${value}"`);
    } else if (value < 0 || value > 100) {
      fm.report(`${key}`, `score.${name}: expected a whole number from 0 to 100, got ${value}`);
    } else {
      scores[name as keyof Scores] = value;
    }
  }
  return scores;
}

/** Why a file is not imported as an article, and for a redirect stub where it points. */
export interface Skip {
  /** A short name for the summary's counts: "section page", "redirect stub"... */
  kind: string;
  reason: string;
  /** A redirect stub: its own old URLs become aliases of the article at `target`. */
  redirect?: { target: string; from: string[] };
}

export type MarkdownResult =
  | {
      ok: true;
      article: ArticleInput;
      /** True when the slug came from the file or bundle name rather than a `slug` field. */
      slugFromFile: boolean;
      /** The folders above the file (or its bundle), relative to the imported directory. */
      folder: string;
      /** Problems that do not stop the import (template syntax removed from the body). */
      warnings?: Problem[];
      /** What the body links to and shows, for the importer's resolvers. */
      references?: References;
      /** The line of each checked field in the file (conventions.ts fieldLines). */
      lines?: Partial<Record<string, number>>;
    }
  | { ok: false; errors: Problem[]; skip?: undefined }
  | { ok: false; errors: []; skip: Skip };

export interface MarkdownOptions {
  /**
   * The file's path relative to the directory being imported ("inside-rust/all-hands.md"); its
   * folders name its section. Defaults to the file name given.
   */
  relativePath?: string;
}

function skip(kind: string, reason: string, redirect?: Skip['redirect']): MarkdownResult {
  return { ok: false, errors: [], skip: redirect ? { kind, reason, redirect } : { kind, reason } };
}

/**
 * @example
 * const result = parseMarkdown('---\ntitle: Hello\ndate: 2024-05-01\ntags: [fastapi]\n---\nHi.', 'posts/hello.md');
 * // result.ok && result.article.tags === ['fastapi'] && result.article.slug === 'hello'
 */
/**
 * The rendered body (without the resolvers, which only a whole import knows: the importer renders
 * again with them when the body links or shows images). Template syntax becomes warnings with the
 * file's line numbers.
 */
function renderBody(markdown: string, title: string, source: string, firstLine: number) {
  const body = dropLeadingTitle(markdown, title);
  const references: References = { links: [], images: [] };
  const rendered = renderSource('markdown', body, {
    source,
    firstLine,
    // Recording only: what the body points at tells the importer whether to render again.
    resolveLink: (href) => {
      references.links.push(href);
      return null;
    },
    resolveImage: (src) => {
      references.images.push(src);
      return null;
    },
  });
  return { body: articleBody('markdown', body, rendered), warnings: rendered.problems, references };
}

/** The link hrefs and image srcs a body contains, as written. */
export interface References {
  links: string[];
  images: string[];
}

export function parseMarkdown(
  text: string,
  fileName?: string,
  options: MarkdownOptions = {},
): MarkdownResult {
  const split = splitFrontMatter(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  if (!('body' in split)) {
    return { ok: false, errors: [split] };
  }
  const fm = new FrontMatter(split.format, split.source, split.sourceLine);
  if (fm.problems.length > 0) {
    return { ok: false, errors: fm.problems };
  }
  const idFromPath = fileName?.replace(/\\/g, '/') ?? '';
  const relativePath = options.relativePath ?? idFromPath;
  const place = sourcePath(relativePath);
  if (place.section) {
    return skip('section page', 'section page (_index.md lists a section; it is not an article)');
  }
  if (place.readme) {
    return skip('README', 'README (describes a folder; it is not an article)');
  }
  const redirectTarget = readRedirectTarget(fm);
  const oldUrls = readOldUrls(fm);
  if (redirectTarget !== null && fm.problems.length === 0) {
    // The stub's own address on the old site: its path under the imported folder.
    const own = `/${relativePath.replace(/(\/index)?\.(md|markdown)$/i, '')}`;
    return skip('redirect stub', `redirect stub to ${redirectTarget}`, {
      target: redirectTarget,
      from: [...new Set([own, ...oldUrls])],
    });
  }
  const publishedAt = readPublished(fm, place);
  if (fm.problems.length === 0 && isTemplatePage(fm, publishedAt)) {
    return skip('template page', 'template page without a date (it has a layout/template key)');
  }
  if (fm.problems.length === 0 && publishedAt === null && /^index$/i.test(place.name)) {
    return skip('index page', 'index page without a date (lists or introduces the folder)');
  }
  const body = markdownToSections(split.body);
  let sections = body.sections;

  const fmTitle = fm.text('title');
  const title = fmTitle ?? body.leadingH1 ?? '';
  // A body that opens with "# <title>" repeats the title the page already shows.
  const first = sections[0];
  if (
    body.leadingH1 !== null &&
    first?.heading === body.leadingH1 &&
    (fmTitle === null || fmTitle.toLowerCase() === body.leadingH1.toLowerCase())
  ) {
    sections =
      first.blocks.length > 0
        ? [{ heading: null, blocks: first.blocks }, ...sections.slice(1)]
        : sections.slice(1);
  }
  const errors: Problem[] = [];
  if (title === '' && !fm.problems.some((p) => p.field === 'title')) {
    errors.push({
      line: fm.line('title'),
      field: 'title',
      message:
        split.format === null
          ? 'missing; expected front matter with "title: …" between "---" lines (or a leading "# Title" line)'
          : 'missing; expected "title: …" in the front matter',
    });
  }

  const { slug, explicit } = readSlug(fm, place);
  if (slug === '' && !explicit) {
    errors.push({
      field: 'slug',
      message: `the file name "${place.name}" has no letters or digits to make a URL slug from; expected a "slug" field`,
    });
  }
  const draft = readDraft(fm);
  const { stack, tools, tags, topics } = classifyTags(fm);
  const summary = fm.text(fm.first('summary', 'description', 'excerpt') ?? 'summary');
  const modifiedAt = readUpdated(fm);
  const extra = readExtra(fm);
  const reviewed = fm.timestamp('reviewed');
  const scores = readScores(fm);
  const readingTime = fm.integer(
    fm.first('reading_time', 'readingtime') ?? 'reading_time',
    0,
    24 * 60,
    Math.max(1, Math.ceil(countWords(sections) / WORDS_PER_MINUTE)),
  );
  const author = readAuthor(fm);
  const topic = fm.text('topic') ?? topics[0] ?? tags[0] ?? stack[0] ?? tools[0] ?? '';
  const problem = fm.text('problem') ?? '';
  const codeLanguage = fm.text(fm.first('language', 'code_language') ?? 'language');
  const difficulty = fm.text('difficulty')?.toLowerCase() ?? '';
  const status = fm.text('status')?.toLowerCase() ?? 'published';
  const version = fm.text('version') ?? '';
  const checklist = fm.list('checklist');
  const paragraphs = sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'paragraph').length;
  // The id stays what it always was: an explicit slug, else the file's path.
  const sourceId = `${MARKDOWN_ID_PREFIX}${explicit ? slug : idFromPath}`;

  errors.push(...fm.problems);
  if (errors.length > 0) {
    return { ok: false, errors: errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  }

  const rendered = renderBody(split.body, title, fileName ?? sourceId, split.bodyLine);
  const article: ArticleInput = {
    sourceId,
    format: 'markdown',
    slug,
    title,
    sections,
    body: rendered.body,
    topic,
    problem,
    // No description: the page shows no lede, and the meta description is derived from the
    // rendered text (without URLs) rather than the first paragraph in bracketed form.
    summary: summary ?? shorten(firstParagraphText(rendered.body.text), SUMMARY_LENGTH),
    summaryDerived: summary === null,
    outline: { context: '', problem: '', stack: '', recommendedAction: '' },
    aiBrief: '',
    stack,
    tools,
    codeLanguage: codeLanguage ?? mainLanguage(sections),
    difficulty,
    readingTime,
    viewCount: 0,
    scores,
    revision: {
      status: draft ? 'draft' : status,
      version,
      lastReviewed: (reviewed ?? modifiedAt)?.slice(0, 10) ?? null,
    },
    reference: '',
    hash: '',
    flags: {
      aiGeneratedStyle: false,
      hasImages: body.images > 0,
      imageHeavy: false,
      needsHumanReview: false,
    },
    checklist,
    entities: [],
    payload: {
      sourceId,
      generator: 'markdown',
      paragraphs,
      scenario: '',
      seed: null,
    },
    notes: [],
    author,
    publishedAt,
    modifiedAt,
    draft,
    tags,
    redirects: oldUrls,
    extra,
  };
  return {
    ok: true,
    article,
    warnings: rendered.warnings,
    references: rendered.references,
    slugFromFile: !explicit,
    folder: place.folder,
    lines: fieldLines(fm),
  };
}
