import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { countD1Calls } from '../../src/observe/d1-counter.ts';

describe('countD1Calls', () => {
  it('counts each round trip once, a batch of many statements as one', async () => {
    const usage = { calls: 0, durationMs: 0 };
    const db = countD1Calls(env.DB, usage);
    await db.prepare('select 1 as one').first();
    await db.prepare('select ?1 as v').bind(2).all();
    expect(usage.calls).toBe(2);
    const results = await db.batch([
      db.prepare('select 1 as a'),
      db.prepare('select ? as b').bind('x'),
      db.prepare('select count(*) as n from articles'),
    ]);
    expect(usage.calls).toBe(3);
    expect(results[1]?.results).toEqual([{ b: 'x' }]);
    expect(usage.durationMs).toBeGreaterThanOrEqual(0);
  });
});
