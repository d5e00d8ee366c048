import { describe, expect, it } from 'vitest';
import { parseAlphanode } from '../../src/content/alphanode.ts';
import { formatAlphanode } from '../../src/content/alphanode-format.ts';
import seedText from '../fixtures/alphanode-000989.txt?raw';

function parsedSeed() {
  const result = parseAlphanode(seedText, 'alphanode-000989.txt');
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.article;
}

describe('parseAlphanode on the seed article', () => {
  const article = parsedSeed();

  it('reads the title and identity', () => {
    expect(article.title).toBe(
      'building a safer workflow for building safer deployment steps with python services',
    );
    expect(article.sourceId).toBe('alphanode-000989');
    expect(article.format).toBe('alphanode');
  });

  it('reads the body sections in order, with the intro unheaded', () => {
    expect(article.sections.map((s) => s.heading)).toEqual([
      null,
      'why this matters',
      'production checks',
      'implementation checklist',
      'final notes',
    ]);
    expect(article.sections.map((s) => s.blocks.length)).toEqual([1, 3, 4, 1, 1]);
    expect(article.sections[0]?.blocks[0]).toEqual({
      kind: 'paragraph',
      text: expect.stringMatching(/^a reliable python services setup .* production work\.$/),
    });
    expect(article.sections[3]?.blocks[0]).toEqual({
      kind: 'list',
      items: [
        'run linting',
        'run unit tests',
        'run one integration check',
        'verify staging config',
        'tag the release',
      ],
    });
    expect(article.sections[4]?.blocks[0]).toMatchObject({
      kind: 'paragraph',
      text: expect.stringMatching(/^the best result is not only/),
    });
  });

  it('reads glued scalar labels', () => {
    expect(article.topic).toBe('building safer deployment steps / python services');
    expect(article.summary).toBe(
      'this ai-style technical summary explains building safer deployment steps in python services, with emphasis on measurement, safe defaults, rollback planning, and maintainable documentation.',
    );
    expect(article.aiBrief).toMatch(
      /^the article is written like a careful ai generated engineering draft: .* every production case\.$/,
    );
    expect(article.codeLanguage).toBe('python');
    expect(article.difficulty).toBe('beginner');
    expect(article.readingTime).toBe(9);
    expect(article.viewCount).toBe(629898);
    expect(article.reference).toBe('anp-ref-000989-2184');
    expect(article.hash).toBe('8998bd32aa8a8fc7e342286f');
  });

  it('reads the ai outline and the problem', () => {
    expect(article.outline).toEqual({
      context: 'for a content heavy programming website',
      problem: 'building safer deployment steps',
      stack: 'python services',
      recommendedAction: 'measure first, change carefully, document the result',
    });
    expect(article.problem).toBe('building safer deployment steps');
  });

  it('reads the lists', () => {
    expect(article.stack).toEqual(['python services', 'backend', 'python']);
    expect(article.tools).toEqual(['fastapi', 'pytest', 'uvicorn', 'ruff', 'git', 'logs']);
    expect(article.checklist).toEqual([
      'run linting',
      'run unit tests',
      'run one integration check',
      'verify staging config',
      'tag the release',
    ]);
    expect(article.notes).toEqual([
      'sanitized array meta is expected to render as a list in the frontend box',
      'view count is synthetic and only used for testing meta volume',
      'content is generated for import/load testing and should be reviewed before indexing',
    ]);
  });

  it('reads scores, revision and flags as typed values', () => {
    expect(article.scores).toEqual({ quality: 95, freshness: 78, depth: 73, clarity: 97 });
    expect(article.revision).toEqual({
      status: 'drafted',
      version: '1.7.3',
      lastReviewed: '2022-01-06',
    });
    expect(article.flags).toEqual({
      aiGeneratedStyle: true,
      hasImages: false,
      imageHeavy: false,
      needsHumanReview: false,
    });
  });

  it('reads nested entities and the payload', () => {
    expect(article.entities).toEqual([
      { name: 'python services', type: 'stack' },
      { name: 'backend', type: 'area' },
      { name: 'building safer deployment steps', type: 'problem' },
    ]);
    expect(article.payload).toEqual({
      sourceId: 'alphanode-000989',
      generator: 'anp content synthesizer',
      paragraphs: 8,
      scenario: 'for a content heavy programming website',
      seed: 989,
    });
  });

  it('formats back to the exact bytes of the export', () => {
    expect(formatAlphanode(article)).toBe(seedText);
  });
});

describe('parseAlphanode errors name the line and the field', () => {
  const withLine = (find: string, replace: string) => seedText.replace(find, replace);
  const errorsOf = (text: string) => {
    const result = parseAlphanode(text);
    if (result.ok) {
      throw new Error('expected a parse error');
    }
    return result.errors;
  };
  const lineOf = (text: string, needle: string) =>
    text.split('\n').findIndex((l) => l.startsWith(needle)) + 1;

  it('reports a glued label with no value', () => {
    const text = withLine('hash8998bd32aa8a8fc7e342286f', 'hash');
    expect(errorsOf(text)).toEqual([
      { line: lineOf(text, 'hash'), field: 'hash', message: 'label "hash" has no value' },
    ]);
  });

  it('reports a non-numeric and an out-of-range score', () => {
    const text = withLine('quality: 95', 'quality: high').replace('clarity: 97', 'clarity: 140');
    expect(errorsOf(text)).toEqual([
      {
        line: lineOf(text, '  • quality'),
        field: 'score.quality',
        message: 'expected a whole number, got "high"',
      },
      {
        line: lineOf(text, '  • clarity'),
        field: 'score.clarity',
        message: 'expected a number from 0 to 100, got 140',
      },
    ]);
  });

  it('reports an impossible date', () => {
    const text = withLine('last reviewed: 2022-01-06', 'last reviewed: 2022-02-30');
    expect(errorsOf(text)).toEqual([
      {
        line: lineOf(text, '  • last reviewed'),
        field: 'revision.last reviewed',
        message: 'expected a real date as YYYY-MM-DD, got "2022-02-30"',
      },
    ]);
  });

  it('reports a missing field and a missing title', () => {
    expect(errorsOf(withLine('reading time9\n', ''))).toEqual([
      expect.objectContaining({ field: 'reading time', message: 'missing "reading time"' }),
    ]);
    const noTitle = seedText.slice(seedText.indexOf('alphanode post meta'));
    expect(errorsOf(noTitle)[0]).toMatchObject({ field: 'title' });
    expect(errorsOf('')).toEqual([{ field: 'title', message: 'no title: the file has no text' }]);
  });

  it('reports a non-numeric reading time and a bad flag', () => {
    const text = withLine('reading time9', 'reading timenine').replace(
      'has images: 0',
      'has images: maybe',
    );
    expect(errorsOf(text).map((e) => e.field)).toEqual(['reading time', 'flags.has images']);
  });

  it('reports an entity without a type', () => {
    const text = withLine('    • type: area\n', '');
    expect(errorsOf(text)).toEqual([
      {
        line: lineOf(text, '    • name: backend'),
        field: 'entities',
        message: 'entity "backend" has no "type: …" item',
      },
    ]);
  });
});
