/**
 * The import: source files in, articles stored, one outcome per file. Runs wherever a Db does
 * (the Node CLI over Miniflare or wrangler, and the Workers tests over real D1); reading files
 * from disk and printing are the caller's job.
 *
 * Order of work: every file is read, decoded, parsed and validated first (so duplicate ids can be
 * caught before anything is written), then valid articles are written in chunks. Per chunk: one
 * round trip reads the stored hashes, an unchanged article stops there, and each changed article
 * becomes one batch of statements, sent wholly inside one transaction (several articles share a
 * transaction; see runGroups). A rejected file never reaches the database. Last, the cache is
 * invalidated once for every page the changes touched (src/cache/invalidate.ts).
 */
import {
  type InvalidationConfig,
  type InvalidationResult,
  invalidate,
} from '../cache/invalidate.ts';
import { tag, tagsForArticleChange } from '../cache/tags.ts';
import { MAX_FILE_BYTES, sizeProblem } from '../content/decode.ts';
import { contentHash } from '../content/hash.ts';
import type { Skip } from '../content/markdown.ts';
import type { Problem } from '../content/problem.ts';
import type { ArticleInput } from '../content/types.ts';
import { findExistingArticles, findRedirectOwners, findSlugOwners } from '../db/article-lookup.ts';
import {
  type ArticlePlacement,
  type ArticleWritePlan,
  candidateSlugs,
  planArticleWrite,
  SlugCollisionError,
  UnroutableSlugError,
  type WriteStatus,
} from '../db/article-writer.ts';
import type { Db } from '../db/client.ts';
import {
  DEFAULT_ARTICLES_PER_TRANSACTION,
  d1Transaction,
  runGroups,
  type TransactionRunner,
  toStatement,
} from '../db/sql-statements.ts';
import type { MediaStore } from '../media/store.ts';
import { collectMedia, type OpenRelative, putMedia } from './media.ts';
import { parseSource, type SourceResult } from './parse-source.ts';
import { linkTargets, resolveBodies } from './resolve-links.ts';
import {
  attachStubs,
  checkDates,
  checkOldUrls,
  type Parsed,
  postSlugOf,
  type StubFile,
  settleSlugs,
} from './run-checks.ts';
import { expandExports } from './wordpress-documents.ts';

export interface SourceDocument {
  /** The path as the log shows it (and, for Markdown without a slug, the article's id). */
  path: string;
  /**
   * The path relative to the directory it was found in ("inside-rust/all-hands.md"): its folders
   * are the old site's sections. Defaults to `path`.
   */
  relativePath?: string;
  /** Size in bytes, checked against the limit before the file is read. */
  size: number;
  read(): Promise<Uint8Array>;
  /** Already parsed (an item of a WordPress export): used instead of reading and parsing. */
  parsed?: () => SourceResult;
  /**
   * Opens a file the document refers to (an image of a page bundle), by a path relative to the
   * document's folder: null when there is no such file; throws, with the reason, when the path
   * must not be read (outside the imported directory).
   */
  openRelative?: OpenRelative;
}

export type FileOutcome =
  | {
      path: string;
      status: WriteStatus;
      sourceId: string;
      slug: string;
      before: ArticlePlacement | null;
      after: ArticlePlacement;
      /** Stored anyway, but worth the editor's eye (e.g. template syntax removed, with its line). */
      warnings?: Problem[];
    }
  | { path: string; status: 'rejected'; problems: Problem[] }
  | { path: string; status: 'skipped'; kind: string; reason: string };

export interface ImportOptions {
  now?: Date;
  /**
   * How many days after `now` a `date` or `lastmod` may lie (default DEFAULT_FUTURE_DAYS, 1): a
   * later one is rejected, since newest-first listings would show it first until then.
   */
  futureDays?: number;
  /** Parse, validate and decide, but write nothing. */
  dryRun?: boolean;
  /** Where transactions go; by default a D1 batch on the Db's own binding. */
  transaction?: TransactionRunner;
  /** Articles per transaction; each article is always wholly inside one. */
  articlesPerTransaction?: number;
  /** Called once per file, in input order, as soon as its outcome is known. */
  onFile?: (outcome: FileOutcome, done: number, total: number) => void;
  /** Called as files are read and parsed (the first phase, before any outcome is known). */
  onRead?: (read: number, total: number) => void;
  /** Articles per round trip (reads and writes). */
  chunkSize?: number;
  maxFileBytes?: number;
  /** Files read and parsed at once. */
  readConcurrency?: number;
  /** The old site's address(es): absolute links there are links between imported articles. */
  oldSites?: string[];
  /**
   * Cache invalidation after the writes (CF_ZONE_ID / CF_API_TOKEN for the purge). The content
   * generation in D1 is bumped whenever something changed, with or without them.
   */
  cache?: InvalidationConfig;
  /**
   * Where images shown by a relative path go (the MEDIA bucket). Without it, bodies keep such
   * images as written.
   */
  media?: MediaStore;
  /**
   * An image file that does not exist (or lies outside the imported directory): 'warn' (the
   * default) reports it with its file:line and keeps the src as written, so a copy of a site whose
   * images were left behind still imports every post; 'reject' refuses the article instead.
   */
  missingImages?: 'reject' | 'warn';
}

