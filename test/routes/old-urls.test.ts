/**
 * Old URLs through the Worker's fetch: the Rust blog's Zola `path` and `aliases`, a Hugo
 * redirect stub, and article URLs written with capitals or a trailing slash, each a 301 to the
 * one canonical /posts/<slug>, stored by the edge cache under the old-url rule.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { importDocuments } from '../../src/import/run-import.ts';
import hugoPost from '../fixtures/hugo/content/posts/goroutine-leaks.md?raw';
import hugoStub from '../fixtures/hugo/content/posts/json-rpc.md?raw';
import zolaRelease from '../fixtures/zola/content/Rust-1.26.md?raw';
import { doc } from '../import/documents.ts';

// The configured SITE_URL's host: pages rendered for another host are not stored.
const SITE = 'http://localhost:8787';

function get(path: string, init: RequestInit = {}) {
  return exports.default.fetch(`${SITE}${path}`, { redirect: 'manual', ...init });
}

beforeAll(async () => {
  const documents = [
    { ...doc('content/Rust-1.26.md', zolaRelease), relativePath: 'Rust-1.26.md' },
    {
      ...doc('content/posts/goroutine-leaks.md', hugoPost),
      relativePath: 'posts/goroutine-leaks.md',
    },
    { ...doc('content/posts/json-rpc.md', hugoStub), relativePath: 'posts/json-rpc.md' },
  ];
  const summary = await importDocuments(createDb(env.DB), documents);
  expect(summary).toMatchObject({ created: 2, skipped: 1, rejected: 0 });
});

describe('old URLs answer 301 to the article', () => {
  it.each([
    '/2018/05/10/Rust-1.26.html',
    '/2018/05/10/Rust-1.26',
    '/2018/05/10/Rust-1.26/',
    '/releases/1.26.0',
    '/releases/1.26.0/',
    '/releases/1.26.0?utm_source=rss',
  ])('%s → /posts/rust-1-26', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/posts/rust-1-26');
    expect(res.headers.get('x-cache-rule')).toBe('old-url');
  });

  it('lands on "Announcing Rust 1.26"', async () => {
    const res = await exports.default.fetch(`${SITE}/2018/05/10/Rust-1.26.html`);
    expect(res.status).toBe(200);
    expect(new URL(res.url).pathname).toBe('/posts/rust-1-26');
    expect(await res.text()).toContain('<h1>Announcing Rust 1.26</h1>');
  });

  it('sends a redirect stub and the Hugo aliases to their article', async () => {
    for (const path of [
      '/posts/json-rpc',
      '/blog/goroutine-leaks.html',
      '/blog/2024/04/goroutine-leaks/',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(301);
      expect(res.headers.get('location'), path).toBe('/posts/goroutine-leaks');
    }
  });

  it('stores the 301 at the edge: the repeat is a HIT without D1', async () => {
    const first = await get('/releases/1.26.0.html');
    const second = await get('/releases/1.26.0.html');
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
    expect(second.status).toBe(301);
    expect(second.headers.get('location')).toBe('/posts/rust-1-26');
    expect(second.headers.get('x-db-calls')).toBe('0');
  });

  it('answers 404 for an old URL nobody has', async () => {
    const res = await get('/2018/05/10/Rust-9.99.html');
    expect(res.status).toBe(404);
  });
});

describe('article URLs written another way answer 301 to the canonical one', () => {
  it.each([
    ['/posts/rust-1-26/', '/posts/rust-1-26'],
    ['/posts/Rust-1-26', '/posts/rust-1-26'],
    ['/posts/RUST-1-26/', '/posts/rust-1-26'],
    ['/posts/rust-1-26.html', '/posts/rust-1-26'],
  ])('%s → %s', async (path, location) => {
    const res = await get(path);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(location);
  });

  it('serves the canonical URL itself', async () => {
    expect((await get('/posts/rust-1-26')).status).toBe(200);
  });
});
