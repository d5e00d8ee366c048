/**
 * The Worker's entry: HTTP requests go to the Hono app, cron triggers to the refresh jobs, and the
 * similar queue's batches to the fan-out refresh's consumer.
 */
import { createApp } from './app.ts';
import { consumeSimilarBatch } from './jobs/fanout/consumer.ts';
import { runScheduled } from './jobs/scheduled.ts';

const app = createApp();

export default {
  fetch: app.fetch,
  // Awaited rather than handed to ctx.waitUntil, so the invocation (and `/__scheduled` in
  // wrangler dev) ends when the jobs do, and a failed job marks the cron run as failed.
  async scheduled(controller, env, _ctx) {
    await runScheduled(controller, env);
  },
  async queue(batch, env, _ctx) {
    await consumeSimilarBatch(batch, env);
  },
} satisfies ExportedHandler<Env>;