export interface ImportSummary {
  files: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Files that are not articles (section pages, templates, redirect stubs...). */
  skipped: number;
  /** How many files were skipped for each kind of reason ("section page": 3). */
  skippedByKind: Record<string, number>;
  /** Slugs given a folder prefix because two files wanted the same one (settleSlugs). */
  qualifiedSlugs: { path: string; slug: string }[];
  /** Rows D1 reports as written (0 on a dry run, and on a re-run of unchanged files). */
  rowsWritten: number;
  /** Images put into the MEDIA bucket (0 when every one was there already). */
  mediaStored: number;
  elapsedMs: number;
  dryRun: boolean;
  /** Where each created or updated article was listed before and after, for cache invalidation. */
  changes: { before: ArticlePlacement | null; after: ArticlePlacement }[];
  /** What was invalidated: null when nothing changed (or on a dry run). */
  invalidation: InvalidationResult | null;
  /** Set when the writes succeeded but the invalidation did not. */
  invalidationError: string | null;
}

export const DEFAULT_CHUNK_SIZE = 200;

async function readAll(
  documents: readonly SourceDocument[],
  options: ImportOptions,
  reject: (index: number, problems: Problem[]) => void,
  skipped: (index: number, skip: Skip) => void,
): Promise<Parsed[]> {
  const parsed: (Parsed | undefined)[] = new Array(documents.length);
  let next = 0;
  let read = 0;
  const worker = async () => {
    while (next < documents.length) {
      const index = next++;
      const doc = documents[index] as SourceDocument;
      const limit = options.maxFileBytes ?? MAX_FILE_BYTES;
      const tooLarge = sizeProblem(doc.size, limit);
      let result: ReturnType<typeof parseSource>;
      if (doc.parsed) {
        result = doc.parsed();
      } else if (tooLarge) {
        // Refused without reading: the point of the limit is not to load a huge file.
        result = { ok: false, problems: [tooLarge] };
      } else {
        try {
          result = parseSource(doc.path, await doc.read(), limit, doc.relativePath);
        } catch (error) {
          result = {
            ok: false,
            problems: [{ field: 'file', message: `cannot be read: ${(error as Error).message}` }],
          };
        }
      }
      if (result.ok) {
        parsed[index] = {
          index,
          path: doc.path,
          relativePath: doc.relativePath ?? doc.path,
          article: result.article,
          slugFromFile: result.slugFromFile,
          folder: result.folder,
          references: result.references,
          warnings: result.warnings,
          lines: result.lines,
        };
      } else if (result.skip) {
        skipped(index, result.skip);
      } else {
        reject(index, result.problems);
      }
      options.onRead?.(++read, documents.length);
    }
  };
  await Promise.all(Array.from({ length: options.readConcurrency ?? 16 }, worker));
  return parsed.filter((p): p is Parsed => p !== undefined);
}

/** Articles that claim the same id are all refused: which file is right is the editor's call. */
function withoutDuplicates(
  parsed: Parsed[],
  reject: (index: number, problems: Problem[]) => void,
): Parsed[] {
  const byId = new Map<string, Parsed[]>();
  for (const p of parsed) {
    byId.set(p.article.sourceId, [...(byId.get(p.article.sourceId) ?? []), p]);
  }
  return parsed.filter((p) => {
    const twins = byId.get(p.article.sourceId) ?? [];
    if (twins.length === 1) {
      return true;
    }
    const others = twins.filter((t) => t !== p).map((t) => t.path);
    reject(p.index, [
      {
        field: 'source id',
        message: `duplicate source id "${p.article.sourceId}", also in ${others.join(', ')}; expected each article in exactly one file (none of these files was imported)`,
      },
    ]);
    return false;
  });
}

/** Old URLs of `article` that another stored article already has, or whose /posts/ page it is. */
function oldUrlProblems(
  article: ArticleInput,
  urlOwners: Map<string, string>,
  slugOwner: (slug: string) => string | undefined,
): Problem[] {
  const problems: Problem[] = [];
  for (const url of article.redirects ?? []) {
    const owner = urlOwners.get(url);
    const postSlug = postSlugOf(url);
    const page = postSlug === null ? undefined : slugOwner(postSlug);
    if (owner !== undefined && owner !== article.sourceId) {
      problems.push({
        field: 'aliases',
        message: `"${url}" already redirects to article ${owner}; expected each old URL in one article`,
      });
    } else if (page !== undefined && page !== article.sourceId) {
      problems.push({
        field: 'aliases',
        message: `"${url}" would hide the article ${page}; expected an old URL of this article`,
      });
    }
  }
  return problems;
}

