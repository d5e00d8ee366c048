/**
 * Runs every example of every rule in src/cache/rules.ts (the same examples docs/CACHE_RULES.md
 * shows) through the real app: its routes, middleware and error handler, on real D1.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CACHE_RULES } from '../../src/cache/rules.ts';
import { articleVariant, writeAll } from '../fixtures/articles.ts';
import { seedArticle } from '../fixtures/seed-article.ts';
import { db, send } from './helpers.ts';
import { createRealApp } from './real-app.ts';
import { testClock } from './test-app.ts';

beforeAll(async () => {
  // 25 articles, so the home page has a page 2.
  await writeAll(db, [seedArticle, ...Array.from({ length: 24 }, (_, i) => articleVariant(i + 1))]);
});

describe.each(CACHE_RULES.map((rule) => [rule.name, rule] as const))('rule %s', (_, rule) => {
  it.each(rule.examples.map((example) => [example.note, example] as const))(
    '%s',
    async (_note, example) => {
      const app = createRealApp(testClock());
      const init = { method: example.method ?? 'GET', headers: example.headers };
      const { outcome } = example;
      if (outcome.kind === 'bypass') {
        for (let i = 0; i < 2; i += 1) {
          const sent = await send(app, example.path, init);
          expect(sent.cache).toBe('BYPASS');
          expect(sent.response.headers.get('x-cache-rule')).toBe(rule.name);
          expect(sent.response.headers.get('x-cache-bypass')).toBe(outcome.reason);
        }
        return;
      }
      if (outcome.kind === 'not-stored') {
        const sent = await send(app, example.path, init);
        expect(sent.response.headers.get('x-cache-not-stored')).toBe(outcome.reason);
        return;
      }
      const first = await send(app, outcome.sameEntryAs ?? example.path, init);
      expect(first.cache).toBe('MISS');
      expect(first.response.headers.get('x-cache-rule')).toBe(rule.name);
      expect(first.response.headers.get('x-cache-not-stored')).toBeNull();
      const second = await send(app, example.path, init);
      expect(second.cache).toBe('HIT');
      expect(second.dbCalls).toBe(0);
      expect(second.response.status).toBe(first.response.status);
      expect(second.body).toBe(first.body);
      expect(second.response.headers.get('x-cache-key')).toBe(
        first.response.headers.get('x-cache-key'),
      );
    },
  );
});

describe('the rule table', () => {
  it('gives every cached rule an example that is cached and, for listings, one sharing an entry', () => {
    for (const rule of CACHE_RULES) {
      const kinds = rule.examples.map((e) => e.outcome.kind);
      expect(kinds, rule.name).toContain(rule.policy === 'cache' ? 'cached' : 'bypass');
    }
  });
});
