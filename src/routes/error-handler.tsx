/**
 * app.onError: turns an unexpected exception into a clean 500 page that quotes only the request
 * id. It does not log: the observe middleware's request line carries the error and its stack, so
 * each failure is logged exactly once, next to the request's status and timings.
 */
import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env.ts';
import { ServerErrorPage } from '../pages/error-pages.tsx';
import { siteOf } from '../site.ts';
import { badRequest } from './error-responses.tsx';

/**
 * Hono's ErrorHandler for the app.
 *
 * @example
 * app.onError(handleError);
 */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  // An HTTPException is a deliberate response (a 400 for bad input, say), not a failure of ours.
  if (error instanceof HTTPException && error.status < 500) {
    return badRequest(c, error.message || 'The request could not be understood.');
  }
  c.header('cache-control', 'no-store');
  return c.html(
    <ServerErrorPage site={siteOf(c)} requestId={c.get('requestId') ?? 'unknown'} />,
    500,
  );
};
