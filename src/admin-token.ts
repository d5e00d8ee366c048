/**
 * Bearer-token guard for /admin: the token is the ADMIN_TOKEN Worker secret. Without the secret
 * the admin routes do not exist (404), so a deployment that never set one exposes nothing.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env.ts';

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
}

/**
 * Compares in constant time. Hashing first makes both sides the same length, so neither the
 * length nor the first differing byte of the secret leaks through timing.
 *
 * @example
 * await tokensMatch('Bearer-less token', secret); // false
 */
export async function tokensMatch(given: string, secret: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(secret)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

export const requireAdminToken = createMiddleware<AppEnv>(async (c, next) => {
  const secret = c.env.ADMIN_TOKEN;
  if (!secret) {
    return c.json({ error: 'not found' }, 404);
  }
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1] || !(await tokensMatch(match[1], secret))) {
    c.header('www-authenticate', 'Bearer realm="admin"');
    return c.json({ error: 'a valid bearer token is required' }, 401);
  }
  await next();
});
