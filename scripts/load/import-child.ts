/**
 * tsx scripts/load/import-child.ts <bridge origin> <articles per transaction> <file|dir>...
 * The load test's import, in its own process: the importer (importDocuments, with the CLI's file
 * walk, D1 shim and defaults) reading and parsing here, and writing through the D1 bridge that the
 * load test serves next to the app, so the writes reach the very D1 instance the app reads, as a
 * deployed import reaches the deployed D1 over the network. (`npm run import` itself opens the
 * database file with a second runtime, and two processes writing one SQLite file meet
 * SQLITE_BUSY, which no deployed database does.) Prints the CLI's summary line; exit status as
 * the CLI's.
 */
import { createDb } from '../../src/db/client.ts';
import { formatCacheLine, formatSummary } from '../../src/import/report.ts';
import { importDocuments } from '../../src/import/run-import.ts';
import { createD1Shim, type D1Transport } from '../lib/d1-shim.ts';
import { collectSources } from '../lib/walk.ts';

const [origin, perTransaction, ...inputs] = process.argv.slice(2);
if (!origin || !/^\d+$/.test(perTransaction ?? '') || inputs.length === 0) {
  console.error(
    'usage: tsx scripts/load/import-child.ts <bridge origin> <articles per transaction> <file|dir>...',
  );
  process.exit(2);
}

async function call(body: unknown): Promise<unknown> {
  const response = await fetch(`${origin}/`, { method: 'POST', body: JSON.stringify(body) });
  const reply = (await response.json()) as { ok: boolean; result?: unknown; error?: string };
  if (!reply.ok) {
    throw new Error(reply.error ?? `the D1 bridge answered HTTP ${response.status}`);
  }
  return reply.result;
}

const transport: D1Transport = {
  query: (statement, method) => call({ op: 'query', statement, method }),
  batch: async (statements) => (await call({ op: 'batch', statements })) as D1Result[],
};

const { documents } = collectSources(inputs);
try {
  const summary = await importDocuments(createDb(createD1Shim(transport)), documents, {
    transaction: async (statements) => {
      const results = await transport.batch(statements);
      return results.reduce((sum, r) => sum + (r.meta?.rows_written ?? 0), 0);
    },
    articlesPerTransaction: Number(perTransaction),
  });
  console.log(formatSummary(summary));
  const cacheLine = formatCacheLine(summary);
  if (cacheLine) {
    console.log(cacheLine);
  }
  process.exit(summary.rejected > 0 || summary.invalidationError !== null ? 1 : 0);
} catch (error) {
  console.error(`import: stopped: ${(error as Error).message}`);
  process.exit(2);
}
