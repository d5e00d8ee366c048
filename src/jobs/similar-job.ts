/**
 * The similar-posts job, in two phases:
 * 1. features — re-extract the stored features of articles whose content hash changed, marking
 *    those whose features really differ as dirty;
 * 2. rank — build the in-memory index from all stored features, then write the top-k lists of
 *    every article (full) or only of the dirty articles and the articles whose lists they join or
 *    leave (incremental), in chunks, writing only rows that differ.
 * docs/JOBS.md explains the modes, the memory plan and the limits.
 */

import type { BatchItem } from 'drizzle-orm/batch';
import { packFeatures, TermVocabulary } from '../db/packed-features.ts';
import { extractFeatures } from '../db/similar-features.ts';
import {
  clearAllDirty,
  deleteFeatures,
  type FeatureRow,
  featureStats,
  featureUpserts,
  type ListChange,
  listWrites,
  readFeaturePage,
  readLinkers,
  readLinksAtRank,
  readLists,
  readStaleArticles,
  readVocabulary,
  type StoredLink,
  vocabularyInserts,
} from '../db/similar-queries.ts';
import { readSiteState, writeSiteState } from '../db/site-state.ts';
import { type Job, type JobContext, type RefreshMode, yieldEvery } from './job.ts';
import { patchList } from './similar-patch.ts';
import { linkReason } from './similar-reason.ts';
import { docOf, type SimilarityIndex, SimilarityIndexBuilder } from './similarity-index.ts';
import {
  compareLinks,
  MIN_LINK_SCORE,
  Ranker,
  SCORE_TOLERANCE,
  type ScoredDoc,
} from './similarity-rank.ts';

/**
 * Bump when the weights or the ranking change: the next run then rebuilds every list. 3: text
 * first (docs/JOBS.md), terms numbered by name and sampled windows placed by article id, the same
 * in one isolate and fanned out (src/jobs/fanout/). 4: a sampled window starts at a pivot article
 * id rather than a position (samplePivot), so the fan-out seeks to it instead of using OFFSET.
 */
export const SIMILAR_ALGORITHM_VERSION = 4;
/** What the stored lists were computed with: when it changes, the next run is a full pass. */
export function similarParams(topK: number): string {
  return `k=${topK};min=${MIN_LINK_SCORE};v=${SIMILAR_ALGORITHM_VERSION}`;
}

/** Stored features read per query while building the index (about 2 MB of packed ids). */
const LOAD_PAGE = 10_000;
/**
 * Articles between two yields to waiting requests, by the cost of each step: extracting or ranking
 * one article takes up to a few milliseconds, decoding one stored row a few microseconds.
 */
const YIELD_EVERY_ARTICLES = 20;
const YIELD_EVERY_ROWS = 1_000;
/** With more than this share of articles dirty, a full pass costs about the same: do one. */
const FULL_WHEN_DIRTY_SHARE = 0.1;
/**
 * An incremental run computes with current corpus statistics but only for the articles a change
 * touches; once a day (when anything changed) a full pass re-settles every list with them.
 */
const FULL_EVERY_MS = 24 * 60 * 60 * 1000;

export const STATE_KEYS = {
  fullAt: 'similar.full_at',
  params: 'similar.params',
  countAtFull: 'similar.count_at_full',
  changed: 'similar.changed_since_full',
  /**
   * "1" while similar_terms' counters and similar_postings match the stored features (the
   * fan-out keeps them so); this job's features phase does not keep them, so it clears the flag.
   */
  fanoutIndex: 'similar.fanout_index',
} as const;

export interface SimilarState {
  /** "auto" until the rank phase decides. */
  mode: RefreshMode;
  phase: 'features' | 'rank';
  /** Last article id whose features were brought up to date. */
  featuresAfter: number;
  /** Last article id whose list was written. */
  rankAfter: number;
  asOf: string;
}

