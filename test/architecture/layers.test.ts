/**
 * The house's one-way flow, checked on every `npm test`: each folder of src/ may import only the
 * folders listed for it below. A new import that goes against the flow (a query module reaching
 * into a route, the cache middleware importing a route, a page querying D1) fails here with the
 * file and the import named. The table is the architecture described in the README's layout.
 */
import { describe, expect, it } from 'vitest';

/**
 * What each folder may import besides itself. `.` is the top of src/: the entry and app (which
 * wire everything) and the small shared modules every folder may use (app-env, site, response
 * headers, the admin token, the job schedule).
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  '.': ['cache', 'content', 'db', 'import', 'jobs', 'media', 'observe', 'pages', 'routes'],
  observe: ['.', 'db'],
  cache: ['.', 'db', 'content', 'pages'],
  routes: ['.', 'db', 'media', 'pages', 'jobs', 'observe', 'content'],
  jobs: ['.', 'db', 'content', 'cache', 'observe'],
  import: ['.', 'db', 'media', 'content', 'cache'],
  pages: ['.', 'content', 'db'],
  db: ['content'],
  // The R2 image store, beside db/ as the other store: routes read it, the import writes it.
  media: [],
  content: [],
  // Ambient declarations for untyped packages: they import nothing of ours.
  types: [],
};

/**
 * Imports known to go against the flow, each with why it is still there. The test fails when one
 * of them disappears too, so the list only shrinks.
 */
const EXCEPTIONS: readonly { import: string; why: string }[] = [];

// Vite reads every source file when it builds the test, so the check needs no file system in
// workerd (where the tests run).
const sources = import.meta.glob('../../src/**/*.{ts,tsx}', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const ROOT = '../../src/';

/** `routes/articles.tsx` → `routes`; a file directly in src/ → `.`. */
function folderOf(path: string): string {
  const parts = path.slice(ROOT.length).split('/');
  return parts.length > 1 ? (parts[0] as string) : '.';
}

/** The path of `specifier` imported from the file at `from`, both relative to this test. */
function resolve(from: string, specifier: string): string {
  const stack = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') {
      stack.pop();
    } else if (part !== '.') {
      stack.push(part);
    }
  }
  // Collapse the leading `..` of this test's own location back in.
  return stack.join('/');
}

/** Static imports, re-exports, side-effect imports and dynamic import() of relative paths. */
const IMPORT = /(?:^(?:import|export)[^'"]*?from\s*|^import\s*|import\(\s*)'(\.{1,2}\/[^']+)'/gm;

function findViolations(): string[] {
  const found: string[] = [];
  for (const [path, text] of Object.entries(sources)) {
    const from = folderOf(path);
    for (const match of text.matchAll(IMPORT)) {
      const target = resolve(path, match[1] as string);
      if (!target.startsWith(ROOT)) {
        continue;
      }
      const to = folderOf(target);
      if (to !== from && !(MAY_IMPORT[from] ?? []).includes(to)) {
        found.push(`src/${path.slice(ROOT.length)} → src/${target.slice(ROOT.length)}`);
      }
    }
  }
  return found.sort();
}

describe('imports between src/ folders follow the one-way flow', () => {
  const violations = findViolations();
  const allowed = new Set(EXCEPTIONS.map((e) => e.import));

  it('has no import against the flow beyond the listed exceptions', () => {
    expect(violations.filter((v) => !allowed.has(v))).toEqual([]);
  });

  it('lists only exceptions that still occur', () => {
    expect([...allowed].filter((e) => !violations.includes(e))).toEqual([]);
  });

  it('knows every folder', () => {
    const folders = new Set(Object.keys(sources).map(folderOf));
    expect([...folders].filter((f) => !(f in MAY_IMPORT))).toEqual([]);
  });

  it('reads the sources (the check cannot pass by seeing nothing)', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    expect(folderOf(`${ROOT}routes/articles.tsx`)).toBe('routes');
    expect(resolve(`${ROOT}cache/middleware.ts`, '../routes/site.ts')).toBe(
      `${ROOT}routes/site.ts`,
    );
  });
});
