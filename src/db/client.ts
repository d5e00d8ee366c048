/** The drizzle client every query module takes. Built per request over the counted D1 binding. */
import { type DrizzleD1Database, drizzle } from 'drizzle-orm/d1';
import * as schema from './schema.ts';

/** `$client` is the D1 binding underneath, for code that sends plain statements (the importer). */
export type Db = DrizzleD1Database<typeof schema> & { $client: D1Database };

export function createDb(d1: D1Database): Db {
  return drizzle(d1, { schema });
}
