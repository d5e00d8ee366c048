/** Names each request so a visitor's error page, the response headers and the log line agree. */

/** Ray ids are hex plus a data-center code (`8f1b2c3d4e5f6a7b-AMS`); anything else is not one. */
const RAY_ID = /^[0-9a-f]{16}-[A-Z]{3}$/;

/**
 * The request id: Cloudflare's ray id when present, since the dashboard and support already use
 * it, else a random UUID (local development, tests).
 *
 * @example
 * requestIdFor(new Request('https://x/')); // 'c0a8…-…' (a UUID)
 */
export function requestIdFor(request: Request): string {
  const ray = request.headers.get('cf-ray');
  return ray && RAY_ID.test(ray) ? ray : crypto.randomUUID();
}
