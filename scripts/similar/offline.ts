/**
 * npm run similar:offline -- --corpus DIR [--out lists.json] [--k 5]
 * Ranks a Markdown corpus (a folder with content/, as in ../shared/corpora) with the importer's
 * parsing and the similar job's own feature extraction and ranking (src/jobs), in memory, without
 * D1: the fast loop for tuning the model. Prints the lists' score (score-similar.mjs) when the corpus has a links.json.
 * `npm run bench:similar` measures the same thing end to end, through the importer and the job.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseMarkdown } from '../../src/content/markdown.ts';
import {
  extractFeatures,
  type FeatureSource,
  featureSourceOf,
} from '../../src/db/similar-features.ts';
import { linkReason } from '../../src/jobs/similar-reason.ts';
import { docOf, SimilarityIndexBuilder } from '../../src/jobs/similarity-index.ts';
import { Ranker } from '../../src/jobs/similarity-rank.ts';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    out: { type: 'string', default: '/tmp/similar-offline.json' },
    k: { type: 'string', default: '5' },
    show: { type: 'string' },
  },
});
if (!values.corpus) {
  console.error('usage: similar:offline -- --corpus DIR [--out lists.json] [--k 5] [--show KEY]');
  process.exit(2);
}
const corpus = values.corpus;
const contentDir = path.join(corpus, 'content');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? walk(p) : e.name.endsWith('.md') ? [p] : [];
    });
}

/** The post key score-similar.mjs uses: the path under content/ without .md or /index. */
export function postKey(file: string): string {
  return path
    .relative(contentDir, file)
    .split(path.sep)
    .join('/')
    .replace(/\.md$/, '')
    .replace(/\/index$/, '');
}

interface Post {
  key: string;
  source: FeatureSource;
}

/** A post as the importer reads it (front matter conventions, body, summary, dates). */
function readPost(file: string): Post | null {
  const relativePath = path.relative(contentDir, file).split(path.sep).join('/');
  const result = parseMarkdown(readFileSync(file, 'utf8'), file, { relativePath });
  if (!result.ok || !('article' in result)) {
    return null; // skipped (section pages) or rejected: the importer would not store it either
  }
  return { key: postKey(file), source: featureSourceOf(result.article) };
}

const posts = walk(contentDir)
  .map(readPost)
  .filter((p): p is Post => p !== null);
const builder = new SimilarityIndexBuilder(posts.length);
posts.forEach((p, i) => {
  builder.add(i + 1, extractFeatures(p.source));
});
const index = builder.build();
const ranker = new Ranker(index, { topK: Number(values.k) });
const lists: Record<string, string[]> = {};
const scores: number[] = [];
const third: number[] = [];
posts.forEach((p, i) => {
  const doc = docOf(index, i + 1);
  const links = ranker.rank(doc);
  lists[p.key] = links.map((l) => posts[(index.articleIds[l.doc] ?? 0) - 1]?.key ?? '');
  scores.push(...links.map((l) => l.score));
  third.push(links[2]?.score ?? 0);
  if (values.show === p.key) {
    for (const l of links) {
      console.log(
        `${l.score.toFixed(2)} ${posts[(index.articleIds[l.doc] ?? 0) - 1]?.key}: ${linkReason(index, doc, l.doc)}`,
      );
    }
  }
});
writeFileSync(values.out ?? '', JSON.stringify(lists));
scores.sort((a, b) => a - b);
const q = (f: number) => scores[Math.floor(f * (scores.length - 1))]?.toFixed(2);
third.sort((a, b) => a - b);
const q3 = (f: number) => third[Math.floor(f * (third.length - 1))]?.toFixed(2);
console.log(
  `third link's score p1 ${q3(0.01)} p5 ${q3(0.05)} p10 ${q3(0.1)} p50 ${q3(0.5)}; ${posts.length} posts, ${index.docTerms.length} index entries; link scores p10 ${q(0.1)} p50 ${q(0.5)} p90 ${q(0.9)}`,
);
if (existsSync(path.join(corpus, 'links.json'))) {
  const scorer = path.join(path.dirname(path.resolve(corpus)), 'score-similar.mjs');
  const script = existsSync(scorer) ? scorer : '/work/shared/corpora/score-similar.mjs';
  process.stdout.write(
    execFileSync('node', [script, '--corpus', corpus, values.out ?? ''], { encoding: 'utf8' }),
  );
}
