/**
 * The real app (every route, observe and security middleware, the error handler) with the edge
 * cache on a test clock and its own named cache, over articles written with the real writer.
 */
import { createApp } from '../../src/app.ts';
import type { TestClock } from './test-app.ts';

let counter = 0;

export function createRealApp(clock: TestClock) {
  const name = `real-app-${++counter}`;
  return createApp({ cache: { now: clock.now, openCache: () => caches.open(name) } });
}
