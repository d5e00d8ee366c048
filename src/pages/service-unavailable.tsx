/**
 * The page served when a page cannot be rendered (D1 failing) and no stored copy is recent enough
 * to stand in for it: an apology, when to retry, and the request id to quote; never the error.
 */
import type { FC } from 'hono/jsx';
import type { Site } from '../site.ts';
import { RequestIdNote } from './error-pages.tsx';
import { Layout } from './layout.tsx';

export interface ServiceUnavailableProps {
  site: Site;
  retryAfterSeconds: number;
  requestId: string;
}

export const ServiceUnavailablePage: FC<ServiceUnavailableProps> = ({
  site,
  retryAfterSeconds,
  requestId,
}) => (
  <Layout
    site={site}
    title="Temporarily unavailable"
    description="The page could not be loaded just now."
    indexable={false}
  >
    <h1>This page is temporarily unavailable</h1>
    <p>It could not be loaded just now. Please try again in {retryAfterSeconds} seconds.</p>
    <RequestIdNote requestId={requestId} />
  </Layout>
);
