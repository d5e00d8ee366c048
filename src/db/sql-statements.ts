/**
 * Plain SQL statements (text + bound values) built from drizzle queries, and how an import sends
 * many articles' batches: several articles per transaction (a commit costs more than the
 * statements), each article wholly inside one transaction, and a failed transaction retried one
 * article at a time so a bad article is refused alone. This is the form that crosses process
 * boundaries: to Miniflare from Node, or into a file for a remote import.
 */
import type { SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** Runs statements as one transaction and returns the rows written; throws if it rolled back. */
export type TransactionRunner = (statements: SqlStatement[]) => Promise<number>;

export type GroupOutcome = { ok: true; rowsWritten: number } | { ok: false; error: string };

/** Articles per transaction unless the caller says otherwise. */
export const DEFAULT_ARTICLES_PER_TRANSACTION = 50;

const dialect = new SQLiteAsyncDialect();

/**
 * @example
 * toStatement(db.delete(articleTags).where(eq(articleTags.articleId, 7)))
 * // { sql: 'delete from "article_tags" where "article_tags"."article_id" = ?', params: [7] }
 */
export function toStatement(item: BatchItem<'sqlite'>): SqlStatement {
  // Query builders and db.run() both expose getSQL(); the dialect turns it into text + values
  // exactly as drizzle's own D1 session would.
  const { sql, params } = dialect.sqlToQuery((item as unknown as { getSQL(): SQL }).getSQL());
  return { sql, params };
}

function message(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * One D1 batch per transaction: D1 runs a batch as a transaction, rolled back as a whole when a
 * statement fails.
 *
 * @example
 * const rows = await d1Transaction(env.DB)([{ sql: 'delete from articles where id = ?', params: [1] }]);
 */
export function d1Transaction(d1: D1Database): TransactionRunner {
  return async (statements) => {
    if (statements.length === 0) {
      return 0;
    }
    const results = await d1.batch(statements.map((s) => d1.prepare(s.sql).bind(...s.params)));
    return results.reduce((sum, r) => sum + (r.meta?.rows_written ?? 0), 0);
  };
}

/**
 * Writes each group (one article's statements) atomically, up to `perTransaction` groups per
 * transaction, in order. When a transaction fails nothing of it was applied, so its groups are
 * run again one per transaction: the failing ones are reported, the others written.
 *
 * @example
 * const outcomes = await runGroups(groups, d1Transaction(env.DB), 50);
 * // outcomes[i].ok === false only for an article whose own batch fails
 */
export async function runGroups(
  groups: readonly SqlStatement[][],
  run: TransactionRunner,
  perTransaction = DEFAULT_ARTICLES_PER_TRANSACTION,
): Promise<GroupOutcome[]> {
  const outcomes: GroupOutcome[] = [];
  const alone = async (group: SqlStatement[]): Promise<GroupOutcome> => {
    try {
      return { ok: true, rowsWritten: await run(group) };
    } catch (error) {
      return { ok: false, error: message(error) };
    }
  };
  for (let start = 0; start < groups.length; start += perTransaction) {
    const slice = groups.slice(start, start + perTransaction);
    if (slice.length === 1) {
      outcomes.push(await alone(slice[0] as SqlStatement[]));
      continue;
    }
    try {
      const rowsWritten = await run(slice.flat());
      // D1 counts rows per transaction; the first article carries the count.
      for (let k = 0; k < slice.length; k++) {
        outcomes.push({ ok: true, rowsWritten: k === 0 ? rowsWritten : 0 });
      }
    } catch {
      for (const group of slice) {
        outcomes.push(await alone(group));
      }
    }
  }
  return outcomes;
}
