import { describe, expect, it } from 'vitest';
import committed from '../../docs/DATA_MODEL.md?raw';
import { renderDataModel, TABLE_PURPOSES } from '../../scripts/lib/schema-doc.ts';

describe('docs/DATA_MODEL.md', () => {
  it('matches the schema (run `npm run docs:schema` when this fails)', () => {
    expect(committed).toBe(renderDataModel());
  });

  it('describes every table', () => {
    expect(renderDataModel()).not.toContain('(no description)');
    expect(Object.keys(TABLE_PURPOSES).length).toBeGreaterThanOrEqual(9);
  });
});
