/**
 * test/ mirrors src/ (and test/scripts/ mirrors scripts/lib/), so a module's tests are found by its
 * path: a test named after a module sits where that module sits (test/observe/d1-session.test.ts
 * for src/observe/d1-session.ts). A test that carries a module's name in another folder fails
 * here, unless it is listed below as a test of a different concern that happens to share the name.
 */
import { describe, expect, it } from 'vitest';

/**
 * Tests that share a module's name but test something else, each with why. The test fails when
 * one of them no longer applies too, so the list only shrinks.
 */
const EXCEPTIONS: readonly { test: string; why: string }[] = [
  {
    test: 'cache/invalidation.test.ts',
    why: 'pages showing new content within the bound, end to end; src/jobs/invalidation.ts is what a job invalidates',
  },
  {
    test: 'import/invalidation.test.ts',
    why: 'what an import invalidates, through the import run',
  },
  {
    test: 'import/conventions.test.ts',
    why: 'site conventions through the import run; test/content/conventions.test.ts tests the module',
  },
  {
    test: 'import/wordpress.test.ts',
    why: 'a WordPress export through the import run (parse, check, write)',
  },
];

// Only the names are needed: a lazy glob lists the files without loading them.
const tests = Object.keys(import.meta.glob('../**/*.test.{ts,tsx}')).map((p) => p.slice(3));
const modules = [
  ...Object.keys(import.meta.glob('../../src/**/*.{ts,tsx}')),
  ...Object.keys(import.meta.glob('../../scripts/lib/*.{ts,tsx}')),
].map((p) => p.slice('../../'.length).replace(/\.tsx?$/, ''));

/** `observe/d1-session.test.ts` → `src/observe/d1-session`; `scripts/x.test.ts` → `scripts/lib/x`. */
function mirrorOf(test: string): string {
  const path = test.replace(/\.test\.tsx?$/, '');
  return path.startsWith('scripts/')
    ? `scripts/lib/${path.slice('scripts/'.length)}`
    : `src/${path}`;
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Tests named after a module that are not at that module's mirrored place. */
function misplaced(): string[] {
  return tests
    .filter((test) => {
      const mirror = mirrorOf(test);
      const sameName = modules.filter((m) => baseName(m) === baseName(mirror));
      return sameName.length > 0 && !sameName.includes(mirror);
    })
    .sort();
}

describe('tests sit where the module they test sits', () => {
  const found = misplaced();
  const allowed = new Set(EXCEPTIONS.map((e) => e.test));

  it('has no test named after a module in another folder, beyond the listed exceptions', () => {
    expect(found.filter((t) => !allowed.has(t))).toEqual([]);
  });

  it('lists only exceptions that still occur', () => {
    expect([...allowed].filter((t) => !found.includes(t))).toEqual([]);
  });

  it('sees the tests and the modules (the check cannot pass by seeing nothing)', () => {
    expect(tests).toContain('observe/d1-session.test.ts');
    expect(modules).toContain('src/observe/d1-session');
    expect(modules).toContain('scripts/lib/generator');
    expect(mirrorOf('scripts/generator.test.ts')).toBe('scripts/lib/generator');
    expect(mirrorOf('job-schedule.test.ts')).toBe('src/job-schedule');
  });
});
