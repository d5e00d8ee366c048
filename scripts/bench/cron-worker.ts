/**
 * The Worker `npm run bench:cron` runs inside Miniflare: the real Worker (fetch and scheduled),
 * plus a bench-only endpoint that never ships: it stores generated articles through the real
 * importer inside workerd, so no article crosses the loopback; and one that runs a batch of
 * statements the bench's fast seeder (seed.ts) planned in Node.
 */

import { createDb } from '../../src/db/client.ts';
import type { SqlStatement } from '../../src/db/sql-statements.ts';
import { importDocuments, type SourceDocument } from '../../src/import/run-import.ts';
import worker from '../../src/index.ts';
import { generateArticle } from '../lib/generator.ts';

interface SeedRequest {
  from: number;
  count: number;
  /** Every `step`-th index from `from` (1: all of them). */
  step: number;
  seed: number;
  revision: number;
}

async function seed(env: Env, body: SeedRequest): Promise<Response> {
  const encoder = new TextEncoder();
  const documents: SourceDocument[] = [];
  for (let k = 0; k < body.count; k++) {
    const index = body.from + k * body.step;
    const text = encoder.encode(
      generateArticle(index, body.seed, { revision: body.revision }).text,
    );
    documents.push({
      path: `generated/${index}.txt`,
      size: text.byteLength,
      read: async () => text,
    });
  }
  const summary = await importDocuments(createDb(env.DB), documents, {
    now: new Date('2026-04-01T00:00:00Z'),
  });
  return Response.json({
    created: summary.created,
    updated: summary.updated,
    unchanged: summary.unchanged,
    rejected: summary.rejected,
    rowsWritten: summary.rowsWritten,
  });
}

/**
 * Runs statements planned in Node (scripts/bench/seed.ts) as one D1 batch, one transaction.
 * Sent here in one request rather than through Miniflare's D1 proxy, which crosses the loopback
 * for every prepare() and bind().
 */
async function batch(env: Env, statements: SqlStatement[]): Promise<Response> {
  if (statements.length === 0) {
    return Response.json({ rowsWritten: 0 });
  }
  const results = await env.DB.batch(
    statements.map((s) => env.DB.prepare(s.sql).bind(...s.params)),
  );
  return Response.json({
    rowsWritten: results.reduce((sum, r) => sum + (r.meta?.rows_written ?? 0), 0),
  });
}

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === '/__bench/seed') {
      return seed(env, (await request.json()) as SeedRequest);
    }
    if (pathname === '/__bench/batch') {
      return batch(env, (await request.json()) as SqlStatement[]);
    }
    return worker.fetch(request, env, ctx);
  },
  scheduled: worker.scheduled,
  queue: worker.queue,
} satisfies ExportedHandler<Env>;