function databaseProblem(error: string, slug: string): Problem {
  if (/UNIQUE constraint failed: articles\.slug/i.test(error)) {
    return {
      field: 'slug',
      message: `"${slug}" was taken by another article while this import ran; expected a free slug (nothing was changed)`,
    };
  }
  return {
    field: 'database',
    message: `the write failed and was rolled back, the stored version is unchanged: ${error}`,
  };
}

/**
 * @example
 * const summary = await importDocuments(db, [{ path: 'a.txt', size: bytes.length, read: async () => bytes }]);
 * // summary.created === 1; a second run gives summary.unchanged === 1 and rowsWritten === 0
 */
export async function importDocuments(
  db: Db,
  sourceDocuments: readonly SourceDocument[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  // A WordPress export is one file of many posts: each item is a document of its own.
  const documents = await expandExports(sourceDocuments);
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  const transaction = options.transaction ?? d1Transaction(db.$client);
  const perTransaction = options.articlesPerTransaction ?? DEFAULT_ARTICLES_PER_TRANSACTION;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const summary: ImportSummary = {
    files: documents.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    skipped: 0,
    skippedByKind: {},
    qualifiedSlugs: [],
    rowsWritten: 0,
    mediaStored: 0,
    elapsedMs: 0,
    dryRun,
    changes: [],
    invalidation: null,
    invalidationError: null,
  };

  // Outcomes are reported in input order, as soon as every earlier file is decided.
  const outcomes: (FileOutcome | undefined)[] = new Array(documents.length);
  let reported = 0;
  const decide = (index: number, outcome: FileOutcome) => {
    outcomes[index] = outcome;
    if (outcome.status === 'rejected') {
      summary.rejected++;
    } else if (outcome.status === 'skipped') {
      summary.skipped++;
      summary.skippedByKind[outcome.kind] = (summary.skippedByKind[outcome.kind] ?? 0) + 1;
    } else {
      summary[outcome.status]++;
      if (outcome.status !== 'unchanged') {
        summary.changes.push({ before: outcome.before, after: outcome.after });
      }
    }
  };
  const flush = () => {
    while (reported < outcomes.length && outcomes[reported] !== undefined) {
      options.onFile?.(outcomes[reported] as FileOutcome, reported + 1, documents.length);
      reported++;
    }
  };
  const reject = (index: number, problems: Problem[]) =>
    decide(index, { path: documents[index]?.path ?? '', status: 'rejected', problems });

  const stubs: StubFile[] = [];
  const skipped = (index: number, skip: Skip) => {
    const doc = documents[index];
    if (skip.redirect && doc) {
      stubs.push({
        index,
        path: doc.path,
        relativePath: doc.relativePath ?? doc.path,
        skip: { ...skip, redirect: skip.redirect },
      });
    } else {
      decide(index, {
        path: doc?.path ?? '',
        status: 'skipped',
        kind: skip.kind,
        reason: skip.reason,
      });
    }
  };
  const valid = withoutDuplicates(await readAll(documents, options, reject, skipped), reject);
  checkDates(valid, now, options.futureDays, reject);
  summary.qualifiedSlugs = settleSlugs(valid, reject);
  const stubTargets = attachStubs(valid, stubs, reject);
  for (const stub of stubs) {
    const slug = stubTargets.get(stub.index);
    if (slug !== undefined) {
      decide(stub.index, {
        path: stub.path,
        status: 'skipped',
        kind: stub.skip.kind,
        reason: `${stub.skip.reason}: its URLs redirect to /posts/${slug}`,
      });
    }
  }
  checkOldUrls(valid, reject);
  if (options.media) {
    await collectMedia(
      valid,
      {
        openerOf: (index) => documents[index]?.openRelative,
        textOf: async (index) => {
          try {
            return new TextDecoder().decode(await (documents[index] as SourceDocument).read());
          } catch {
            return null;
          }
        },
        missingImages: options.missingImages ?? 'warn',
      },
      reject,
    );
  }
  resolveBodies(valid, linkTargets(valid, options.oldSites ?? []));
  flush();

  // Slugs claimed or given up by articles of this run, ahead of what the database says: a dry
  // run writes nothing, and later chunks must still see earlier chunks' decisions.
  const claims = new Map<string, string | null>();
  const oldPostTags = new Set<string>();
  const mediaStored = new Set<string>();
  for (let start = 0; start < valid.length; start += chunkSize) {
    const chunk = valid.slice(start, start + chunkSize);
    const hashes = await Promise.all(chunk.map((p) => contentHash(p.article)));
    const existing = await findExistingArticles(
      db,
      chunk.map((p) => p.article.sourceId),
    );
    const changed = chunk.filter(
      (p, i) => existing.get(p.article.sourceId)?.contentHash !== hashes[i],
    );
    const oldUrls = changed.flatMap((p) => p.article.redirects ?? []);
    const [owners, urlOwners] = await Promise.all([
      findSlugOwners(db, [
        ...changed.flatMap((p) => candidateSlugs(p.article)),
        ...oldUrls.map(postSlugOf).filter((s): s is string => s !== null),
      ]),
      findRedirectOwners(db, oldUrls),
    ]);
    const ownerOf = (slug: string) =>
      claims.has(slug) ? (claims.get(slug) ?? undefined) : owners.get(slug);

    const planned: { parsed: Parsed; plan: ArticleWritePlan }[] = [];
    chunk.forEach((parsed, i) => {
      const taken = oldUrlProblems(parsed.article, urlOwners, ownerOf);
      if (taken.length > 0 && changed.includes(parsed)) {
        reject(parsed.index, taken);
        return;
      }
      let plan: ArticleWritePlan;
      try {
        plan = planArticleWrite(db, parsed.article, {
          hash: hashes[i] as string,
          existing: existing.get(parsed.article.sourceId) ?? null,
          ownerOf,
          now,
        });
      } catch (error) {
        if (error instanceof UnroutableSlugError) {
          reject(parsed.index, [
            { field: 'slug', message: `${error.message} (nothing was stored)` },
          ]);
          return;
        }
        if (!(error instanceof SlugCollisionError)) {
          throw error;
        }
        reject(parsed.index, [
          {
            field: 'slug',
            message: `"${error.slug}" already belongs to article ${error.otherSourceId}; expected a slug no other article uses`,
          },
        ]);
        return;
      }
      const { result } = plan;
      if (result.status !== 'unchanged') {
        // A cached 404 at /posts/<x> must go when x becomes an old URL of this article.
        for (const url of parsed.article.redirects ?? []) {
          const postSlug = postSlugOf(url);
          if (postSlug !== null) {
            oldPostTags.add(tag('article', postSlug));
          }
        }
        if (result.before && result.before.slug !== result.slug) {
          claims.set(result.before.slug, null);
        }
        claims.set(result.slug, parsed.article.sourceId);
      }
      planned.push({ parsed, plan });
    });

    const failed = new Set<Parsed>();
    const unwritten = (write: (typeof planned)[number], problems: Problem[]) => {
      failed.add(write.parsed);
      // Nothing was written: the database is right again about both slugs.
      claims.delete(write.plan.result.slug);
      if (write.plan.result.before) {
        claims.delete(write.plan.result.before.slug);
      }
      reject(write.parsed.index, problems);
    };
    let writes = planned.filter((p) => p.plan.statements.length > 0);
    if (!dryRun && options.media && writes.length > 0) {
      // Images first: a stored body must never point at an object that is not there.
      const { failed: mediaFailed, put } = await putMedia(
        options.media,
        writes.map((w) => w.parsed),
        mediaStored,
      );
      summary.mediaStored += put;
      for (const write of writes) {
        const problems = mediaFailed.get(write.parsed);
        if (problems) {
          unwritten(write, problems);
        }
      }
      writes = writes.filter((w) => !mediaFailed.has(w.parsed));
    }
    const results =
      dryRun || writes.length === 0
        ? []
        : await runGroups(
            writes.map((w) => w.plan.statements.map(toStatement)),
            transaction,
            perTransaction,
          );
    writes.forEach((write, i) => {
      const result = results[i];
      if (result && !result.ok) {
        unwritten(write, [databaseProblem(result.error, write.plan.result.slug)]);
      } else if (result?.ok) {
        summary.rowsWritten += result.rowsWritten;
      }
    });
    for (const { parsed, plan } of planned) {
      if (!failed.has(parsed)) {
        decide(parsed.index, {
          path: parsed.path,
          status: plan.result.status,
          sourceId: parsed.article.sourceId,
          slug: plan.result.slug,
          before: plan.result.before,
          after: plan.result.after,
          ...(parsed.warnings?.length ? { warnings: parsed.warnings } : {}),
        });
      }
    }
    flush();
  }
  flush();
  if (!dryRun && summary.changes.length > 0) {
    // Once per run, with every page any change touched: one generation bump, one set of purges.
    const tags = [
      ...summary.changes.flatMap((c) => tagsForArticleChange(c.before, c.after)),
      ...oldPostTags,
    ];
    try {
      summary.invalidation = await invalidate(db, tags, options.cache ?? {});
    } catch (error) {
      summary.invalidationError = error instanceof Error ? error.message : String(error);
    }
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}
