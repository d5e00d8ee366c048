/** The one Hono environment type every sub-app and middleware shares. */
import type { Db } from './db/client.ts';
import type { D1Usage } from './observe/d1-counter.ts';
import type { RenderTiming } from './observe/render-timing.ts';

export interface AppVariables {
  /** drizzle over the counted D1 binding; creating it makes no D1 call. */
  db: Db;
  /** Round trips and time spent on D1 during this request. */
  d1Usage: D1Usage;
  /**
   * Slugs of other articles the page shows (the similar posts box). The route says what it shows;
   * the cache middleware turns it into Cache-Tags (src/cache/tags.ts pageContentTags).
   */
  linkedArticles?: string[];
  /** Set when the answer is a 301 to this article's one address, which an import may re-point. */
  redirectedTo?: string;
  /** Names this request in x-request-id, the log line and the error page. */
  requestId: string;
  /** Time spent rendering HTML, added to by timeRender(). */
  renderTiming: RenderTiming;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };
