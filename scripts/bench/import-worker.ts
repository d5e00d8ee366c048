/**
 * A helper Worker that runs the importer (src/import/run-import.ts) inside workerd, next to the
 * app and on the same local D1 instance, as the deployed import reaches the same D1 the Worker
 * serves. The benchmark uses it to build its corpus and the load test to import changed articles
 * while traffic flows. Going through Node instead (Miniflare's binding proxy) costs a synchronous
 * round trip per prepared statement. It is bundled and run by runtime.ts, never deployed.
 *
 * POST / with `{ now, documents: [{ path, text }] }` imports them as one import (parse, validate,
 * write, invalidate the cache) and answers `{ summary, outcomes }`.
 */
import { createDb } from '../../src/db/client.ts';
import {
  type FileOutcome,
  type ImportSummary,
  importDocuments,
} from '../../src/import/run-import.ts';

export interface ImportRequest {
  /** ISO timestamp used as the import's clock. */
  now: string;
  /** Source files as the importer would read them from disk. */
  documents: { path: string; text: string }[];
}

export interface ImportReply {
  summary: Omit<ImportSummary, 'changes'>;
  outcomes: FileOutcome[];
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method !== 'POST') {
      return new Response('POST { now, documents } to import them', { status: 405 });
    }
    const body = (await request.json()) as ImportRequest;
    const encoder = new TextEncoder();
    const documents = body.documents.map((doc) => {
      const bytes = encoder.encode(doc.text);
      return { path: doc.path, size: bytes.byteLength, read: async () => bytes };
    });
    const outcomes: FileOutcome[] = [];
    const { changes: _changes, ...summary } = await importDocuments(createDb(env.DB), documents, {
      now: new Date(body.now),
      onFile: (outcome) => outcomes.push(outcome),
    });
    return Response.json({ summary, outcomes } satisfies ImportReply);
  },
} satisfies ExportedHandler<Env>;
