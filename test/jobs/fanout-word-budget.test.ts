/**
 * The fan-out and the single-isolate refresh give the same lists when the word budget cuts
 * articles' stored words: the condition of large corpora (RAW_WORD_BUDGET divided by the article
 * count falls below the words an article stores: past about 7,400 generated articles), provoked
 * here on 300 articles with a smaller SIMILAR_RAW_WORD_BUDGET. Both paths must weigh a word by
 * the same document frequency: the one similar_terms.df counts, over every stored word.
 */
import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import worker from '../../src/index.ts';
import { jobsConfig } from '../../src/jobs/config.ts';
import { startFanout } from '../../src/jobs/fanout/coordinator.ts';
import type { PartMessage } from '../../src/jobs/fanout/messages.ts';
import { RAW_WORD_BUDGET } from '../../src/jobs/similarity-index.ts';
import {
  db,
  expectSameLinks,
  type Lists,
  lastRun,
  lists,
  RecordingQueue,
  SIMILAR_CRON,
  store,
  tick,
} from './helpers.ts';

const SIZE = 300;
/** 40 stored words read an article at 300 articles; a generated article stores about 107. */
const KNOBS = { SIMILAR_RAW_WORD_BUDGET: String(SIZE * 40), SIMILAR_PART_SIZE: '150' };

let single: Lists;
let unbudgeted: Lists;

describe('word budget in both refresh paths', () => {
  beforeAll(async () => {
    await store(Array.from({ length: SIZE }, (_, i) => generateArticle(i, 11).input));
    await tick(SIMILAR_CRON, '2026-03-02T00:00:00Z', { SIMILAR_FANOUT: 'off' });
    unbudgeted = await lists();
    // The same features, ranked again in full with the budget.
    const response = await worker.fetch(
      new Request('http://localhost/admin/refresh?job=similar&mode=full', {
        method: 'POST',
        headers: { authorization: 'Bearer test-admin-token' },
      }),
      { ...env, ...KNOBS, SIMILAR_FANOUT: 'off' },
      createExecutionContext(),
    );
    expect(response.status).toBe(200);
    single = await lists();
  }, 120_000);

  it('the budget cuts words (the lists move), and the fan-out gives the single-isolate lists', async () => {
    // The condition is provoked: with the budget, the single-isolate lists are not the unbudgeted ones.
    const moved = Object.keys(single).filter(
      (id) =>
        JSON.stringify(single[Number(id)]?.map((l) => l.target)) !==
        JSON.stringify(unbudgeted[Number(id)]?.map((l) => l.target)),
    );
    expect(moved.length).toBeGreaterThan(0);
    expect(Object.keys(single).length).toBeGreaterThan(SIZE * 0.9);

    const queue = new RecordingQueue();
    const testEnv = {
      ...env,
      ...KNOBS,
      SIMILAR_FANOUT: 'on',
      SIMILAR_QUEUE: queue as unknown as Queue,
    };
    const outcome = await startFanout(
      { db, config: jobsConfig(testEnv), queue: queue as unknown as Queue<PartMessage> },
      { trigger: 'admin', mode: 'full' },
      new Date('2026-03-03T00:00:00Z'),
    );
    expect(outcome.status).toBe('running');
    for (let round = 0; round < 20 && queue.sent.length > 0; round++) {
      const messages = queue.take();
      const batch = createMessageBatch(
        'alphanode-similar',
        messages.map((body, i) => ({
          id: `m${round}-${i}`,
          timestamp: new Date(),
          attempts: 1,
          body,
        })),
      );
      const ctx = createExecutionContext();
      await worker.queue(batch, testEnv, ctx);
      await waitOnExecutionContext(ctx);
      expect((await getQueueResult(batch, ctx)).retryMessages).toEqual([]);
    }
    const run = await lastRun('similar');
    expect(run?.id).toBe(outcome.runId);
    expect(run?.status).toBe('success');
    expectSameLinks(await lists(), single);
  }, 120_000);

  it('refuses a malformed budget, naming the knob', () => {
    expect(() => jobsConfig({ SIMILAR_RAW_WORD_BUDGET: '10' })).toThrow(
      'SIMILAR_RAW_WORD_BUDGET must be a whole number from 1000 to 1000000000, got "10"',
    );
    expect(jobsConfig({}).rawWordBudget).toBe(RAW_WORD_BUDGET);
  });
});
