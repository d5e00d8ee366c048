/** The one Hono environment type every sub-app and middleware shares. */
import type { Db } from './db/client.ts';
import type { D1Usage } from './observe/d1-counter.ts';

export interface AppVariables {
  /** drizzle over the counted D1 binding; creating it makes no D1 call. */
  db: Db;
  /** Round trips and time spent on D1 during this request. */
  d1Usage: D1Usage;
  /** Extra Cache-Tags for the stored page (src/cache/tags.ts addPageTags), e.g. linked articles. */
  cacheTags?: string[];
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };
