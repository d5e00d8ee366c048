/** The clean 503 the cache answers with when rendering fails and no stored copy may stand in. */
import { ServiceUnavailablePage } from '../pages/service-unavailable.tsx';

export const RETRY_AFTER_SECONDS = 30;

/**
 * @example
 * c.res = await serviceUnavailable(c.env.SITE_NAME); // 503, Retry-After: 30, no-store
 */
export async function serviceUnavailable(siteName: string): Promise<Response> {
  const page = (
    <ServiceUnavailablePage siteName={siteName} retryAfterSeconds={RETRY_AFTER_SECONDS} />
  );
  return new Response(`<!doctype html>${await page.toString()}`, {
    status: 503,
    headers: {
      'content-type': 'text/html; charset=UTF-8',
      'retry-after': String(RETRY_AFTER_SECONDS),
      'cache-control': 'no-store',
    },
  });
}
