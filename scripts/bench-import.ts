/**
 * npm run bench:import [-- --count N --seed S --port P --keep]
 * Imports N generated articles (default 10,000) into a fresh local D1 (a temporary --persist-to
 * directory), then imports the same files again, and prints articles/second for both runs side
 * by side with their ratio. The target: the unchanged re-run at least 5x faster than the first
 * import. Both runs are the whole import (walk, read, parse, validate, hash, write), as a user
 * runs it; opening the database and applying migrations is outside the timing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { articles } from '../src/db/schema.ts';
import { type ImportSummary, importDocuments } from '../src/import/run-import.ts';
import { generateArticle } from './lib/generator.ts';
import { openLocalD1 } from './lib/local-d1.ts';
import { collectSources } from './lib/walk.ts';
import { readD1Config } from './lib/wrangler-config.ts';

const TARGET_RATIO = 5;

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    port: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error('bench:import: --count and --seed must be whole numbers');
  process.exit(2);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'alphanode-bench-import-'));
const content = path.join(dir, 'content');
const state = path.join(dir, 'state');
mkdirSync(content);
for (let i = 0; i < count; i++) {
  const { input, text } = generateArticle(i, seed);
  writeFileSync(path.join(content, `${input.sourceId}.txt`), text);
}
console.log(`bench:import: ${count} generated articles (seed ${seed}), fresh local D1 in ${state}`);

const local = await openLocalD1(readD1Config('wrangler.toml'), {
  persistTo: state,
  port: values.port ? Number(values.port) : undefined,
  log: () => undefined,
});

async function timed(label: string): Promise<{ summary: ImportSummary; rate: number }> {
  const { documents } = collectSources([content]);
  const started = performance.now();
  const summary = await importDocuments(local.db, documents, {
    transaction: local.transaction,
  });
  const seconds = (performance.now() - started) / 1000;
  const rate = count / seconds;
  const counts = `${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected`;
  console.log(
    `${label.padEnd(18)} ${seconds.toFixed(2).padStart(7)}s  ${rate.toFixed(0).padStart(6)} articles/s  (${counts}; ${summary.rowsWritten} rows written)`,
  );
  return { summary, rate };
}

let exitCode = 0;
try {
  const first = await timed('first import');
  const again = await timed('unchanged re-run');
  const stored = await local.db.$count(articles);
  const ratio = again.rate / first.rate;
  console.log(
    `ratio              ${ratio.toFixed(1)}x faster unchanged (target ≥ ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}); ${stored} articles stored`,
  );
  const correct =
    first.summary.created === count &&
    again.summary.unchanged === count &&
    again.summary.rowsWritten === 0 &&
    stored === count;
  if (!correct) {
    console.error('bench:import: the runs did not create everything once and then write nothing');
  }
  if (!correct || ratio < TARGET_RATIO) {
    exitCode = 1;
  }
  mkdirSync('bench', { recursive: true });
  writeFileSync(
    path.join('bench', 'results-import.json'),
    `${JSON.stringify(
      {
        count,
        seed,
        firstImportPerSecond: Math.round(first.rate),
        unchangedRerunPerSecond: Math.round(again.rate),
        ratio: Number(ratio.toFixed(2)),
        rowsWrittenFirst: first.summary.rowsWritten,
        rowsWrittenRerun: again.summary.rowsWritten,
        cpus: os.cpus().length,
        loadAverage: os.loadavg()[0],
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await local.dispose();
  if (values.keep) {
    console.log(`kept ${dir}`);
  } else {
    rmSync(dir, { recursive: true, force: true });
  }
}
process.exit(exitCode);
