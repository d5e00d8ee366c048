/**
 * Whatever arrives in the URL, the answer is a 400 or 404 HTML page naming the problem, never a
 * 500 or a stack trace, and a value that cannot name anything costs no D1 call.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { writeAll } from '../fixtures/articles.ts';
import { seedArticle } from '../fixtures/seed-article.ts';

const cases: [path: string, status: 400 | 404][] = [
  [`/posts/${'a'.repeat(201)}`, 404],
  // (`/posts/%2e%2e` never arrives: URL parsing turns it into `/`, like `/posts/..`.)
  ['/posts/...', 404],
  ['/posts/..%2f..%2fwrangler.toml', 404],
  ['/posts/a%2Fb', 404],
  ['/posts/a%5Cb', 404],
  ['/posts/%E0%A4%A', 404],
  ['/posts/%ZZ', 404],
  ['/posts/%00', 404],
  ['/posts/caf%C3%A9', 404],
  ['/posts/%F0%9F%98%80', 404],
  ['/posts/%ED%A0%80', 404],
  ['/posts/Building-A-Safer-Workflow', 404],
  ['/posts/a--b', 404],
  ['/posts/-a', 404],
  ['/posts/a/b', 404],
  ['/?page=-1', 400],
  ['/?page=abc', 400],
  ['/?page=0', 400],
  ['/?page=01', 400],
  ['/?page=1.5', 400],
  ['/?page=1e3', 400],
  ['/?page=', 400],
  ['/?page=%ZZ', 400],
  ['/?page=99999999999', 400],
  ['/?page=10001', 400],
  ['/?page=%EF%BC%91', 400],
  ['/stack/python?page=-1', 400],
  ['/tools/git?page=abc', 400],
  ['/difficulty/beginner?page=99999999999', 400],
  ['/stack/%ZZ', 404],
  ['/stack/%00', 404],
  [`/stack/${'x'.repeat(500)}`, 404],
  ['/stack/...%2f', 404],
  ['/tools/%E2%80%AE', 404],
  ['/difficulty/%ED%A0%80', 404],
  ['/search?q=deploy&page=-1', 400],
  ['/search?q=deploy&page=abc', 400],
  [`/search?q=${'a'.repeat(201)}`, 400],
  ['/assets/site.00000000.css', 404],
  ['/assets/..%2fwrangler.toml', 404],
  ['/wp-login.php', 404],
  ['/%00', 404],
];

describe('bad input', () => {
  beforeAll(async () => {
    await writeAll(createDb(env.DB), [seedArticle]);
  });

  it.each(cases)('%s → %i HTML page', async (path, status) => {
    const res = await exports.default.fetch(`https://alphanode.test${path}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain(status === 400 ? '<h1>Bad request</h1>' : '<h1>Page not found</h1>');
    expect(html).not.toMatch(/\bat \S+ \(|Error:|TypeError|SQLITE/);
  });

  it('names the problem in a 400 page', async () => {
    const html = await (await exports.default.fetch('https://alphanode.test/?page=abc')).text();
    expect(html).toContain('page must be a whole number from 1 to 10000.');
  });
});
