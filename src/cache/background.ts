/** Work the edge cache does after the response is sent (ctx.waitUntil), with failures logged. */
import type { ExecutionContext as HonoExecutionContext } from 'hono';
import type { Ctx } from './state.ts';

/** The request's execution context, or undefined where there is none (app.request in tests). */
export function executionCtx(c: Ctx): HonoExecutionContext | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}

/** Runs work after the response is sent (ctx.waitUntil), logging instead of losing failures. */
export function inBackground(c: Ctx, what: string): (work: Promise<unknown>) => void {
  return (work) => {
    const logged = work.catch((error: unknown) => {
      console.error(`edge cache: ${what} failed for ${c.req.url}:`, error);
    });
    executionCtx(c)?.waitUntil(logged);
  };
}