async function syncFeatures(
  ctx: JobContext<SimilarState>,
  initial: SimilarState,
): Promise<SimilarState | null> {
  let state = initial;
  let flagged = false;
  let countersCleared = false;
  // Read once the first stale article shows up: an idle tick never pays for it.
  let vocabulary: TermVocabulary | null = null;
  for (;;) {
    if (ctx.pauseReason()) {
      return null;
    }
    const stale = await readStaleArticles(ctx.db, state.featuresAfter, ctx.config.chunkSize);
    if (stale.length === 0) {
      return { ...state, phase: 'rank' };
    }
    vocabulary ??= new TermVocabulary(await readVocabulary(ctx.db));
    const terms = vocabulary;
    const breathe = yieldEvery(ctx, YIELD_EVERY_ARTICLES);
    const rows: FeatureRow[] = [];
    for (const article of stale) {
      const features = packFeatures(extractFeatures(article.source), terms);
      // A content change that leaves the features as they were (say, a new view count) needs no
      // new links: only the stored hash moves on.
      const dirty =
        article.stored === null ||
        article.stored.features !== features ||
        article.stored.linkable !== article.linkable;
      rows.push({
        articleId: article.id,
        contentHash: article.contentHash,
        linkable: article.linkable,
        features,
        dirty,
      });
      await breathe();
    }
    const dirtied = rows.filter((r) => r.dirty).length;
    // New terms go in the same batch as the rows that use them.
    const added = terms.takeAdded();
    const statements = [...vocabularyInserts(ctx.db, added), ...featureUpserts(ctx.db, rows)];
    if (dirtied > 0 && !flagged) {
      statements.push(writeSiteState(ctx.db, STATE_KEYS.changed, '1'));
      flagged = true;
    }
    if (!countersCleared) {
      // Features written here are not counted in the fan-out's stored index: mark it stale.
      statements.push(writeSiteState(ctx.db, STATE_KEYS.fanoutIndex, '0'));
      countersCleared = true;
    }
    state = { ...state, featuresAfter: stale[stale.length - 1]?.id ?? state.featuresAfter };
    await ctx.commit({
      phase: 'features',
      statements,
      rowsWritten: rows.length + added.length,
      processed: 0,
      state,
      changedSlugs: [],
      detail: { extracted: rows.length, dirtied, newTerms: added.length },
    });
    if (stale.length < ctx.config.chunkSize) {
      return { ...state, phase: 'rank' };
    }
  }
}

interface Loaded {
  index: SimilarityIndex;
  /** Every article with stored features, ascending (drafts included: their lists must empty). */
  all: number[];
  dirty: number[];
}

async function loadIndex(ctx: JobContext<SimilarState>, expected: number): Promise<Loaded> {
  const vocabulary: string[] = [];
  for (const row of await readVocabulary(ctx.db)) {
    vocabulary[row.id] = row.term;
  }
  const builder = new SimilarityIndexBuilder(
    expected,
    vocabulary,
    undefined,
    ctx.config.rawWordBudget,
  );
  const all: number[] = [];
  const dirty: number[] = [];
  const corrupt: number[] = [];
  let after = 0;
  const breathe = yieldEvery(ctx, YIELD_EVERY_ROWS);
  for (;;) {
    const page = await readFeaturePage(ctx.db, after, LOAD_PAGE);
    for (const [articleId, linkable, features, isDirty] of page) {
      await breathe();
      all.push(articleId);
      if (isDirty) {
        dirty.push(articleId);
      }
      // Features are derived data: an unreadable row is dropped so the next run extracts it
      // again, and this article's links stay as they are until then.
      if (linkable && !builder.tryAddPacked(articleId, features)) {
        corrupt.push(articleId);
        all.pop();
        if (isDirty) {
          dirty.pop();
        }
      }
    }
    if (page.length < LOAD_PAGE) {
      break;
    }
    after = page[page.length - 1]?.[0] ?? after;
  }
  if (corrupt.length > 0) {
    await deleteFeatures(ctx.db, corrupt);
    ctx.note({ repairedFeatures: corrupt });
  }
  return { index: builder.build(), all, dirty };
}

/** What an incremental run must rewrite, found from the changed (dirty) articles. */
interface Affected {
  /** Lists to write, ascending: the dirty articles', their linkers', and those they may enter. */
  targets: number[];
  /** For an article not dirty: the dirty articles that now beat the bar of its list. */
  entering: Map<number, number[]>;
  /** The dirty articles' own new links, ranked once here and reused when their lists are written. */
  ranked: Map<number, ScoredDoc[]>;
}

