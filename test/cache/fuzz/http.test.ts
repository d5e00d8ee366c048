/**
 * Property-based fuzzing of the Worker's HTTP surface (issue 19): generated paths, query strings
 * (repeated keys, case variants, odd encodings), headers (cookies, accept, if-none-match, host)
 * and methods go through the real Worker (`exports.default.fetch`) on real D1 with the real
 * migrations. Properties:
 * - nothing answers 5xx (D1 is up: a 5xx would be our bug);
 * - a request carrying a session or preview signal, in any case or prefix, is never served from
 *   or stored in the shared cache (x-cache BYPASS);
 * - cache keys stay bounded: requests built from a set of canonical pages (path and the first
 *   value of each key parameter) plus junk (repeats, tracking and case-variant parameters,
 *   percent-encoded names) produce exactly one key per canonical page.
 *
 * Runs are seeded (FUZZ_SEED, else a fixed seed) and bounded; on failure fast-check prints the
 * seed and the shrunk counterexample: rerun with `FUZZ_SEED=<seed> npx vitest run test/cache/fuzz`.
 */
import { env, exports } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchRule } from '../../../src/cache/match.ts';
import { CACHE_RULES, type CachedRule, EXAMPLE_SLUG } from '../../../src/cache/rules.ts';
import { createDb } from '../../../src/db/client.ts';
import { articleVariant, writeAll } from '../../fixtures/articles.ts';
import { seedArticle } from '../../fixtures/seed-article.ts';

const SEED = Number(env.FUZZ_SEED) || 20_261_205;
/** Each property's own limit: its runs are bounded to finish well inside it. */
const TIMEOUT_MS = 60_000;
const ADMIN = { 'x-admin-token': 'test-admin-token' };

beforeAll(async () => {
  // 25 articles: home and the listings have a page 2, search finds something.
  await writeAll(createDb(env.DB), [
    seedArticle,
    ...Array.from({ length: 24 }, (_, i) => articleVariant(i + 1)),
  ]);
});

/** Runs a property with the suite's seed; fast-check's error names seed and path on failure. */
async function check<T>(property: fc.IAsyncPropertyWithHooks<T>, numRuns: number) {
  await fc.assert(property, { seed: SEED, numRuns, endOnFailure: true });
}

/** Percent-encodes every character of `text` (`2` → `%32`): the same value, spelt oddly. */
function encodeAll(text: string): string {
  return [...new TextEncoder().encode(text)]
    .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}

const BASE_PATHS = [
  '/',
  '/stack/python',
  '/tools/pytest',
  '/difficulty/beginner',
  '/tags/no-such-topic',
  '/search',
  `/posts/${EXAMPLE_SLUG}`,
  '/posts/no-such-article',
  '/feed.xml',
  '/sitemap.xml',
  '/robots.txt',
  '/tools',
  '/2018/05/10/no-such-post.html',
];

/** Values that are junk to every route: what a scanner appends after the real value. */
const junk = fc.oneof(
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.constantFrom('x1', '-1', '0', '%zz', '%', '%E0%A4%A', '%00', '1e9', '999999999', '..%2F'),
);

/** A query parameter name spelt as the route reads it: as is, or (partly) percent-encoded. */
function spellName(name: string) {
  return fc.constantFrom(name, encodeAll(name), `${encodeAll(name.slice(0, 1))}${name.slice(1)}`);
}

/** Canonical values per key parameter: a small set, so pages repeat and HITs happen. */
const CANONICAL: Record<string, readonly string[]> = {
  page: ['1', '2', '3'],
  q: ['deployment', 'python', 'a b', 'zzz'],
  p: ['123'],
  page_id: ['7'],
};

interface Built {
  url: string;
  canonical: string;
}

/** A request for one canonical page, dressed in junk that must not change its key. */
const canonicalRequest: fc.Arbitrary<Built> = fc
  .constantFrom(...BASE_PATHS)
  .chain((path) => {
    const rule = matchRule(CACHE_RULES, path)?.rule as CachedRule;
    const keyed = rule.keyParams.map((name) =>
      fc.record({
        name: fc.constant(name),
        value: fc.option(fc.constantFrom(...(CANONICAL[name] ?? ['x'])), { nil: undefined }),
        spelt: spellName(name),
        encodeValue: fc.boolean(),
        repeats: fc.array(junk, { maxLength: 4 }),
      }),
    );
    const noise = fc.array(
      fc.tuple(
        fc.constantFrom('utm_source', 'fbclid', 'gclid', 'PAGE', 'Page', 'Q', 'ref', 'x', 'p_age'),
        junk,
      ),
      { maxLength: 4 },
    );
    return fc.record({
      path: fc.constant(path),
      keyed: fc.tuple(...keyed),
      noise,
      ranks: fc.array(fc.nat(1000), { minLength: 40, maxLength: 40 }),
    });
  })
  .map(({ path, keyed, noise, ranks }) => {
    // Pairs of one name keep their order (the first is the canonical value); names interleave.
    const pairs: { name: string; text: string; rank: number }[] = [];
    let next = 0;
    const rank = () => ranks[next++ % ranks.length] ?? 0;
    for (const k of keyed) {
      if (k.value === undefined) {
        continue;
      }
      const value = k.encodeValue ? encodeAll(k.value) : encodeURIComponent(k.value);
      const own = [`${k.spelt}=${value}`, ...k.repeats.map((r) => `${k.name}=${r}`)];
      const sorted = own.map(() => rank()).sort((a, b) => a - b);
      for (const [i, text] of own.entries()) {
        pairs.push({ name: k.name, text, rank: sorted[i] ?? 0 });
      }
    }
    for (const [name, value] of noise) {
      pairs.push({ name, text: `${name}=${value}`, rank: rank() });
    }
    const query = [...pairs].sort((a, b) => a.rank - b.rank).map((p) => p.text);
    const canonical = [path, ...keyed.map((k) => `${k.name}=${k.value ?? '(none)'}`)].join(' ');
    return { url: `${env.SITE_URL}${path}${query.length ? `?${query.join('&')}` : ''}`, canonical };
  });

