/**
 * npm run bench:similar [-- --corpus DIR] [--keep]
 * How good the similar-posts lists are on a real blog, end to end, scored against what its
 * authors linked themselves (docs/JOBS.md, "Quality on real blogs"):
 *   1. copies the corpus (default: shared/corpora/rust-blog, found above the working directory)
 *      with its post-to-post links removed (strip-links.mjs): the score must come from the text,
 *      not from the links it is scored against;
 *   2. imports the copy with `npm run import` into a fresh local D1 under bench/tmp/similar;
 *   3. runs a full refresh of the similar job on it;
 *   4. exports the lists with `npm run similar:export`;
 *   5. scores them with score-similar.mjs and prints coverage3 and linkRecall@5 beside the
 *      corpus README's references and the targets.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runJobs } from '../src/jobs/scheduled.ts';
import { openLocalD1 } from './lib/local-d1.ts';
import type { SimilarExport } from './lib/similar-export.ts';
import { readD1Config } from './lib/wrangler-config.ts';

const { values } = parseArgs({
  options: { corpus: { type: 'string' }, keep: { type: 'boolean', default: false } },
});

function fail(message: string): never {
  console.error(`bench:similar: ${message}`);
  process.exit(2);
}

/** shared/corpora/<name> in the working directory or the nearest folder above it that has one. */
function findCorpora(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'corpora');
    if (existsSync(path.join(candidate, 'score-similar.mjs'))) {
      return candidate;
    }
    if (path.dirname(dir) === dir) {
      return fail('no shared/corpora folder above the working directory; pass --corpus DIR');
    }
  }
}

const corpus = path.resolve(values.corpus ?? path.join(findCorpora(), 'rust-blog'));
const tools = path.dirname(corpus);
for (const file of [
  path.join(corpus, 'links.json'),
  path.join(tools, 'strip-links.mjs'),
  path.join(tools, 'score-similar.mjs'),
]) {
  if (!existsSync(file)) {
    fail(
      `${file} is missing; expected a corpus folder with content/ and links.json beside strip-links.mjs and score-similar.mjs`,
    );
  }
}

const ROOT = path.join('bench', 'tmp', 'similar');
const copy = path.join(ROOT, 'corpus');
const state = path.join(ROOT, 'state');
const exported = path.join(ROOT, 'export.json');
const lists = path.join(ROOT, 'lists.json');
rmSync(ROOT, { recursive: true, force: true });
mkdirSync(ROOT, { recursive: true });

const run = (command: string, args: string[]) =>
  execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const step = (text: string) => console.log(`bench:similar: ${text}`);

step(`copying ${corpus} without its links between posts`);
console.log(
  `  ${run('node', [path.join(tools, 'strip-links.mjs'), '--corpus', corpus, '--out', copy]).trim()}`,
);

step('importing the copy into a fresh local D1');
const contentDir = path.join(copy, 'content');
try {
  const summary = run('npx', [
    'tsx',
    'scripts/import.ts',
    '--persist-to',
    state,
    '--quiet',
    contentDir,
  ]);
  console.log(summary.trim().replace(/^/gm, '  '));
} catch (error) {
  // Exit status 1: some files were rejected, the rest imported; the summary says which.
  const out = (error as { stdout?: string; status?: number }).stdout ?? '';
  console.log(out.trim().replace(/^/gm, '  '));
  if ((error as { status?: number }).status !== 1) {
    fail('the import could not run');
  }
}

step('full refresh of the similar job');
const local = await openLocalD1(readD1Config('wrangler.toml'), { persistTo: state });
try {
  const started = performance.now();
  for (let invocation = 1; ; invocation++) {
    const [outcome] = await runJobs(
      { DB: local.db.$client } as unknown as Env,
      ['similar'],
      { trigger: 'bench:similar', mode: 'full' },
      new Date(),
    );
    if (outcome?.status === 'failed') {
      fail(`the similar job failed: ${outcome.error}`);
    }
    if (outcome?.status !== 'partial') {
      console.log(
        `  ${outcome?.processed} lists in ${((performance.now() - started) / 1000).toFixed(1)} s, ${outcome?.rowsWritten} rows written`,
      );
      break;
    }
    if (invocation > 20) {
      fail('the refresh did not finish within 20 invocations');
    }
  }
} finally {
  await local.dispose();
}

step('exporting the lists');
console.log(
  `  ${run('npx', ['tsx', 'scripts/similar-export.ts', '--persist-to', state, '--out', exported]).trim()}`,
);

/** The post key score-similar.mjs uses: the path under content/ without .md or /index. */
function postKey(source: string): string | null {
  const relative = path.relative(path.resolve(contentDir), path.resolve(source));
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return null;
  }
  return relative
    .split(path.sep)
    .join('/')
    .replace(/\.md$/, '')
    .replace(/\/index$/, '');
}
const { articles } = JSON.parse(readFileSync(exported, 'utf8')) as SimilarExport;
const keyOfSlug = new Map<string, string>();
for (const article of articles) {
  const key = postKey(article.source);
  if (key !== null) {
    keyOfSlug.set(article.slug, key);
  }
}
const byKey: Record<string, string[]> = {};
for (const article of articles) {
  const key = keyOfSlug.get(article.slug);
  if (key !== undefined) {
    byKey[key] = article.similar.map((slug) => keyOfSlug.get(slug) ?? `?${slug}`);
  }
}
writeFileSync(lists, JSON.stringify(byKey));

step("scoring against the authors' own links");
const score = JSON.parse(
  run('node', [path.join(tools, 'score-similar.mjs'), '--corpus', copy, lists, '--json']),
) as Record<string, number>;
const rows: [string, string, string, string][] = [
  ['the 5 newest posts', '1.000', '0.000', '0'],
  ['5 random posts', '1.000', '0.002', '3'],
  ['plain TF-IDF (corpus README)', '1.000', '0.418', '451'],
  ['target', '≥ 0.950', '≥ 0.500', ''],
  [
    'this job',
    (score.coverage3 ?? 0).toFixed(3),
    (score['linkRecall@5'] ?? 0).toFixed(3),
    String(score.linkHits ?? 0),
  ],
];
console.log(
  `  ${'lists'.padEnd(30)} ${'coverage3'.padStart(9)} ${'linkRecall@5'.padStart(12)} ${'linkHits'.padStart(8)}`,
);
for (const [name, c3, recall, hits] of rows) {
  console.log(`  ${name.padEnd(30)} ${c3.padStart(9)} ${recall.padStart(12)} ${hits.padStart(8)}`);
}
console.log(
  `  ${score.posts} posts (${Object.keys(byKey).length} imported), ${score.postsWithLinkedNeighbours} with linked neighbours, coverage1 ${score.coverage1}, mean list ${score.meanListLength}`,
);
const met = (score.coverage3 ?? 0) >= 0.95 && (score['linkRecall@5'] ?? 0) >= 0.5;
console.log(`bench:similar: targets ${met ? 'met' : 'NOT met'}`);
if (!values.keep) {
  rmSync(state, { recursive: true, force: true });
}
