import { describe, expect, it } from 'vitest';
import { bypassReason } from '../../src/cache/bypass.ts';
import { TAG_RETENTION_SECONDS } from '../../src/cache/invalidate.ts';
import { cacheKey } from '../../src/cache/key.ts';
import { matchRule, routeTags } from '../../src/cache/match.ts';
import { CACHE_RULES, entryLifetime } from '../../src/cache/rules.ts';
import { tagsForArticleChange } from '../../src/cache/tags.ts';

const site = 'https://alphanode.example';

describe('cacheKey', () => {
  it('keeps only the named parameters, sorted by name, under the SITE_URL origin', () => {
    const url = new URL('http://attacker.example:9999/search?utm_source=x&page=2&fbclid=y&q=go');
    expect(cacheKey(site, url, ['q', 'page'])).toBe(`${site}/search?page=2&q=go`);
    expect(cacheKey(`${site}/`, new URL('http://h/posts/a?gclid=z'), [])).toBe(`${site}/posts/a`);
  });

  it('keeps the first value of a repeated key parameter and re-encodes consistently', () => {
    const a = cacheKey(site, new URL('http://h/search?q=a%20b&q=c'), ['q']);
    const b = cacheKey(site, new URL('http://h/search?q=a+b&q=c&q=d'), ['q']);
    expect(a).toBe(b);
    expect(a).toBe(`${site}/search?q=a+b`);
  });

  it('gives /?page=1&page=x1 … x300 one key', () => {
    const keys = new Set(
      Array.from({ length: 300 }, (_, i) =>
        cacheKey(site, new URL(`http://h/?page=1&page=x${i + 1}`), ['page', 'p', 'page_id']),
      ),
    );
    expect([...keys]).toEqual([`${site}/?page=1`]);
  });

  it('reads key parameters as the routes do: names case-sensitive, percent-decoded', () => {
    const key = (query: string) => cacheKey(site, new URL(`http://h/${query}`), ['page']);
    expect(key('?PAGE=2')).toBe(`${site}/`);
    expect(key('?pa%67e=2')).toBe(`${site}/?page=2`);
    expect(key('?page=%32&page=3')).toBe(`${site}/?page=2`);
  });

  it('adds the deployed version so a deploy starts with an empty cache', () => {
    expect(cacheKey(site, new URL('http://h/'), ['page'], 'v1')).toBe(`${site}/?__version=v1`);
  });

  it('names SITE_URL when it is not a URL', () => {
    expect(() => cacheKey('alphanode.example', new URL('http://h/'), [])).toThrow(
      /SITE_URL must be an absolute URL.*"alphanode.example"/,
    );
  });
});

describe('matchRule', () => {
  it('matches parameters, decodes them, and respects segment counts', () => {
    expect(matchRule(CACHE_RULES, '/stack/python%20services')?.params).toEqual({
      name: 'python services',
    });
    // What no page route matches falls to the last rule: old URLs and non-canonical article URLs.
    expect(matchRule(CACHE_RULES, '/posts/a/')?.rule.name).toBe('old-url');
    expect(matchRule(CACHE_RULES, '/posts/')?.rule.name).toBe('old-url');
    expect(matchRule(CACHE_RULES, '/admin/jobs/42')?.rule.name).toBe('admin');
    expect(matchRule(CACHE_RULES, '/admin')?.rule.name).toBe('admin');
    expect(matchRule(CACHE_RULES, '/posts/%E0')?.params).toEqual({ slug: '%E0' });
    expect(matchRule(CACHE_RULES, '/wp-login.php')?.rule.name).toBe('old-url');
  });
});

describe('bypassReason', () => {
  const match = matchRule(CACHE_RULES, '/posts/a');
  it('ignores cookies that carry nothing personal', () => {
    const request = new Request('https://x/posts/a', { headers: { cookie: '_ga=1; theme=dark' } });
    expect(bypassReason(request, match)).toBeNull();
  });
  it('names the first personal cookie', () => {
    const request = new Request('https://x/posts/a', {
      headers: { cookie: 'theme=dark;alphanode_preview=1' },
    });
    expect(bypassReason(request, match)).toBe('cookie=alphanode_preview');
  });
  it.each([
    'ALPHANODE_SESSION=1',
    'Alphanode_Session=1',
    '__Secure-alphanode_session=1',
    '__Host-alphanode_session=1',
    '__SECURE-SESSION=1',
    ' theme=dark ; __host-Alphanode_Preview=1',
  ])('matches cookie names in any case and with a __Secure-/__Host- prefix: %s', (cookie) => {
    const request = new Request('https://x/posts/a', { headers: { cookie } });
    expect(bypassReason(request, match)).toMatch(
      /^cookie=(alphanode_session|session|alphanode_preview)$/,
    );
  });
  it('does not take a cookie that merely contains a listed name', () => {
    const request = new Request('https://x/posts/a', {
      headers: { cookie: 'my_session=1; alphanode_session_hint=1; __Secure-theme=1' },
    });
    expect(bypassReason(request, match)).toBeNull();
  });
  it.each([
    ['?Preview=1', 'query=preview'],
    ['?PREVIEW', 'query=preview'],
    ['?%70review=1', 'query=preview'],
    ['?utm=1&Draft=yes', 'query=draft'],
    ['?Preview_Token=t', 'query=preview_token'],
  ])('matches preview parameters in any case, percent-decoded: %s', (query, reason) => {
    expect(bypassReason(new Request(`https://x/posts/a${query}`), match)).toBe(reason);
  });
});

describe('rule table and tags agree', () => {
  it('tags every page an article appears on with a tag its change invalidates', () => {
    const placement = {
      slug: 'my-post',
      difficulty: 'Beginner',
      stack: ['python services'],
      tools: ['pytest'],
    };
    const changed = new Set(tagsForArticleChange(null, placement));
    for (const path of [
      '/posts/my-post',
      '/',
      '/stack/python%20services',
      '/stack/python-services',
      '/tools/pytest',
      '/difficulty/beginner',
      '/feed.xml',
      '/sitemap.xml',
      '/search',
    ]) {
      const match = matchRule(CACHE_RULES, path);
      expect(match, path).not.toBeNull();
      if (match) {
        expect(
          routeTags(match.route, match.params).some((t) => changed.has(t)),
          path,
        ).toBe(true);
      }
    }
  });

  it('remembers tag stamps longer than any stored page can live', () => {
    for (const rule of CACHE_RULES) {
      if (rule.policy === 'cache') {
        expect(entryLifetime(rule), rule.name).toBeLessThan(TAG_RETENTION_SECONDS);
      }
    }
  });
});
