/**
 * Import fuzzing (issue 19): generated Markdown files with odd front matter (YAML, TOML, JSON;
 * wrong types, huge and empty strings, control and invisible characters, bad and far dates) and
 * odd bodies (raw HTML, unclosed fences, template syntax), and alphanode exports with a line
 * replaced, are imported into real D1. Whatever the input, each file ends one of three ways:
 *
 * - rejected with problems that name a field and say what was expected (the report line names
 *   the file), and the article stored before under that id is byte for byte unchanged;
 * - stored whole: article row, body row and tag rows present and equal to what the file says,
 *   and its page answers;
 * - skipped with a reason, nothing stored for it.
 *
 * Bounded and seeded, so a failure replays: fast-check prints the seed and the shrunk input.
 */
import { env, exports } from 'cloudflare:workers';
import fc from 'fast-check';
import { stringify as toToml } from 'smol-toml';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { createDb } from '../../src/db/client.ts';
import { parseSource } from '../../src/import/parse-source.ts';
import { formatOutcome } from '../../src/import/report.ts';
import { type FileOutcome, importDocuments } from '../../src/import/run-import.ts';
import seedText from '../fixtures/alphanode-000989.txt?raw';
import { doc } from './documents.ts';

const db = createDb(env.DB);
const now = new Date('2026-11-01T12:00:00Z');
const SEED = 19_2026;
const RUNS = 40;

/** A control character other than tab and newline; invisible formatting (but an emoji's joiner). */
const CONTROL = /[^\P{Cc}\t\n]/u;
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B\u200C\u2060\uFEFF]/u;

/** Strings that have broken importers: control and invisible characters, markup, huge, empty. */
const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    'a\u0000b',
    'bell\u0007',
    'c1\u0085',
    'Safe\u202Egnp.exe',
    'zero\u200Bwidth',
    '\uFEFFbom',
    '<script>alert(1)</script>',
    '{{< shortcode >}}',
    '"quoted"',
    "it's",
    '---',
    '+++',
    '# heading',
    'x'.repeat(5000),
    'Ω≈ç√',
    '👩\u200D💻',
  ),
);

const oddDate = fc.oneof(
  fc.constantFrom(
    '2024-05-01',
    '2024-02-30',
    '9999-12-31',
    '0000-00-00',
    '2024-05-01T09:30:00Z',
    '2026-11-02',
    '2100-01-01T00:00:00+02:00',
    'yesterday',
    '1970-01-01',
    '',
  ),
  fc.integer({ min: -1e12, max: 1e15 }),
);

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  oddDate,
  fc.boolean(),
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.array(oddString, { maxLength: 4 }),
  fc.dictionary(fc.constantFrom('name', 'rust', 'x'), oddString, { maxKeys: 2 }),
);

/** Mostly a plausible value, sometimes an odd one: so that files are stored as well as refused. */
function mostly<T>(plausible: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: plausible, weight: 4 }, { arbitrary: odd, weight: 1 });
}

/** Keys the conventions read, plus one nobody reads. */
const frontMatterFields = fc.record(
  {
    title: mostly(fc.string({ minLength: 1, maxLength: 60 }), fc.oneof(oddString, oddValue)),
    date: mostly(fc.constantFrom('2024-05-01', '2023-12-31T23:59:59Z', '2019-7-4'), oddDate),
    lastmod: mostly(fc.constant('2024-06-01'), oddDate),
    tags: mostly(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 4 }), oddValue),
    description: mostly(fc.string({ maxLength: 80 }), oddValue),
    draft: mostly(fc.boolean(), oddValue),
    aliases: mostly(fc.constantFrom(['/old/a'], ['/2019/x'], []), oddValue),
    author: mostly(fc.string({ maxLength: 20 }), oddValue),
    reading_time: mostly(fc.integer({ min: 1, max: 60 }), oddValue),
    difficulty: mostly(fc.constantFrom('beginner', 'advanced'), oddValue),
    unknown_key: oddValue,
  },
  { requiredKeys: [] },
);

/** Raw front-matter lines no serialiser writes: escapes, anchors, tags, duplicates, bad syntax. */
const rawYamlLine = fc.constantFrom(
  'title: "esc \\0 nul"',
  'title: "bidi \\u202E"',
  'title: |\n  two\n  lines',
  'title: !!binary aGVsbG8=',
  'title: &a anchored\ndescription: *a',
  'title: dup\ntitle: dup again',
  'date: 9999-12-31',
  'date: 2024-13-45',
  'tags: [a, [b, c]]',
  'tags: {a: 1}',
  '? complex key\n: value',
  'slug: "../../etc/passwd"',
  'slug: "Ünïcödé Slug"',
  ': no key',
  '  bad indent: x',
  'draft: maybe',
);

function serialise(format: 'yaml' | 'toml' | 'json', fields: Record<string, unknown>): string {
  try {
    if (format === 'toml') {
      return `+++\n${toToml(fields)}\n+++\n`;
    }
    if (format === 'json') {
      return `${JSON.stringify(fields, null, 2)}\n`;
    }
  } catch {
    // smol-toml refuses null and mixed arrays: such a file is written as YAML instead.
  }
  return `---\n${toYaml(fields)}---\n`;
}

