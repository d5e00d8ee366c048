/**
 * The Worker `npm run bench:cron` runs inside Miniflare: the real Worker (fetch and scheduled),
 * plus a bench-only endpoint that never ships: it stores generated articles through the real
 * importer inside workerd, so no article crosses the loopback (`--seed-via importer`; the
 * default seeding writes the database file directly, d1-file.ts).
 */

import { createDb } from '../../src/db/client.ts';
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

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === '/__bench/seed') {
      return seed(env, (await request.json()) as SeedRequest);
    }
    return worker.fetch(request, env, ctx);
  },
  scheduled: worker.scheduled,
  queue: worker.queue,
} satisfies ExportedHandler<Env>;
