import { describe, expect, it } from 'vitest';
import committed from '../../docs/CACHE_RULES.md?raw';
import { renderCacheRules } from '../../scripts/lib/rules-doc.ts';
import { CACHE_RULES } from '../../src/cache/rules.ts';

describe('docs/CACHE_RULES.md', () => {
  it('matches the rule table (run `npm run docs:cache` when this fails)', () => {
    expect(committed).toBe(renderCacheRules());
  });

  it('documents every rule with its examples', () => {
    const doc = renderCacheRules();
    for (const rule of CACHE_RULES) {
      expect(doc).toContain(`### ${rule.name}`);
      for (const example of rule.examples) {
        expect(doc).toContain(example.path);
      }
    }
  });
});