const frontMatter = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom('yaml', 'toml', 'json') as fc.Arbitrary<'yaml' | 'toml' | 'json'>,
        frontMatterFields,
      )
      .map(([format, fields]) => serialise(format, fields)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.array(rawYamlLine, { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(
        ([lines, withTitle]) =>
          `---\n${withTitle ? 'title: Raw lines\n' : ''}${lines.join('\n')}\n---\n`,
      ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '---\nunclosed: fence\n',
      '+++\ntitle = \n+++\n',
      '{\n  "title": "x",\n}\n',
    ),
  },
);

const bodyPiece = fc.oneof(
  oddString,
  fc.constantFrom(
    '<div onclick="x()">raw <b>html</b></div>',
    '<script>alert(1)</script>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '```rust\nfn main() {',
    '~~~\nunclosed tilde',
    '{{< youtube id >}}',
    '{{ .Site.Title }}',
    '{% raw %}liquid{% endraw %}',
    '# Heading',
    '| a | b |\n|---|\n| 1 |',
    '[link](../other.md) and ![img](./missing.png)',
    '&#0; &#1; &#x202E; &amp;',
    '- item\n  - nested\n1. one',
    '<!-- unclosed comment',
  ),
);
const body = fc.array(bodyPiece, { maxLength: 6 }).map((pieces) => pieces.join('\n\n'));

/** A Markdown file; half of them claim the slug of the article stored before the run. */
const markdownFile = fc
  .tuple(frontMatter, body, fc.boolean(), fc.boolean())
  .map(([fm, text, base, crlf]) => {
    const withSlug = base ? fm.replace(/^(---|\+\+\+)\n/, '$1\nslug: fuzz-base\n') : fm;
    const file = `${withSlug}${text}\n`;
    return crlf ? file.replace(/\n/g, '\r\n') : file;
  });

/** What one stored article is, across the tables the import writes, for "unchanged" checks. */
async function snapshot(sourceId: string) {
  const article = await env.DB.prepare('select * from articles where source_id = ?')
    .bind(sourceId)
    .first<{ id: number } & Record<string, unknown>>();
  if (!article) {
    return null;
  }
  const [body, tags] = await Promise.all([
    env.DB.prepare('select * from article_bodies where article_id = ?').bind(article.id).first(),
    env.DB.prepare(
      'select kind, position, name from article_tags where article_id = ? order by kind, position',
    )
      .bind(article.id)
      .all(),
  ]);
  return { article, body, tags: tags.results };
}

async function runImport(files: { path: string; text: string }[]) {
  const outcomes: FileOutcome[] = [];
  await importDocuments(
    db,
    files.map((f) => doc(f.path, f.text)),
    { now, onFile: (o) => outcomes.push(o) },
  );
  return outcomes;
}

/** The import's promise for one file: a clear rejection with nothing changed, or stored whole. */
async function expectWholeOrNothing(
  outcome: FileOutcome,
  text: string,
  before: Awaited<ReturnType<typeof snapshot>>,
  baseId: string | null,
) {
  const report = formatOutcome(outcome, false);
  if (outcome.status === 'rejected') {
    expect(outcome.problems.length).toBeGreaterThan(0);
    for (const [i, problem] of outcome.problems.entries()) {
      expect(problem.field.trim(), JSON.stringify(problem)).not.toBe('');
      expect(problem.message.trim(), JSON.stringify(problem)).not.toBe('');
      expect(report[i]).toContain(outcome.path);
      if (problem.line !== undefined) {
        expect(Number.isInteger(problem.line) && problem.line >= 1, JSON.stringify(problem)).toBe(
          true,
        );
      }
    }
    if (baseId !== null) {
      expect(await snapshot(baseId)).toEqual(before);
    }
    return;
  }
  if (outcome.status === 'skipped') {
    expect(outcome.reason.trim()).not.toBe('');
    return;
  }
  // Stored: what the file says (parsed again, on its own) is what the tables hold.
  const parsed = parseSource(outcome.path, new TextEncoder().encode(text));
  expect(parsed.ok, report.join('\n')).toBe(true);
  if (!parsed.ok) {
    return;
  }
  const stored = await snapshot(outcome.sourceId);
  expect(stored, `${outcome.path} has no article row`).not.toBeNull();
  expect(stored?.article).toMatchObject({ slug: outcome.slug, title: parsed.article.title });
  expect(stored?.body, `${outcome.path} has no body row`).toMatchObject({
    // An alphanode body is stored as its sections (article-writer.ts bodyOf).
    source: parsed.article.body?.source ?? JSON.stringify(parsed.article.sections),
  });
  const tags = (stored?.tags ?? []).filter((t) => t.kind === 'tag').map((t) => t.name);
  expect(tags).toEqual(parsed.article.tags ?? []);
  // What a reader scans never carries a control or invisible character (validate.ts).
  const scanned = [parsed.article.title, parsed.article.summary, ...(parsed.article.tags ?? [])];
  for (const text of [String(stored?.article.title), String(stored?.article.summary), ...tags]) {
    expect(text, JSON.stringify(scanned)).not.toMatch(CONTROL);
    expect(text, JSON.stringify(scanned)).not.toMatch(INVISIBLE);
  }
  const page = await exports.default.fetch(`https://alphanode.test/posts/${outcome.slug}`);
  expect(page.status, `/posts/${outcome.slug}`).toBe(200);
  expect((await page.text()).includes('\u0000')).toBe(false);
}

describe('import fuzzing: a clear error naming the file, or stored whole, never half', () => {
  const baseId = 'md:fuzz-base';

  beforeAll(async () => {
    const [outcome] = await runImport([
      {
        path: 'fuzz/base.md',
        text: '---\ntitle: The stored base\nslug: fuzz-base\ndate: 2024-01-01\ntags: [kept]\n---\nStored before the fuzzing.\n',
      },
    ]);
    expect(outcome?.status).toBe('created');
  });

  it('Markdown with generated front matter and bodies', async () => {
    let run = 0;
    const seen: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.array(markdownFile, { minLength: 1, maxLength: 3 }), async (texts) => {
        run++;
        const files = texts.map((text, i) => ({ path: `fuzz/${run}-${i}.md`, text }));
        const before = await snapshot(baseId);
        const outcomes = await runImport(files);
        expect(outcomes).toHaveLength(files.length);
        for (const o of outcomes) {
          seen[o.status] = (seen[o.status] ?? 0) + 1;
        }
        // Another file of the run may have replaced the base legitimately (it is then checked
        // as stored whole); otherwise a refused claim on it must leave it as it was.
        const baseReplaced = outcomes.some(
          (o) => (o.status === 'created' || o.status === 'updated') && o.sourceId === baseId,
        );
        for (const [i, outcome] of outcomes.entries()) {
          const claimsBase = !baseReplaced && /slug: fuzz-base/.test(files[i]?.text ?? '');
          await expectWholeOrNothing(
            outcome,
            files[i]?.text ?? '',
            before,
            claimsBase ? baseId : null,
          );
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The generators reach both ends: files stored whole and files refused.
    console.log('fuzz outcomes', seen);
    expect(seen.created ?? 0).toBeGreaterThan(0);
    expect(seen.rejected ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it('valid files whose title, description or tags carry any characters at all', async () => {
    const invisible = fc.constantFrom('\u202E', '\u2066', '\u200B', '\u200D', '\uFEFF', '\u2060');
    const control = fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085');
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 });
    // Half the strings hold only text and invisible characters (stored, cleaned), half anything.
    const hostile = fc.oneof(
      fc.string({ unit: fc.oneof(text, invisible), minLength: 1, maxLength: 12 }),
      fc.string({
        unit: fc.oneof(
          text,
          invisible,
          control,
          fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        ),
        minLength: 1,
        maxLength: 12,
      }),
    );
    let run = 0;
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('yaml', 'toml', 'json') as fc.Arbitrary<'yaml' | 'toml' | 'json'>,
        hostile,
        hostile,
        fc.array(hostile, { maxLength: 3 }),
        async (format, title, description, tags) => {
          run++;
          const text = `${serialise(format, { title: `T ${title}`, description, tags, date: '2024-05-01' })}Body.\n`;
          const path = `fuzz/chars-${run}.md`;
          const [outcome] = await runImport([{ path, text }]);
          expect(outcome).toBeDefined();
          if (outcome) {
            stored += outcome.status === 'created' ? 1 : 0;
            await expectWholeOrNothing(outcome, text, null, null);
          }
        },
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // Invisible characters alone are removed, not refused: some of these files are stored.
    expect(stored).toBeGreaterThan(0);
  }, 120_000);

  it('alphanode exports with one line replaced by odd text', async () => {
    const lines = seedText.split('\n');
    const stored = await runImport([{ path: 'fuzz/seed.txt', text: seedText }]);
    expect(stored[0]?.status).toBe('created');
    const sourceId = stored[0]?.status === 'created' ? stored[0].sourceId : '';
    await fc.assert(
      fc.asyncProperty(fc.nat(lines.length - 1), oddString, async (index, replacement) => {
        const text = lines.map((line, i) => (i === index ? replacement : line)).join('\n');
        const before = await snapshot(sourceId);
        const [outcome] = await runImport([{ path: 'fuzz/seed.txt', text }]);
        expect(outcome).toBeDefined();
        if (outcome) {
          // A replaced line can change the id itself: then the seed's article must be untouched.
          const sameId =
            outcome.status !== 'rejected' &&
            outcome.status !== 'skipped' &&
            outcome.sourceId === sourceId;
          await expectWholeOrNothing(outcome, text, before, sameId ? null : sourceId);
          if (!sameId) {
            expect(await snapshot(sourceId)).toEqual(before);
          }
        }
        // Put the seed back, so each run starts from the same stored article.
        await runImport([{ path: 'fuzz/seed.txt', text: seedText }]);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 120_000);
});
