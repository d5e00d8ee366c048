import { describe, expect, it } from 'vitest';
import { BadMessageError, parseMessage } from '../../../src/jobs/fanout/messages.ts';

const message = {
  run: 7,
  phase: 'rank',
  part: 3,
  from: 2000,
  to: 3000,
  mode: 'full',
  articles: 20000,
  maxArticleId: 20412,
};

describe('parseMessage', () => {
  it('reads a part message as sent', () => {
    expect(parseMessage(structuredClone(message))).toEqual(message);
  });

  it('takes a message from a run started before ranking version 4 (no maxArticleId) as span 0', () => {
    const { maxArticleId: _, ...old } = message;
    expect(parseMessage(structuredClone(old)).maxArticleId).toBe(0);
  });

  it('refuses a message with a bad field, naming it', () => {
    expect(() => parseMessage({ ...message, maxArticleId: -1 })).toThrow(BadMessageError);
    expect(() => parseMessage({ ...message, maxArticleId: 1.5 })).toThrow(/"maxArticleId"/);
    expect(() => parseMessage({ ...message, phase: 'index' })).toThrow(/"phase"/);
    expect(() => parseMessage(null)).toThrow(/expected an object/);
  });
});
