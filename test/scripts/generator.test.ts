import { describe, expect, it } from 'vitest';
import { generateArticle, generatedSourceId } from '../../scripts/lib/generator.ts';
import { parseAlphanode } from '../../src/content/alphanode.ts';

describe('generateArticle', () => {
  it('is deterministic for the same index and seed, and differs across seeds', () => {
    expect(generateArticle(5, 42).text).toBe(generateArticle(5, 42).text);
    expect(generateArticle(5, 42).text).not.toBe(generateArticle(5, 43).text);
  });

  it('writes text that parses back to the same article', () => {
    for (let i = 0; i < 50; i++) {
      const generated = generateArticle(i, 3);
      const parsed = parseAlphanode(generated.text);
      expect(parsed).toEqual({ ok: true, article: generated.input });
    }
  });

  it('varies topics, stacks, difficulties and review states', () => {
    const articles = Array.from({ length: 300 }, (_, i) => generateArticle(i, 1).input);
    const distinct = (values: string[]) => new Set(values).size;
    expect(distinct(articles.map((a) => a.problem))).toBeGreaterThanOrEqual(10);
    expect(distinct(articles.map((a) => a.stack[0] ?? ''))).toBeGreaterThanOrEqual(8);
    expect(distinct(articles.map((a) => a.difficulty))).toBe(3);
    expect(distinct(articles.map((a) => a.revision.status))).toBe(4);
    expect(articles.some((a) => a.flags.needsHumanReview)).toBe(true);
    expect(
      articles.some((a) => !a.flags.aiGeneratedStyle && a.revision.status === 'published'),
    ).toBe(true);
  });

  it('keeps identity across revisions while changing the content', () => {
    const first = generateArticle(9, 1);
    const second = generateArticle(9, 1, { revision: 1 });
    expect(second.input.sourceId).toBe(first.input.sourceId);
    expect(second.text).not.toBe(first.text);
    expect(first.input.sourceId).toBe(generatedSourceId(9));
  });
});
