/**
 * The page a visitor sees when a request fails unexpectedly: an apology and the request id to
 * quote, nothing about the failure itself (no message, no stack), which goes to the log instead.
 */

export interface ServerErrorPageProps {
  requestId: string;
  siteName: string;
}

export function ServerErrorPage({ requestId, siteName }: ServerErrorPageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>Something went wrong · {siteName}</title>
      </head>
      <body>
        <main>
          <h1>Something went wrong</h1>
          <p>This page could not be shown because of an error on our side. Please try again.</p>
          <p>
            If it keeps happening, quote this request id: <code>{requestId}</code>
          </p>
          <p>
            <a href="/">Back to the home page</a>
          </p>
        </main>
      </body>
    </html>
  );
}
