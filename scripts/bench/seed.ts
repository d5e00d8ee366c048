/**
 * Fills a bench D1 with generated articles, planned in Node exactly as the importer plans them, and
 * written straight into the database file (scripts/bench/d1-file.ts): `npm run bench:cron`'s
 * default seeding, about 1.7 ms an article planning on an idle core.
 *
 * The rows are the importer's own: every article is generated (scripts/lib/generator.ts), parsed
 * (parseSource) and planned (planArticleWrite) exactly as an import does, so the tables, bodies,
 * blocks, tags and search index hold what an import would have stored. What differs is only the
 * bookkeeping an import does on a live database: the database is fresh, so nothing is read back
 * (slug owners are kept in a Map, the way findSlugOwners would have answered), and there is no
 * link resolution or cache invalidation.
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

/** Articles per transaction: a few thousand statements. */
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
    /** Runs statements as one transaction (D1File.run). */
    private readonly run: (statements: SqlStatement[]) => unknown,
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

  /** Stores generated articles from..to-1, a transaction per ARTICLES_PER_BATCH. */
  async fill(from: number, to: number, onBatch?: (p: SeedProgress) => void): Promise<void> {
    for (let start = from; start < to; start += ARTICLES_PER_BATCH) {
      const statements = await this.plan(start, Math.min(to, start + ARTICLES_PER_BATCH));
      await this.run(statements);
      this.progress.statements += statements.length;
      onBatch?.(this.progress);
    }
  }
}