/** Articles whose lists a change to `dirty` can alter: themselves, their linkers, and new entrants. */
async function affectedArticles(
  ctx: JobContext<SimilarState>,
  loaded: Loaded,
  ranker: Ranker,
): Promise<Affected> {
  const { index, dirty } = loaded;
  const affected = new Set<number>(dirty);
  for (const id of await readLinkers(ctx.db, dirty)) {
    affected.add(id);
  }
  // The last link of every full list, by document: the bar a newcomer must clear to enter it.
  const barScore = new Float64Array(index.articleIds.length).fill(MIN_LINK_SCORE);
  const barTarget = new Int32Array(index.articleIds.length);
  for (const [articleId, target, score] of await readLinksAtRank(ctx.db, ctx.config.topK)) {
    const doc = docOf(index, articleId);
    if (doc >= 0) {
      barScore[doc] = score;
      barTarget[doc] = target;
    }
  }
  const entering = new Map<number, number[]>();
  const ranked = new Map<number, ScoredDoc[]>();
  const breathe = yieldEvery(ctx, YIELD_EVERY_ARTICLES);
  for (const id of dirty) {
    await breathe();
    const doc = docOf(index, id);
    if (doc < 0) {
      continue;
    }
    // Similarity is symmetric: the articles that score well with a changed article are those
    // whose lists it may now enter, if it beats their last link and their ranking gathers it.
    const { links, above } = ranker.rankWithCandidates(doc, (other) => barScore[other] ?? 0);
    ranked.set(id, links);
    for (const candidate of above) {
      const other = index.articleIds[candidate.doc] ?? 0;
      const target = barTarget[candidate.doc] ?? 0;
      if (
        (target === 0 ||
          compareLinks(other, id, candidate.score, target, barScore[candidate.doc] ?? 0) < 0) &&
        ranker.gathers(candidate.doc, doc)
      ) {
        affected.add(other);
        entering.set(other, [...(entering.get(other) ?? []), id]);
      }
    }
  }
  return { targets: [...affected].sort((a, b) => a - b), entering, ranked };
}

/** An article's list from a ranking (`links`, when the run already ranked it). */
function rankedList(
  index: SimilarityIndex,
  ranker: Ranker,
  articleId: number,
  links?: ScoredDoc[],
): StoredLink[] {
  const doc = docOf(index, articleId);
  if (doc < 0) {
    return [];
  }
  return (links ?? ranker.rank(doc)).map((link, r) => ({
    articleId,
    rank: r + 1,
    similarArticleId: index.articleIds[link.doc] ?? 0,
    score: link.score,
    reason: linkReason(index, doc, link.doc),
  }));
}

export interface ListDiff {
  change: ListChange;
  /** Rows the change inserts, updates or deletes. */
  rows: number;
}

export function diffList(
  articleId: number,
  next: StoredLink[],
  stored: StoredLink[],
): ListDiff | null {
  const old = new Map(stored.map((row) => [row.rank, row]));
  const upserts = next.filter((row) => {
    const before = old.get(row.rank);
    return (
      !before ||
      before.similarArticleId !== row.similarArticleId ||
      before.reason !== row.reason ||
      // Half a hundredth of slack absorbs float noise in the stored two-decimal scores.
      Math.abs(before.score - row.score) > SCORE_TOLERANCE + 0.005
    );
  });
  const deleted = stored.filter((row) => row.rank > next.length).length;
  if (upserts.length === 0 && deleted === 0) {
    return null;
  }
  return {
    change: { articleId, upserts, keepRanks: deleted > 0 ? next.length : null },
    rows: upserts.length + deleted,
  };
}

export function decideMode(
  state: SimilarState,
  site: Map<string, string>,
  params: string,
  stats: { rows: number; dirty: number },
): 'full' | 'incremental' {
  if (state.mode !== 'auto') {
    return state.mode;
  }
  const lastFull = site.get(STATE_KEYS.fullAt);
  const corpusChanged =
    site.get(STATE_KEYS.changed) === '1' || Number(site.get(STATE_KEYS.countAtFull)) !== stats.rows;
  const full =
    lastFull === undefined ||
    site.get(STATE_KEYS.params) !== params ||
    stats.dirty > FULL_WHEN_DIRTY_SHARE * stats.rows ||
    (Date.parse(state.asOf) - Date.parse(lastFull) >= FULL_EVERY_MS && corpusChanged);
  return full ? 'full' : 'incremental';
}

