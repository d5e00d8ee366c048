/** The drizzle client every query module takes. Built per request over the counted D1 binding. */
import { type DrizzleD1Database, drizzle } from 'drizzle-orm/d1';

/**
 * `$client` is the D1 binding underneath, for code that sends plain statements (the importer).
 * The client is built without the schema: nothing uses drizzle's relational query API, and
 * building its table map costs more than a cache HIT's whole response on every request.
 */
export type Db = DrizzleD1Database & { $client: D1Database };

export function createDb(d1: D1Database): Db {
  return drizzle(d1);
}
