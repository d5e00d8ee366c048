/**
 * The page served when a page cannot be rendered (D1 failing) and no stored copy is recent enough
 * to stand in for it: a plain apology and when to retry, never an error message or stack trace.
 */
import type { FC } from 'hono/jsx';

export interface ServiceUnavailableProps {
  siteName: string;
  retryAfterSeconds: number;
}

export const ServiceUnavailablePage: FC<ServiceUnavailableProps> = ({
  siteName,
  retryAfterSeconds,
}) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{`Temporarily unavailable · ${siteName}`}</title>
    </head>
    <body>
      <main>
        <h1>This page is temporarily unavailable</h1>
        <p>
          {siteName} could not load this page just now. Please try again in {retryAfterSeconds}{' '}
          seconds.
        </p>
        <p>
          <a href="/">Back to the home page</a>
        </p>
      </main>
    </body>
  </html>
);
