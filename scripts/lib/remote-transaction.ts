/**
 * A transaction on the deployed database: the statements written out as a SQL file and run by
 * `wrangler d1 execute --remote --file`. D1's import API applies a file as one unit (wrangler:
 * "if the execution fails to complete, your DB will return to its original state"), which is
 * what runGroups needs from a transaction. No Node imports: the Workers tests run it with a file
 * runner backed by real D1.
 */

import type { TransactionRunner } from '../../src/db/sql-statements.ts';
import { renderSqlFile } from './inline-sql.ts';

export type FileRun = { ok: true; rowsWritten: number } | { ok: false; error: string };

/** Runs one SQL file atomically on the remote database. */
export type FileRunner = (sql: string) => Promise<FileRun>;

/** Articles per file: fewer files means fewer wrangler runs; the database is busy during each. */
export const DEFAULT_ARTICLES_PER_FILE = 50;

/**
 * @example
 * await importDocuments(remote.db, docs, { transaction: remoteTransaction(runFileWithWrangler) });
 */
export function remoteTransaction(runFile: FileRunner): TransactionRunner {
  return async (statements) => {
    // Throws StatementTooLongError before anything is sent for a statement D1 would refuse.
    const result = await runFile(renderSqlFile([statements]));
    if (!result.ok) {
      throw new Error(result.error);
    }
    return result.rowsWritten;
  };
}
