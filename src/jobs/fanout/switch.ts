/**
 * Which way the similar refresh runs: in one isolate (similar-job.ts) while the corpus is small,
 * fanned out over the queue (coordinator.ts) past SIMILAR_FANOUT_ABOVE articles, or as forced by
 * SIMILAR_FANOUT. A fan-out run in progress keeps the fan-out way until it ends, whatever the
 * count, so a tick never hands a half-done fan-out run to the single-isolate runner.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { JobsConfig } from '../config.ts';
import { latestRun } from '../run-log.ts';
import { parseCursor } from './coordinator.ts';

export async function useFanout(db: Db, config: JobsConfig): Promise<boolean> {
  if (config.fanout !== 'auto') {
    return config.fanout === 'on';
  }
  const latest = await latestRun(db, 'similar');
  if (latest?.status === 'running' && parseCursor(latest.cursor)) {
    return true;
  }
  // The covering index articles_id_hash_idx answers this without reading articles' rows.
  const row = await db.get<{ n: number }>(sql`select count(*) as n from articles`);
  return (row?.n ?? 0) > config.fanoutAbove;
}
