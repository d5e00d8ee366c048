/**
 * Keeps the http servers of this Node process (Miniflare's loopback server among them) from
 * closing idle keep-alive connections. Loaded before Miniflare starts: `npm run bench:cron`
 * imports it, and `npm run dev` preloads it into wrangler (NODE_OPTIONS=--require). Plain
 * CommonJS so that wrangler's Node can preload it without a TypeScript loader.
 *
 * Why: Miniflare's queue broker logs every batch it delivers by a fetch to the loopback server,
 * and only then schedules the next batch. Node closes a keep-alive connection after 5 s idle
 * (`keepAliveTimeout`). When a consumer batch keeps workerd busy for longer than that, the
 * broker's next log fetch goes out on the connection Node has closed and throws; the broker's
 * flush then rejects before it clears its "flush pending" mark, and no batch is delivered again:
 * the local queue stalls with messages waiting (on Cloudflare, Queues is another service).
 *
 * Reproduced with a consumer that stays busy 8 s a batch: two batches of twelve messages are
 * delivered, then nothing; with this module, all three. In the fan-out refresh it was every rank
 * batch past about 5 s (docs/SCALE.md, "Stalls of the local queue").
 */
const http = require('node:http');

const createServer = http.createServer;
http.createServer = (...args) => {
  const server = createServer(...args);
  // 0: no idle timeout; the connections close when their server stops.
  server.keepAliveTimeout = 0;
  return server;
};
