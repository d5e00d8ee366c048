/**
 * Fills a bench D1 with generated articles without the importer's per-run bookkeeping (reading
 * stored hashes and slug owners back, link resolution, cache invalidation), planning in Node while
 * the runtime writes the previous batch: `npm run bench:cron -- --seed-via plans`.
 *
 * Measured on the loaded 2-core machine (load average 11-14), it was NOT faster: 37 articles a
 * second against 59 for the importer inside workerd (docs/SCALE.md, "How bench:cron measures").
 * Planning costs about 5 ms an article in Node (drizzle builds and renders 7 statements with
 * about 250 values) and a 250-article batch took the runtime about 4 s to write; with both
 * processes fighting for the same busy cores, splitting the work gained nothing. Kept as an
 * option for a machine with idle cores, where planning beside the writes may pay (not measured).
 *
 * The rows are still the importer's own: every article is generated (scripts/lib/generator.ts),
 * parsed (parseSource) and planned (planArticleWrite) exactly as an import does, so the tables,
 * bodies, blocks, tags and search index hold what an import would have stored. What differs is
 * only how they are sent: the database is fresh, so nothing is read back (slug owners are kept in
 * a Map, the way findSlugOwners would have answered), and the plans of many articles go to D1 in
 * one batch (one transaction) while the next ones are planned.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import { drizzle } from 'drizzle-orm/d1';
import { contentHash } from '../../src/content/hash.ts';
import type { ArticleInput } from '../../src/content/types.ts';
import { planArticleWrite, SlugCollisionError } from '../../src/db/article-writer.ts';
import type { Db } from '../../src/db/client.ts';
import * as schema from '../../src/db/schema.ts';
import { type SqlStatement, toStatement } from '../../src/db/sql-statements.ts';
import { parseSource } from '../../src/import/parse-source.ts';
import { generateArticle } from '../lib/generator.ts';

/** Articles per D1 batch: one transaction, a few thousand statements. */
const ARTICLES_PER_BATCH = 250;

export interface SeedProgress {
  stored: number;
  rejected: number;
  statements: number;
}

/**
 * Where a growing corpus stands: which slugs are taken (by source id), so the next articles get
 * the slug the importer would give them. Keep one per database and seed it in steps (0..20,000,
 * then 20,000..200,000, ...).
 */
export class GeneratedCorpus {
  private readonly slugs = new Map<string, string>();
  // Statement builders only: nothing is run through this drizzle instance.
  private readonly builder = drizzle({} as D1Database, { schema }) as unknown as Db;
  readonly progress: SeedProgress = { stored: 0, rejected: 0, statements: 0 };

  constructor(
    /** Runs statements as one transaction (the bench Worker's /__bench/batch). */
    private readonly run: (statements: SqlStatement[]) => Promise<unknown>,
    private readonly seed: number,
    /** The import's clock, as the bench's importer runs use. */
    private readonly now = new Date('2026-04-01T00:00:00Z'),
  ) {}

  private parse(index: number): ArticleInput {
    const text = generateArticle(index, this.seed, { revision: 0 }).text;
    const result = parseSource(`generated/${index}.txt`, new TextEncoder().encode(text));
    if (!result.ok) {
      const problems = result.problems.map((p) => `${p.field}: ${p.message}`).join('; ');
      throw new Error(`generated/${index}.txt (seed ${this.seed}) does not parse: ${problems}`);
    }
    return result.article;
  }

  /** Plans articles from..to-1 into statements, in order, claiming their slugs. */
  private async plan(from: number, to: number): Promise<SqlStatement[]> {
    const inputs: ArticleInput[] = [];
    for (let index = from; index < to; index++) {
      inputs.push(this.parse(index));
    }
    // The hashes are independent: let them run together.
    const hashes = await Promise.all(inputs.map((input) => contentHash(input)));
    const statements: SqlStatement[] = [];
    inputs.forEach((input, k) => {
      try {
        const plan = planArticleWrite(this.builder, input, {
          hash: hashes[k] as string,
          existing: null,
          ownerOf: (slug) => this.slugs.get(slug),
          now: this.now,
        });
        this.slugs.set(plan.result.slug, input.sourceId);
        for (const item of plan.statements as BatchItem<'sqlite'>[]) {
          statements.push(toStatement(item));
        }
        this.progress.stored++;
      } catch (error) {
        if (!(error instanceof SlugCollisionError)) {
          throw error;
        }
        // The importer refuses such an article too; a generated corpus should not have any.
        this.progress.rejected++;
      }
    });
    return statements;
  }

  private async send(statements: SqlStatement[]): Promise<void> {
    if (statements.length === 0) {
      return;
    }
    try {
      await this.run(statements);
    } catch (error) {
      // A keep-alive connection the runtime closed while the next batch was being planned fails
      // before the request is sent (EPIPE, ECONNRESET): send it once more. Had the batch been
      // applied, the retry would fail whole on the articles' unique source ids, not store twice.
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code !== 'EPIPE' && code !== 'ECONNRESET') {
        throw error;
      }
      await this.run(statements);
    }
    this.progress.statements += statements.length;
  }

  /**
   * Stores generated articles from..to-1. The next batch is planned while the previous one is
   * being written.
   */
  async fill(from: number, to: number, onBatch?: (p: SeedProgress) => void): Promise<void> {
    let writing: Promise<void> = Promise.resolve();
    for (let start = from; start < to; start += ARTICLES_PER_BATCH) {
      const statements = await this.plan(start, Math.min(to, start + ARTICLES_PER_BATCH));
      await writing;
      onBatch?.(this.progress);
      writing = this.send(statements);
    }
    await writing;
    onBatch?.(this.progress);
  }
}
