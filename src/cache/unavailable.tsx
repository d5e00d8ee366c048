/** The clean 503 the cache answers with when rendering fails and no stored copy may stand in. */
import { ServiceUnavailablePage } from '../pages/service-unavailable.tsx';
import type { Site } from '../site.ts';

export const RETRY_AFTER_SECONDS = 30;

/**
 * @example
 * send(c, await serviceUnavailable(siteOf(c), c.get('requestId') ?? 'unknown'));
 * // 503, Retry-After: 30, Cache-Control: no-store
 */
export async function serviceUnavailable(site: Site, requestId: string): Promise<Response> {
  const page = (
    <ServiceUnavailablePage
      site={site}
      retryAfterSeconds={RETRY_AFTER_SECONDS}
      requestId={requestId}
    />
  );
  return new Response(await page.toString(), {
    status: 503,
    headers: {
      'content-type': 'text/html; charset=UTF-8',
      'retry-after': String(RETRY_AFTER_SECONDS),
      'cache-control': 'no-store',
    },
  });
}
