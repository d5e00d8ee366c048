/**
 * Staying under D1's per-statement limits (limits.ts) when a statement takes a list: id lists
 * for `IN (...)` are split by inChunks, the rows of a multi-row INSERT by chunkForParams, and the
 * pieces go to D1 together in one round trip through batchAll. Every query module that binds a
 * list goes through here, so the limit is written once. Local D1 accepts more than 100 bound
 * parameters; production D1 refuses the statement, so a miscount shows only in the tests that
 * count parameters (test/db/chunks.test.ts, test/jobs/d1-limits.test.ts).
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client.ts';
import { D1_MAX_BOUND_PARAMETERS, MAX_TEXT_CHARS_PER_INSERT } from './limits.ts';

/**
 * Splits `values` into lists that fit one statement's `IN (...)` beside the `otherParams`
 * parameters the rest of the statement binds (a score to set, a rank to match).
 *
 * @example
 * inChunks(ids, 1).map((chunk) =>
 *   db.update(articles).set({ scoreFreshness: 80 }).where(inArray(articles.id, chunk)),
 * ); // at most 99 ids per UPDATE
 */
export function inChunks<T>(values: readonly T[], otherParams = 0): T[][] {
  const size = D1_MAX_BOUND_PARAMETERS - otherParams;
  if (!Number.isInteger(otherParams) || otherParams < 0 || size < 1) {
    throw new Error(
      `a statement binding ${otherParams} parameters besides its list has no room for one value (D1 binds at most ${D1_MAX_BOUND_PARAMETERS})`,
    );
  }
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) {
    out.push(values.slice(i, i + size));
  }
  return out;
}

/**
 * Splits rows so that no single INSERT binds more than D1's parameter limit (`paramsPerRow`
 * counts every column drizzle binds, defaults included), nor carries more text than fits in one
 * statement once its values are inlined (a remote import): `textOf` says how much text a row has.
 *
 * @example
 * chunkForParams(rows, 5) // at most 20 rows per chunk
 * chunkForParams(tags, 4, (t) => t.name) // also at most 30,000 characters of names per chunk
 */
export function chunkForParams<T>(
  rows: readonly T[],
  paramsPerRow: number,
  textOf?: (row: T) => string,
): T[][] {
  const size = Math.max(1, Math.floor(D1_MAX_BOUND_PARAMETERS / paramsPerRow));
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let chars = 0;
  for (const row of rows) {
    const length = textOf?.(row).length ?? 0;
    if (chunk.length > 0 && (chunk.length >= size || chars + length > MAX_TEXT_CHARS_PER_INSERT)) {
      chunks.push(chunk);
      chunk = [];
      chars = 0;
    }
    chunk.push(row);
    chars += length;
  }
  if (chunk.length > 0) {
    chunks.push(chunk);
  }
  return chunks;
}

/**
 * Sends `statements` (usually one per chunk) in one round trip and returns each one's rows, in
 * order; no round trip at all when there is nothing to send. Rows are typed by the caller: a
 * batch of different selects has no single row type.
 *
 * @example
 * const rows = (await batchAll<{ id: number }>(db, inChunks(ids).map(readOf))).flat();
 */
export async function batchAll<Row>(
  db: Db,
  statements: readonly BatchItem<'sqlite'>[],
): Promise<Row[][]> {
  if (statements.length === 0) {
    return [];
  }
  return (await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])) as Row[][];
}
