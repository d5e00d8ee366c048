/**
 * The benchmark's database: local D1, migrated, holding a generated corpus imported by the
 * importer. Importing 10,000 articles takes a minute or two, so a loaded database is kept under
 * bench/tmp/ keyed by the corpus size, the seed and a hash of everything that decides what ends up
 * in the tables (migrations, the generator, the importer and writer, the schema); each run works
 * on a copy, so the cached one stays pristine.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { generateArticle } from '../lib/generator.ts';
import type { ImportReply } from './import-worker.ts';
import { applyMigrations } from './migrate.ts';
import { settleRefresh } from './refresh.ts';
import { ROOT, type RunningApp, startApp } from './runtime.ts';

export interface CorpusSpec {
  articles: number;
  seed: number;
  /** The first `revised` articles are stored at revision 1 (the load test's expected end state). */
  revised?: number;
}

export interface CorpusManifest extends CorpusSpec {
  key: string;
  /** Slugs in generator order: slugs[i] belongs to generateArticle(i, seed). */
  slugs: string[];
  /** How long building it took, for the report (0 when it came from the cache). */
  loadSeconds: number;
}

/** Files whose change alters the stored corpus; anything else can reuse a cached database. */
const KEY_SOURCES = [
  'migrations',
  'src/content',
  'src/db',
  'src/import',
  'src/cache/invalidate.ts',
  'src/cache/tags.ts',
  'src/jobs',
  'scripts/bench/import-worker.ts',
  'scripts/bench/refresh.ts',
  'scripts/bench/migrate.ts',
  'scripts/bench/corpus.ts',
];

/** Articles per import: enough to amortise the hop, few enough to report progress. */
const IMPORT_CHUNK = 1000;
/** The import's clock for generated corpora, fixed so that two builds give the same rows. */
export const CORPUS_NOW = '2026-01-01T00:00:00.000Z';
const MANIFEST = 'manifest.json';
/** Cron rounds allowed to finish the first refresh of a corpus. */
const MAX_REFRESH_ROUNDS = 10;

function listFiles(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) {
    return [];
  }
  if (!statSync(full).isDirectory()) {
    return [entry];
  }
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name)))
    .sort();
}

function corpusPrefix(spec: CorpusSpec): string {
  return `a${spec.articles}-s${spec.seed}-${spec.revised ? `r${spec.revised}-` : ''}`;
}

/**
 * The cache key of a corpus: size, seed and the content of every file that shapes it.
 *
 * @example
 * corpusKey({ articles: 10000, seed: 1 }) // 'a10000-s1-3f9c0e12ab'
 */
export function corpusKey(spec: CorpusSpec): string {
  const hash = createHash('sha256');
  for (const file of KEY_SOURCES.flatMap(listFiles)) {
    hash.update(file);
    hash.update(readFileSync(path.join(ROOT, file)));
  }
  return `${corpusPrefix(spec)}${hash.digest('hex').slice(0, 10)}`;
}

export interface GeneratedRange {
  seed: number;
  /** Generator indices [from, from + count). */
  from: number;
  count: number;
  /** 0 for the original articles, 1 for their changed revision. */
  revision: number;
}

/**
 * Imports generated articles (their alphanode text, as files would hold it) in imports of at
 * most IMPORT_CHUNK files, in index order, and returns one outcome per article. A rejected file
 * is an error: generated content must always import.
 *
 * @example
 * const outcomes = await importGenerated(app, { seed: 1, from: 0, count: 1000, revision: 1 }, now);
 */
export async function importGenerated(
  app: RunningApp,
  range: GeneratedRange,
  now: string,
  onProgress?: (done: number) => void,
): Promise<ImportReply['outcomes']> {
  const outcomes: ImportReply['outcomes'] = [];
  const end = range.from + range.count;
  for (let start = range.from; start < end; start += IMPORT_CHUNK) {
    const documents = [];
    for (let i = start; i < Math.min(end, start + IMPORT_CHUNK); i++) {
      const { input, text } = generateArticle(i, range.seed, { revision: range.revision });
      documents.push({ path: `${input.sourceId}.txt`, text });
    }
    const reply = await app.importDocuments({ now, documents });
    const rejected = reply.outcomes.find((o) => o.status === 'rejected');
    if (rejected) {
      throw new Error(`generated article rejected by the importer: ${JSON.stringify(rejected)}`);
    }
    outcomes.push(...reply.outcomes);
    onProgress?.(outcomes.length);
  }
  return outcomes;
}

