/**
 * Phase 3 of a fan-out run, for one range of articles: compute lists (rank-lists.ts) and write the
 * rows that differ, RANK_BATCH articles per commit. A full pass ranks every article of the range. An
 * incremental run ranks the range's changed articles, then every list such a change can alter:
 * the lists linking to a changed article, and those a changed article now beats the last link of
 * (similarity is symmetric, so they are among the changed article's own scored candidates). Those
 * are ranked again outright rather than patched: exact, and bounded per list. Two parts may rank
 * the same list; both compute it from the same frozen postings and counters, so the second writes
 * nothing. A replay compares with what is stored again, so it writes nothing twice either.
 */
import { readBars, readFeatureRange, readFeaturesOf } from '../../db/fanout-queries.ts';
import {
  type FeaturePageRow,
  type ListChange,
  listWrites,
  readLinkers,
  readLists,
} from '../../db/similar-queries.ts';
import { diffList } from '../similar-job.ts';
import { compareLinks } from '../similarity-rank.ts';
import { type Corpus, loadCorpus } from './corpus.ts';
import type { PartContext } from './messages.ts';
import { rankBatch } from './rank-lists.ts';

/**
 * Articles ranked per commit. Their candidates' stored features are what a part holds at once:
 * at most RANK_BATCH × CANDIDATE_BUDGET (200) of them, whatever the corpus size. How much of that
 * cap is used grows with the corpus (candidates are shared less): with 100 a batch, 12,629
 * distinct candidates at 20,000 generated articles (`npm run similar:offline:rank-cost`). 50
 * halves the cap for more round trips: at most 354 in a consumer invocation of 4 parts, measured
 * at 20,000 to 300,000 articles (docs/SCALE.md).
 */
export const RANK_BATCH = 50;

async function rankAndWrite(
  ctx: PartContext,
  corpus: Corpus,
  rows: readonly FeaturePageRow[],
  /** Keep every article's scored candidates (incremental runs need them; a full pass does not). */
  keepScored: boolean,
): Promise<Map<number, { id: number; score: number }[]>> {
  const { db, config } = ctx;
  const scored = new Map<number, { id: number; score: number }[]>();
  for (let i = 0; i < rows.length; i += RANK_BATCH) {
    const batch = rows.slice(i, i + RANK_BATCH);
    const ranked = await rankBatch(db, corpus, batch, config.topK, ctx.memoryProbe);
    ctx.notePeak(ranked.peakBytes);
    const { lists: stored, slugs } = await readLists(
      db,
      batch.map((r) => r[0]),
    );
    const changes: ListChange[] = [];
    let written = 0;
    for (const [articleId] of batch) {
      const diff = diffList(
        articleId,
        ranked.lists.get(articleId) ?? [],
        stored.get(articleId) ?? [],
      );
      if (diff) {
        changes.push(diff.change);
        written += diff.rows;
      }
    }
    if (keepScored) {
      for (const [id, list] of ranked.scored) {
        scored.set(id, list);
      }
    }
    await ctx.commit(listWrites(db, changes), {
      processed: batch.length,
      rowsWritten: written,
      changedSlugs: changes.map((c) => slugs.get(c.articleId) ?? '').filter((s) => s !== ''),
    });
  }
  return scored;
}

export async function rankPart(ctx: PartContext): Promise<void> {
  const { db, message, config } = ctx;
  const [corpus, range] = await Promise.all([
    loadCorpus(db, message, config.rawWordBudget),
    readFeatureRange(db, message.from, message.to),
  ]);
  if (message.mode === 'full') {
    await rankAndWrite(ctx, corpus, range, false);
    return;
  }
  const dirty = range.filter(([, , , isDirty]) => isDirty === 1);
  const scored = await rankAndWrite(ctx, corpus, dirty, true);
  const dirtyIds = new Set(dirty.map((r) => r[0]));
  const touched = new Set(await readLinkers(db, [...dirtyIds]));
  const candidates = [...new Set([...scored.values()].flat().map((c) => c.id))];
  const bars = await readBars(db, candidates, config.topK);
  for (const [changedId, list] of scored) {
    for (const { id, score } of list) {
      const bar = bars.get(id);
      // A list with fewer than k links takes any link that passes the threshold.
      if (!bar || compareLinks(id, changedId, score, bar.target, bar.score) < 0) {
        touched.add(id);
      }
    }
  }
  const others = [...touched].filter((id) => !dirtyIds.has(id)).sort((a, b) => a - b);
  await rankAndWrite(ctx, corpus, await readFeaturesOf(db, others), false);
}
