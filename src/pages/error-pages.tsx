/** Error pages: real HTML with the site's header, so a visitor can find their way on. */
import type { FC } from 'hono/jsx';
import type { Site } from '../site.ts';
import { Layout } from './layout.tsx';

export const NotFoundPage: FC<{ site: Site }> = ({ site }) => (
  <Layout
    site={site}
    title="Page not found"
    description="There is no page at this address."
    indexable={false}
  >
    <h1>Page not found</h1>
    <p>There is no page at this address. It may have been moved, or the link may be mistyped.</p>
    <p>
      Try the <a href="/">latest articles</a> or search for what you were looking for.
    </p>
  </Layout>
);

export const BadRequestPage: FC<{ site: Site; message: string }> = ({ site, message }) => (
  <Layout site={site} title="Bad request" description={message} indexable={false}>
    <h1>Bad request</h1>
    <p>{message}</p>
    <p>
      Go to the <a href="/">latest articles</a>.
    </p>
  </Layout>
);

/** An apology and the request id to quote; nothing about the failure itself, which goes to the log. */
export const ServerErrorPage: FC<{ site: Site; requestId: string }> = ({ site, requestId }) => (
  <Layout
    site={site}
    title="Something went wrong"
    description="The page could not be rendered."
    indexable={false}
  >
    <h1>Something went wrong</h1>
    <p>This page could not be shown because of an error on our side. Please try again.</p>
    <RequestIdNote requestId={requestId} />
  </Layout>
);

/** The end of a page apologising for a failure: the request id to quote, and a way back. */
export const RequestIdNote: FC<{ requestId: string }> = ({ requestId }) => (
  <>
    <p>
      If it keeps happening, quote this request id: <code>{requestId}</code>
    </p>
    <p>
      <a href="/">Back to the home page</a>
    </p>
  </>
);