/** Session and preview cookies as browsers, frameworks and proxies spell them. */
const personalCookie = fc
  .tuple(
    fc.constantFrom('', '__Secure-', '__Host-', '__SECURE-', '__host-'),
    fc.constantFrom('alphanode_session', 'session', 'alphanode_preview', 'preview'),
    fc.constantFrom('lower', 'upper', 'mixed'),
  )
  .map(([prefix, name, casing]) => {
    const cased =
      casing === 'upper'
        ? name.toUpperCase()
        : casing === 'mixed'
          ? [...name].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('')
          : name;
    return `${prefix}${cased}`;
  });

const otherCookie = fc.constantFrom('theme', '_ga', 'my_session', 'sessionid2', '__Secure-theme');

const previewParam = fc
  .tuple(fc.constantFrom('preview', 'preview_token', 'draft'), fc.boolean(), fc.boolean())
  .map(([name, upper, encoded]) => {
    const cased = upper ? name.toUpperCase() : `${name[0]?.toUpperCase()}${name.slice(1)}`;
    return encoded ? encodeAll(cased) : cased;
  });

/** Any request at all: method, host, path, query and headers. */
const anyRequest = fc.record({
  method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  host: fc.constantFrom(new URL(env.SITE_URL).host, 'evil.example', 'localhost:1', '127.0.0.1'),
  path: fc.oneof(
    fc.constantFrom(...BASE_PATHS),
    fc.webPath(),
    fc
      .tuple(
        fc.constantFrom('/posts/', '/stack/', '/tools/', '/tags/', '/media/', '/assets/'),
        fc.webSegment(),
      )
      .map(([a, b]) => `${a}${b}`),
    fc.constantFrom(
      '/posts/%ff',
      '/posts/%00',
      '//',
      '/posts/..%2f..%2fadmin',
      `/posts/${'a'.repeat(300)}`,
    ),
  ),
  query: fc.array(
    fc.tuple(fc.oneof(fc.webSegment(), fc.constantFrom('page', 'q', 'p', 'PAGE')), junk),
    {
      maxLength: 5,
    },
  ),
  cookies: fc.array(fc.tuple(fc.oneof(otherCookie, personalCookie), fc.webSegment()), {
    maxLength: 3,
  }),
  preview: fc.option(previewParam, { nil: undefined }),
  accept: fc.constantFrom('*/*', 'text/html', 'application/json', '', 'text/html;q=0.1, */*;q=0'),
  ifNoneMatch: fc.option(fc.constantFrom('*', '"abc"', 'W/"x"', 'garbage'), { nil: undefined }),
});

describe('HTTP fuzzing through the Worker', () => {
  it(
    'never answers 5xx, and never shares a page with a session or preview request',
    async () => {
      await check(
        fc.asyncProperty(anyRequest, async (r) => {
          const pairs = r.query.map(([name, value]) => `${name}=${value}`);
          if (r.preview) {
            pairs.push(`${r.preview}=1`);
          }
          const url = `http://${r.host}${r.path}${pairs.length ? `?${pairs.join('&')}` : ''}`;
          const headers = new Headers({ accept: r.accept });
          if (r.cookies.length) {
            headers.set('cookie', r.cookies.map(([name, value]) => `${name}=${value}`).join('; '));
          }
          if (r.ifNoneMatch) {
            headers.set('if-none-match', r.ifNoneMatch);
          }
          const response = await exports.default.fetch(
            new Request(url, { method: r.method, headers }),
          );
          await response.body?.cancel();
          expect(response.status, `${r.method} ${url}`).toBeLessThan(500);
          const personal =
            r.preview !== undefined ||
            r.cookies.some(([name]) =>
              /^(__secure-|__host-)?(alphanode_)?(session|preview)$/i.test(name),
            );
          if (personal) {
            expect(response.headers.get('x-cache'), `${url} ${headers.get('cookie')}`).toBe(
              'BYPASS',
            );
          }
        }),
        150,
      );
    },
    TIMEOUT_MS,
  );

  it(
    'gives every canonical page exactly one cache key, whatever junk the query carries',
    async () => {
      const keysOf = new Map<string, Set<string>>();
      await check(
        fc.asyncProperty(canonicalRequest, async ({ url, canonical }) => {
          const response = await exports.default.fetch(new Request(url, { headers: ADMIN }));
          await response.body?.cancel();
          expect(response.status, url).toBeLessThan(500);
          const key = response.headers.get('x-cache-key');
          expect(key, `${url}: no key (x-cache ${response.headers.get('x-cache')})`).not.toBeNull();
          const keys = keysOf.get(canonical) ?? new Set<string>();
          keys.add(key as string);
          keysOf.set(canonical, keys);
          expect([...keys], `${canonical} got more than one key, the last for ${url}`).toHaveLength(
            1,
          );
        }),
        150,
      );
      const allKeys = new Set([...keysOf.values()].flatMap((keys) => [...keys]));
      // Bounded: no more keys than canonical pages (fewer when two spellings are one page).
      expect(allKeys.size).toBeLessThanOrEqual(keysOf.size);
      expect(keysOf.size).toBeGreaterThan(10);
    },
    TIMEOUT_MS,
  );
});