async function rank(
  ctx: JobContext<SimilarState>,
  initial: SimilarState,
): Promise<'done' | 'paused'> {
  const { db, config } = ctx;
  if (ctx.pauseReason()) {
    return 'paused';
  }
  const params = similarParams(config.topK);
  const site = await readSiteState(db, Object.values(STATE_KEYS));
  const stats = await featureStats(db);
  let state: SimilarState = { ...initial, mode: decideMode(initial, site, params, stats) };
  if (state.mode === 'incremental' && stats.dirty === 0) {
    // Nothing changed since the links were computed: the usual tick ends here, after three small
    // reads (stale features, site state, counts).
    ctx.note({ mode: state.mode, articles: stats.rows, dirty: 0, targets: 0 });
    return 'done';
  }
  const started = Date.now();
  const loaded = await loadIndex(ctx, stats.rows);
  const { index, all, dirty } = loaded;
  const loadMs = Date.now() - started;
  const ranker = new Ranker(index, { topK: config.topK });
  const full = state.mode === 'full';
  const affected = full ? null : await affectedArticles(ctx, loaded, ranker);
  const targets = (affected?.targets ?? all).filter((id) => id > state.rankAfter);
  const changed = new Set(dirty);
  ctx.note({
    mode: state.mode,
    articles: all.length,
    indexed: index.articleIds.length,
    dirty: dirty.length,
    targets: targets.length,
    indexBytes: index.bytes,
    buildPeakBytes: index.buildPeakBytes,
    // Reading the features and building the index; then, incremental, finding what to write.
    loadMs,
    prepareMs: Date.now() - started,
    entering: affected?.entering.size,
  });
  // Bookkeeping written with the last chunk, in the same batch: the dirty flags are cleared only
  // once every affected list is written, so a run that fails or dies before its end leaves them
  // set and the next run still knows what changed.
  const finish = () => {
    const statements: BatchItem<'sqlite'>[] = dirty.length > 0 ? [clearAllDirty(db)] : [];
    if (full) {
      const values: [string, string][] = [
        // The pass's trigger time, so the next one is due exactly FULL_EVERY_MS later.
        [STATE_KEYS.fullAt, state.asOf],
        [STATE_KEYS.params, params],
        [STATE_KEYS.countAtFull, String(all.length)],
        [STATE_KEYS.changed, '0'],
      ];
      for (const [key, value] of values) {
        if (key === STATE_KEYS.fullAt || site.get(key) !== value) {
          statements.push(writeSiteState(db, key, value));
        }
      }
    }
    return statements;
  };

  if (targets.length === 0) {
    const statements = finish();
    if (statements.length > 0) {
      await ctx.commit({
        phase: 'rank',
        statements,
        rowsWritten: dirty.length,
        processed: 0,
        state,
        changedSlugs: [],
      });
    }
    return 'done';
  }

  let patchedTotal = 0;
  for (let i = 0; i < targets.length; i += config.chunkSize) {
    // At least one chunk per invocation, so a run always advances however tight the budget.
    if (i > 0 && ctx.pauseReason()) {
      return 'paused';
    }
    const ids = targets.slice(i, i + config.chunkSize);
    const { lists: stored, slugs } = await readLists(db, ids);
    const changes: ListChange[] = [];
    let linkRows = 0;
    let patched = 0;
    const breathe = yieldEvery(ctx, YIELD_EVERY_ARTICLES);
    for (const id of ids) {
      await breathe();
      const before = stored.get(id) ?? [];
      let next: StoredLink[] | null = null;
      if (affected && !changed.has(id)) {
        next = patchList(index, ranker, {
          articleId: id,
          stored: before,
          changed,
          entering: affected.entering.get(id) ?? [],
          topK: config.topK,
        });
        patched += next ? 1 : 0;
      }
      next ??= rankedList(index, ranker, id, affected?.ranked.get(id));
      const diff = diffList(id, next, before);
      if (diff) {
        changes.push(diff.change);
        linkRows += diff.rows;
      }
    }
    const last = i + config.chunkSize >= targets.length;
    const statements = [...listWrites(db, changes), ...(last ? finish() : [])];
    state = { ...state, rankAfter: ids[ids.length - 1] ?? state.rankAfter };
    await ctx.commit({
      phase: 'rank',
      statements,
      rowsWritten: linkRows + (last ? dirty.length : 0),
      processed: ids.length,
      state,
      changedSlugs: changes.map((c) => slugs.get(c.articleId) ?? '').filter((slug) => slug !== ''),
      detail: { listsChanged: changes.length, patched },
    });
    patchedTotal += patched;
    // Lists updated in place rather than ranked again, so far in this invocation.
    ctx.note({ patched: patchedTotal });
  }
  return 'done';
}

export const similarJob: Job<SimilarState> = {
  name: 'similar',
  start: (request, now) => ({
    mode: request.mode,
    phase: 'features',
    featuresAfter: 0,
    rankAfter: 0,
    asOf: now.toISOString(),
  }),
  async run(ctx, initial) {
    let state = initial;
    if (state.phase === 'features') {
      const started = Date.now();
      const next = await syncFeatures(ctx, state);
      ctx.note({ featuresMs: Date.now() - started });
      if (next === null) {
        return 'paused';
      }
      state = next;
    }
    return rank(ctx, state);
  },
};
