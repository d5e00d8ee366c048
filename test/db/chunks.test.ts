import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  findExistingArticles,
  findRedirectOwners,
  findSlugOwners,
} from '../../src/db/article-lookup.ts';
import { batchAll, chunkForParams, inChunks } from '../../src/db/chunks.ts';
import { createDb, type Db } from '../../src/db/client.ts';
import {
  counterUpdates,
  insertTerms,
  postingDeletes,
  readBars,
  readFeaturesOf,
  termIds,
} from '../../src/db/fanout-queries.ts';
import { freshnessUpdates } from '../../src/db/freshness-queries.ts';
import { D1_MAX_BOUND_PARAMETERS, MAX_TEXT_CHARS_PER_INSERT } from '../../src/db/limits.ts';
import { renderUpdates } from '../../src/db/render-queries.ts';
import {
  deleteFeatures,
  listWrites,
  readLinkers,
  readLists,
} from '../../src/db/similar-queries.ts';
import { recordingD1 } from '../jobs/recording-d1.ts';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('inChunks', () => {
  it('fills each list up to the limit less the other parameters, in order', () => {
    const ids = range(250);
    const chunks = inChunks(ids, 1);
    expect(chunks.map((c) => c.length)).toEqual([99, 99, 52]);
    expect(chunks.flat()).toEqual(ids);
    expect(inChunks(ids).map((c) => c.length)).toEqual([100, 100, 50]);
    expect(inChunks([], 3)).toEqual([]);
  });

  it('refuses a statement with no room left for a value', () => {
    expect(() => inChunks([1], D1_MAX_BOUND_PARAMETERS)).toThrow(/no room for one value/);
  });
});

describe('chunkForParams', () => {
  it('puts at most 100 / paramsPerRow rows in a chunk', () => {
    const chunks = chunkForParams(range(45), 4);
    expect(chunks.map((c) => c.length)).toEqual([25, 20]);
    expect(chunks.flat()).toEqual(range(45));
  });

  it('starts a new chunk before the text would pass what one inlined statement carries', () => {
    const long = 'x'.repeat(MAX_TEXT_CHARS_PER_INSERT / 2 + 1);
    const rows = [long, 'short', long, long];
    const chunks = chunkForParams(rows, 2, (row) => row);
    expect(chunks).toEqual([[long, 'short'], [long], [long]]);
    // A row longer than the budget still goes, alone.
    expect(chunkForParams(['y'.repeat(MAX_TEXT_CHARS_PER_INSERT + 1)], 2, (r) => r)).toHaveLength(
      1,
    );
  });
});

describe('every query module that binds a list', () => {
  // Far more keys than one statement may bind, so each builder has to split them.
  const ids = range(1_000);
  const keys = ids.map((i) => `key-${i}`);

  const cases: [string, (db: Db) => Promise<unknown>][] = [
    ['findExistingArticles', (db) => findExistingArticles(db, keys)],
    ['findSlugOwners', (db) => findSlugOwners(db, keys)],
    ['findRedirectOwners', (db) => findRedirectOwners(db, keys)],
    [
      'freshnessUpdates',
      (db) =>
        batchAll(
          db,
          freshnessUpdates(
            db,
            ids.map((id) => ({ id, score: 80 })),
          ),
        ),
    ],
    ['renderUpdates', (db) => batchAll(db, renderUpdates(db, 9, [], ids))],
    ['readLinkers', (db) => readLinkers(db, ids)],
    ['readLists', (db) => readLists(db, ids)],
    [
      'listWrites',
      (db) =>
        batchAll(
          db,
          listWrites(
            db,
            ids.map((articleId) => ({ articleId, upserts: [], keepRanks: 3 })),
          ),
        ),
    ],
    ['deleteFeatures', (db) => deleteFeatures(db, ids)],
    [
      'counterUpdates',
      (db) => batchAll(db, counterUpdates(db, 'df', new Map(ids.map((id) => [id, 1])))),
    ],
    ['postingDeletes', (db) => batchAll(db, postingDeletes(db, 7, ids))],
    ['readFeaturesOf', (db) => readFeaturesOf(db, ids)],
    ['readBars', (db) => readBars(db, ids, 5)],
    [
      'insertTerms and termIds',
      (db) => batchAll(db, [...insertTerms(db, keys), ...termIds(db, keys)]),
    ],
  ];

  it.each(cases)('%s binds at most 100 parameters a statement, and uses them', async (_, run) => {
    const recorder = recordingD1(env.DB);
    await run(createDb(recorder.db));
    const params = recorder.statements.map((s) => s.params);
    expect(params.length).toBeGreaterThan(1);
    expect(Math.max(...params)).toBeLessThanOrEqual(D1_MAX_BOUND_PARAMETERS);
    // The lists are filled: a statement reaches the limit less at most one spare parameter.
    expect(Math.max(...params)).toBeGreaterThanOrEqual(D1_MAX_BOUND_PARAMETERS - 1);
  });
});
