/**
 * Issue 17: a problem with a source file has one shape and one name, `Problem` in
 * src/content/problem.ts. A second declaration of the shape (under any name) fails here.
 */
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob('../../src/**/*.{ts,tsx}', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** An interface or object type with the optional line, the field and the message. */
const SHAPE =
  /\{\s*(?:\/\*\*[^*]*\*\/\s*)?line\?: number;\s*(?:\/\*\*[^*]*\*\/\s*)?field: [^;]+;\s*(?:\/\*\*[^*]*\*\/\s*)?message: string;\s*\}/g;

describe('one problem type', () => {
  it('declares {line?, field, message} once, as Problem in src/content/problem.ts', () => {
    const declared = Object.entries(sources).flatMap(([path, text]) =>
      [...text.matchAll(SHAPE)].map(() => path.replace('../../', '')),
    );
    expect(declared).toEqual(['src/content/problem.ts']);
    expect(sources['../../src/content/problem.ts']).toMatch(/export interface Problem \{/);
  });
});
