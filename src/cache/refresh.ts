/**
 * Background refreshes of stale pages (stale-while-revalidate): the middleware sends the page's
 * URL through the whole app again after answering, at most one refresh per key per isolate.
 */
import { executionCtx, inBackground } from './background.ts';
import type { Ctx, EdgeCacheState } from './state.ts';

/** Requests the middleware itself sent to refresh a stale page; a client cannot forge one. */
const refreshRequests = new WeakSet<Request>();

/** True for a request sent by refreshInBackground: it skips stored copies and waits to store. */
export function isRefreshRequest(request: Request): boolean {
  return refreshRequests.has(request);
}

/** Re-renders the page at `key` after the response is sent, unless a refresh already runs. */
export function refreshInBackground(c: Ctx, state: EdgeCacheState, key: string): void {
  if (state.refreshing.has(key)) {
    return;
  }
  state.refreshing.add(key);
  const request = new Request(c.req.url, {
    headers: { accept: c.req.header('accept') ?? '*/*' },
  });
  refreshRequests.add(request);
  const ctx = executionCtx(c);
  inBackground(
    c,
    'background refresh',
  )(
    (async () => {
      try {
        const response = await state.revalidate(request, c.env, ctx);
        await response.body?.cancel();
      } finally {
        state.refreshing.delete(key);
      }
    })(),
  );
}
