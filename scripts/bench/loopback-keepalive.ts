/**
 * Keeps Miniflare's loopback server from closing idle keep-alive connections. Import it before
 * Miniflare starts.
 *
 * Why: Miniflare's queue broker logs every batch it delivers by a fetch to the loopback server
 * (an http.Server in this Node process), and only then schedules the next batch. Node closes
 * a keep-alive connection after 5 s idle (`keepAliveTimeout`). When a consumer batch keeps
 * workerd busy for longer than that, the broker's next log fetch goes out on the connection Node
 * has closed and throws. The broker's flush then rejects before it clears its "flush pending"
 * mark, and no batch is ever delivered again: the queue stalls with messages waiting.
 *
 * Reproduced with a consumer that stays busy 8 s a batch: two batches of twelve messages are
 * delivered, then nothing. With this module the third batch is delivered too. In the fan-out
 * bench it was every rank batch: each took longer than 5 s.
 */
import http from 'node:http';

const createServer = http.createServer;
// 0: no timeout; the connections are closed when Miniflare stops its server.
(http as { createServer: typeof http.createServer }).createServer = ((
  ...args: Parameters<typeof http.createServer>
) => {
  const server = createServer(...args);
  server.keepAliveTimeout = 0;
  return server;
}) as typeof http.createServer;
