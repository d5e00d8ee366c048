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
    const res = await app.request('/boom', {}, env);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<h1>Something went wrong</h1>');
    expect(html).not.toContain('secret internal detail');
    expect(html).not.toMatch(/\bat \S+ \(/);
  });
});
