/** The Worker's entry: HTTP requests go to the Hono app, cron triggers to the refresh jobs. */
import { createApp } from './app.ts';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