export interface PrepareOptions {
  /** The bundled app, used to load the corpus. */
  scriptPath: string;
  /** Scratch space for helper bundles. */
  outDir: string;
  /** Where cached corpora live (bench/tmp/corpus). */
  cacheRoot: string;
  /** The `--persist-to` directory the run will use; receives a copy of the corpus. */
  persistTo: string;
  port: number;
  log: (line: string) => void;
}

async function buildCorpus(
  spec: CorpusSpec,
  key: string,
  dir: string,
  options: PrepareOptions,
): Promise<CorpusManifest> {
  const started = performance.now();
  const app = await startApp({
    scriptPath: options.scriptPath,
    persistTo: dir,
    port: options.port,
    outDir: options.outDir,
  });
  try {
    await applyMigrations((await app.mf.getD1Database('DB')) as unknown as D1Database);
    // In index order either way, so article ids are the same as in a corpus revised later.
    const revised = Math.min(spec.revised ?? 0, spec.articles);
    const progress = (offset: number) => (done: number) =>
      options.log(`  imported ${offset + done}/${spec.articles} articles`);
    const outcomes = [
      ...(await importGenerated(
        app,
        { seed: spec.seed, from: 0, count: revised, revision: 1 },
        CORPUS_NOW,
        progress(0),
      )),
      ...(await importGenerated(
        app,
        { seed: spec.seed, from: revised, count: spec.articles - revised, revision: 0 },
        CORPUS_NOW,
        progress(revised),
      )),
    ];
    // Similar links and freshness scores, as the cron would have left them.
    const refreshStarted = performance.now();
    const rounds = await settleRefresh(app, MAX_REFRESH_ROUNDS);
    options.log(
      `  cron refresh settled in ${rounds} round(s), ${((performance.now() - refreshStarted) / 1000).toFixed(0)} s`,
    );
    return {
      ...spec,
      key,
      slugs: outcomes.map((o) => ('slug' in o ? o.slug : '')),
      loadSeconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    await app.dispose();
  }
}

/**
 * Makes `options.persistTo` hold a migrated local D1 with the corpus `spec`, building it (and
 * caching it) when no cached copy with the same key exists.
 *
 * @example
 * const corpus = await prepareCorpus({ articles: 10000, seed: 1 }, options);
 * // corpus.slugs[0] is the slug of generateArticle(0, 1)
 */
export async function prepareCorpus(
  spec: CorpusSpec,
  options: PrepareOptions,
): Promise<CorpusManifest> {
  const key = corpusKey(spec);
  const cached = path.join(options.cacheRoot, key);
  let manifest: CorpusManifest;
  if (existsSync(path.join(cached, MANIFEST))) {
    options.log(`corpus ${key}: cached`);
    manifest = { ...JSON.parse(readFileSync(path.join(cached, MANIFEST), 'utf8')), loadSeconds: 0 };
  } else {
    options.log(
      `corpus ${key}: building ${spec.articles} articles (seed ${spec.seed}` +
        `${spec.revised ? `, first ${spec.revised} at revision 1` : ''})`,
    );
    // Older builds of the same size and seed are stale now; they are large, so drop them.
    const prefix = corpusPrefix(spec);
    for (const entry of existsSync(options.cacheRoot) ? readdirSync(options.cacheRoot) : []) {
      if (entry.startsWith(prefix)) {
        rmSync(path.join(options.cacheRoot, entry), { recursive: true, force: true });
      }
    }
    const building = `${cached}.building`;
    manifest = await buildCorpus(spec, key, building, options);
    writeFileSync(path.join(building, MANIFEST), JSON.stringify(manifest));
    // Renamed only when complete, so an interrupted build is never mistaken for a cached one.
    renameSync(building, cached);
  }
  rmSync(options.persistTo, { recursive: true, force: true });
  cpSync(cached, options.persistTo, { recursive: true });
  return manifest;
}
