import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';

describe('unexpected errors', () => {
  it('become a plain 500 page with security headers and no stack trace', async () => {
    const app = createApp();
    // A route that fails the way a bug would, added to the real app with its real middleware.
    app.get('/boom', () => {
      throw new Error('secret internal detail');
    });
    // Under a cached rule (every path falls under one, the last being old URLs) a failed render
    // is the cache's clean 503; an authenticated request bypasses the cache and meets onError.
    const res = await app.request('/boom', { headers: { authorization: 'Bearer x' } }, env);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<h1>Something went wrong</h1>');
    expect(html).not.toContain('secret internal detail');
    expect(html).not.toMatch(/\bat \S+ \(/);
  });
});
