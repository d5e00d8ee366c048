import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/content/markdown.ts';
import type { ArticleInput } from '../../src/content/types.ts';
import bare from '../fixtures/markdown/no-front-matter.md?raw';
import rollouts from '../fixtures/markdown/safe-rollouts.md?raw';

function parsed(text: string, file = 'posts/example.md'): ArticleInput {
  const result = parseMarkdown(text, file);
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.article;
}

function errorsOf(text: string) {
  const result = parseMarkdown(text, 'posts/bad.md');
  if (result.ok) {
    throw new Error('expected the file to be rejected');
  }
  return result.errors;
}

describe('parseMarkdown: front matter', () => {
  const article = parsed(rollouts, 'content/safe-rollouts.md');

  it('maps the identity fields: slug is the stable id, title, author, dates', () => {
    expect(article).toMatchObject({
      sourceId: 'md:safer-rollouts-fastapi',
      format: 'markdown',
      slug: 'safer-rollouts-fastapi',
      title: 'Safer rollouts for FastAPI services',
      summary: 'How we ship FastAPI changes without waking anyone up.',
      author: 'Ada Lovelace',
      publishedAt: '2024-03-05T08:30:00.000Z',
      modifiedAt: '2024-04-01T00:00:00.000Z',
      draft: false,
      difficulty: 'intermediate',
    });
    expect(article.revision).toEqual({
      status: 'published',
      version: '',
      lastReviewed: '2024-04-02',
    });
  });

  it('maps tags and categories to topic tags, and honours stack:/topic: prefixes', () => {
    expect(article.tags).toEqual(['fastapi', 'pytest', 'python', 'backend']);
    expect(article.stack).toEqual(['docker']);
    expect(article.tools).toEqual([]);
    expect(article.topic).toBe('safer deployments');
  });

  it('derives what the front matter leaves out: reading time, code language, image flag', () => {
    expect(article.readingTime).toBe(1);
    expect(article.codeLanguage).toBe('python');
    expect(article.flags.hasImages).toBe(true);
    expect(article.payload).toMatchObject({
      sourceId: 'md:safer-rollouts-fastapi',
      generator: 'markdown',
    });
  });

  it('falls back to the file path for the id, the first paragraph for the summary, a leading # for the title', () => {
    const noFm = parsed(bare, 'content/notes/cache-keys.md');
    expect(noFm).toMatchObject({
      sourceId: 'md:content/notes/cache-keys.md',
      slug: 'cache-keys',
      title: 'Notes on cache keys',
      summary: 'Keys should be normalised before lookup.',
    });
    expect(noFm.sections.map((s) => s.heading)).toEqual([null, 'Why']);
  });

  it('treats draft: true as a draft revision, and lists given as a comma string', () => {
    const draft = parsed('---\ntitle: T\ndraft: true\ntags: a, b\nby: [Ann, Bo]\n---\nBody.');
    expect(draft).toMatchObject({ draft: true, tags: ['a', 'b'], author: 'Ann, Bo' });
    expect(draft.revision.status).toBe('draft');
  });
});

describe('parseMarkdown: body', () => {
  const article = parsed(rollouts);

  it('splits sections on headings and drops the leading copy of the title', () => {
    expect(article.sections.map((s) => s.heading)).toEqual([null, 'Measure first', 'Roll out']);
  });

  it('keeps fenced and indented code as code blocks with their language', () => {
    const code = article.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'code');
    expect(code).toEqual([
      {
        kind: 'code',
        code: '@app.get("/healthz")\ndef healthz():\n    return {"ok": True}',
        language: 'python',
      },
      { kind: 'code', code: 'npm run smoke -- --port 8841', language: 'sh' },
      { kind: 'code', code: 'indented code stays code', language: null },
    ]);
  });

  it('flattens inline Markdown to text, keeping absolute link targets', () => {
    expect(article.sections[0]?.blocks[0]).toEqual({
      kind: 'paragraph',
      text: 'Shipping is easy; shipping safely takes a checklist. See the FastAPI docs (https://fastapi.tiangolo.com) and our notes.',
    });
  });

  it('keeps raw HTML as literal text, never as markup, and javascript: links as plain text', () => {
    const texts = article.sections.flatMap((s) =>
      s.blocks.map((b) => (b.kind === 'paragraph' ? b.text : '')),
    );
    expect(texts).toContain(
      'Raw HTML stays text: <script>alert(1)</script> and <img src=x onerror=alert(1)>.',
    );
    expect(texts).toContain('<div onclick="alert(1)">a block of raw HTML</div>');
    expect(texts).toContain('A [trick](javascript:alert(1)) link stays plain text.');
  });

  it('turns lists (nested items flattened in order) and tables into list blocks', () => {
    const lists = article.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'list');
    expect(lists).toEqual([
      {
        kind: 'list',
        items: ['response time', 'error rate', 'nested: p99 latency', 'cache status'],
      },
      { kind: 'list', items: ['Deploy to staging', 'Run the smoke test'] },
      { kind: 'list', items: ['step | owner', 'deploy | ops'] },
    ]);
  });
});

describe('parseMarkdown: bad input names the line and the field', () => {
  it('rejects a missing title', () => {
    expect(errorsOf('---\ndate: 2024-01-01\n---\nJust text.')).toEqual([
      { line: 2, field: 'title', message: 'missing; expected "title: …" in the front matter' },
    ]);
  });

  it('rejects an impossible date', () => {
    expect(errorsOf('---\ntitle: T\ndate: 2024-02-30\n---\nx')).toEqual([
      {
        line: 3,
        field: 'date',
        message: 'expected a real date like 2024-05-01 or 2024-05-01T09:30:00Z, got "2024-02-30"',
      },
    ]);
  });

  it('rejects a non-numeric score and a score outside 0–100', () => {
    expect(errorsOf('---\ntitle: T\nscores:\n  quality: high\n  depth: 140\n---\nx')).toEqual([
      {
        line: 4,
        field: 'scores',
        message: 'score.quality: expected a whole number from 0 to 100, got "high"',
      },
      {
        line: 4,
        field: 'scores',
        message: 'score.depth: expected a whole number from 0 to 100, got 140',
      },
    ]);
  });

  it('rejects invalid YAML and TOML with their file line, and an unclosed block', () => {
    expect(errorsOf('---\ntitle: T\ntitle: U\n---\nx')).toEqual([
      { line: 3, field: 'front matter', message: 'invalid YAML: Map keys must be unique' },
    ]);
    expect(errorsOf('+++\ntitle = "T"\ndate = \n+++\nx')[0]).toMatchObject({
      line: 3,
      field: 'front matter',
      message: expect.stringContaining('invalid TOML'),
    });
    expect(errorsOf('---\ntitle: T\nno end')[0]).toEqual({
      line: 1,
      field: 'front matter',
      message: 'the opening "---" has no closing "---" line',
    });
  });

  it('rejects a draft flag that is not a boolean and a title that is a list', () => {
    expect(errorsOf('---\ntitle: [a, b]\ndraft: maybe\n---\nx')).toEqual([
      { line: 2, field: 'title', message: 'expected text, got a list' },
      { line: 3, field: 'draft', message: 'expected true or false, got "maybe"' },
    ]);
  });
});
