import { describe, expect, it } from 'vitest';
import {
  linksToTag,
  TAG_PATTERN,
  tag,
  tagsForArticleChange,
  tagsForSimilarLinksChange,
} from '../../src/cache/tags.ts';

const seed = {
  slug: 'building-a-safer-workflow',
  difficulty: 'beginner',
  stack: ['python services', 'backend', 'python'],
  tools: ['fastapi', 'pytest'],
};

describe('tagsForArticleChange', () => {
  it('names the article, pages linking to it, every listing it is on, the topic indexes, search, feeds, sitemap and old URLs', () => {
    expect(tagsForArticleChange(null, seed)).toEqual([
      'article:building-a-safer-workflow',
      'difficulty:beginner',
      'feed',
      'links-to:building-a-safer-workflow',
      'listing:home',
      'redirects',
      'search',
      'sitemap',
      'stack:backend',
      'stack:python',
      'stack:python-services',
      'tool:fastapi',
      'tool:pytest',
      'topics',
    ]);
  });

  it('covers the listings an article left as well as those it joined', () => {
    const moved = { ...seed, slug: 'renamed', difficulty: 'advanced', stack: ['go'], tools: [] };
    const tags = tagsForArticleChange(seed, moved);
    for (const expected of [
      'article:building-a-safer-workflow',
      'article:renamed',
      'links-to:building-a-safer-workflow',
      'difficulty:beginner',
      'difficulty:advanced',
      'stack:python',
      'stack:go',
      'tool:pytest',
    ]) {
      expect(tags).toContain(expected);
    }
  });

  it('produces only valid, case-insensitive-safe tags whatever the names look like', () => {
    const odd = { slug: 'x', difficulty: 'Intermediate', stack: ['C++', 'Node.js'], tools: ['++'] };
    const tags = tagsForArticleChange(null, odd);
    expect(tags).toContain('difficulty:intermediate');
    expect(tags).toContain('stack:c');
    expect(tags).toContain('stack:node-js');
    expect(tags).toContain('tool:-');
    for (const t of tags) {
      expect(t).toMatch(TAG_PATTERN);
    }
  });
});

describe('tag helpers', () => {
  it('spell a listing name the same whichever way a URL writes it', () => {
    expect(tag('stack', 'python services')).toBe('stack:python-services');
    expect(tag('stack', 'Python-Services')).toBe('stack:python-services');
    expect(linksToTag('My-Post')).toBe('links-to:my-post');
  });

  it('give the article pages whose similar links changed', () => {
    expect(tagsForSimilarLinksChange(['b', 'a', 'b'])).toEqual(['article:a', 'article:b']);
  });
});
