/**
 * The acceptance check: the real seed file, parsed and stored, renders at its slug with
 * every value of its meta box visible. Expected values are read from the file's own lines, not
 * from the parser or a fixture, so neither can hide a value that goes missing.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAlphanode } from '../../src/content/alphanode.ts';
import { writeArticle } from '../../src/db/article-writer.ts';
import { createDb } from '../../src/db/client.ts';
import seedText from '../fixtures/alphanode-000989.txt?raw';
import { SEED_SLUG, seedArticle } from '../fixtures/seed-article.ts';
import { decodeEntities, inspectHtml } from '../helpers/html.ts';

/** Labels the seed glues to their value on one line ("reading time9"). */
const GLUED = [
  'topic',
  'summary',
  'ai brief',
  'code language',
  'difficulty',
  'reading time',
  'view count',
  'reference',
  'hash',
];

interface MetaLine {
  label: string;
  value: string;
}

/** The seed's meta box as (label, value) pairs, straight from the text. */
function metaLinesOfSeed(): MetaLine[] {
  const lines = seedText.split('\n');
  const start = lines.indexOf('alphanode post meta');
  const end = lines.findIndex((l) => l.startsWith('Similar Posts'));
  const pairs: MetaLine[] = [];
  for (const raw of lines.slice(start + 1, end === -1 ? undefined : end)) {
    const line = raw.trim();
    if (line === '') {
      continue;
    }
    if (line.startsWith('•')) {
      const item = line.slice(1).trim();
      const colon = item.indexOf(': ');
      pairs.push(
        colon === -1
          ? { label: '', value: item }
          : { label: item.slice(0, colon), value: item.slice(colon + 2) },
      );
      continue;
    }
    const label = GLUED.find((l) => line.startsWith(l) && line.length > l.length);
    if (label) {
      pairs.push({ label, value: line.slice(label.length) });
    }
  }
  return pairs;
}

describe('the seed article, from its file', () => {
  let html = '';
  let meta = '';

  beforeAll(async () => {
    const parsed = parseAlphanode(seedText, 'alphanode-000989.txt');
    if (!parsed.ok) {
      throw new Error(JSON.stringify(parsed.errors));
    }
    await writeArticle(createDb(env.DB), parsed.article, { now: new Date('2026-01-01T00:00:00Z') });
    const res = await exports.default.fetch(`https://alphanode.test/posts/${SEED_SLUG}`);
    expect(res.status).toBe(200);
    html = await res.text();
    const page = await inspectHtml(html, ['.meta-box']);
    meta = decodeEntities(page.text['.meta-box'] ?? '');
  });

  it('the hand-written fixture other tests use is exactly what the parser reads', () => {
    const parsed = parseAlphanode(seedText);
    expect(parsed.ok && parsed.article).toEqual(seedArticle);
  });

  it('renders at the slug the issue names, titled as in the file', () => {
    expect(html).toContain(`<h1>${seedText.split('\n')[2]}</h1>`);
  });

  it('shows every meta value of the file', () => {
    const pairs = metaLinesOfSeed();
    // 9 glued scalars + 43 list items (outline 4, stack 3, tools 6, scores 4, revision 3, flags 4,
    // checklist 5, entity names and types 6, payload 5, notes 3).
    expect(pairs.length).toBe(52);
    for (const { label, value } of pairs) {
      if (label === 'view count') {
        expect(meta).toContain(Number(value).toLocaleString('en-US'));
        expect(html).toContain(`<data value="${value}">`);
      } else if (
        ['ai generated style', 'has images', 'image heavy', 'needs human review'].includes(label)
      ) {
        expect(html).toContain(
          `<dt>${label}</dt><dd><data value="${value}">${value === '1' ? 'yes' : 'no'}</data>`,
        );
      } else if (label === 'reading time') {
        expect(meta).toContain(`${value} min`);
      } else {
        expect(meta, `${label}: ${value}`).toContain(value);
      }
      if (label !== '' && label !== 'name' && label !== 'type') {
        expect(html, label).toContain(`<dt>${label}</dt>`);
      }
    }
    // Entities keep their name/type pairing.
    expect(meta).toContain('python services (stack)');
    expect(meta).toContain('backend (area)');
    expect(meta).toContain('building safer deployment steps (problem)');
  });

  it('shows the body checklist and the notes as lists', () => {
    const checklist = html.slice(html.indexOf('<h2 id="implementation-checklist">'));
    expect(checklist).toMatch(
      /^<h2 id="implementation-checklist">implementation checklist <a class="anchor" href="#implementation-checklist"[^>]*>#<\/a><\/h2><ul><li>run linting<\/li>/,
    );
    expect(html).toContain(
      '<dt>notes</dt><dd><ul><li>sanitized array meta is expected to render as a list in the frontend box</li>',
    );
  });
});
