/**
 * Plain SQL statements (text + bound values) built from drizzle queries, and a runner that sends
 * many groups of them, each group as one atomic D1 batch. This is the form an import ships
 * across process boundaries: to Miniflare from Node, or into a file for a remote import.
 */
import type { SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

export type GroupOutcome = { ok: true; rowsWritten: number } | { ok: false; error: string };

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
 * Runs each group as one D1 batch, in order. A batch is a transaction: a failing statement rolls
 * back its whole group, and the next group still runs.
 *
 * @example
 * const [outcome] = await runAtomicGroups(env.DB, [[{ sql: 'delete from articles where id = ?', params: [1] }]]);
 * // outcome.ok === true, outcome.rowsWritten === rows D1 reports as written
 */
export async function runAtomicGroups(
  d1: D1Database,
  groups: readonly SqlStatement[][],
): Promise<GroupOutcome[]> {
  const outcomes: GroupOutcome[] = [];
  for (const group of groups) {
    if (group.length === 0) {
      outcomes.push({ ok: true, rowsWritten: 0 });
      continue;
    }
    try {
      const results = await d1.batch(group.map((s) => d1.prepare(s.sql).bind(...s.params)));
      const rowsWritten = results.reduce((sum, r) => sum + (r.meta?.rows_written ?? 0), 0);
      outcomes.push({ ok: true, rowsWritten });
    } catch (error) {
      outcomes.push({ ok: false, error: message(error) });
    }
  }
  return outcomes;
}
