/**
 * The freshness job: recomputes every article's score_freshness in id-ordered chunks and writes
 * only the scores that changed. The run's clock is fixed when the run starts, so a run resumed
 * after midnight still scores every article for the same day.
 */
import { freshnessUpdates, readFreshnessPage } from '../db/freshness-queries.ts';
import { FreshnessInputError, freshnessScore } from './freshness.ts';
import { type Job, yieldEvery } from './job.ts';

export interface FreshnessState {
  /** ISO time the scores are computed for. */
  asOf: string;
  /** Last article id done. */
  afterId: number;
}

export const freshnessJob: Job<FreshnessState> = {
  name: 'freshness',
  start: (_request, now) => ({ asOf: now.toISOString(), afterId: 0 }),
  async run(ctx, initial) {
    let state = initial;
    const asOf = new Date(state.asOf);
    ctx.note({ asOf: state.asOf });
    for (;;) {
      if (ctx.pauseReason()) {
        return 'paused';
      }
      const rows = await readFreshnessPage(ctx.db, state.afterId, ctx.config.freshnessChunkSize);
      if (rows.length === 0) {
        return 'done';
      }
      const changes: { id: number; slug: string; score: number }[] = [];
      // A score is microseconds of arithmetic; a chunk of 2,000 still yields a few times.
      const breathe = yieldEvery(ctx, 500);
      for (const row of rows) {
        await breathe();
        let score: number;
        try {
          score = freshnessScore(row, asOf);
        } catch (error) {
          throw new FreshnessInputError(`article ${row.id}: ${(error as Error).message}`);
        }
        if (score !== row.scoreFreshness) {
          changes.push({ id: row.id, slug: row.slug, score });
        }
      }
      state = { ...state, afterId: rows[rows.length - 1]?.id ?? state.afterId };
      await ctx.commit({
        phase: 'score',
        statements: freshnessUpdates(ctx.db, changes),
        rowsWritten: changes.length,
        processed: rows.length,
        state,
        changedSlugs: changes.map((c) => c.slug),
      });
      if (rows.length < ctx.config.freshnessChunkSize) {
        return 'done';
      }
    }
  },
};
