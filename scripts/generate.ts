/**
 * npm run generate -- --count N --seed S --out DIR [--revision R]
 * Writes N deterministic alphanode page exports (same arguments, byte-identical files).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { wholeNumberOption } from './lib/cli-number.ts';
import { generateArticle } from './lib/generator.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    revision: { type: 'string' },
    start: { type: 'string' },
  },
});
if (!values.out) {
  console.error(
    'usage: npm run generate -- --count N --seed S --out DIR [--revision R] [--start I]',
  );
  process.exit(2);
}
const count = wholeNumberOption('generate', 'count', values.count, 200, 0);
const seed = wholeNumberOption('generate', 'seed', values.seed, 1, 0);
const revision = wholeNumberOption('generate', 'revision', values.revision, 0, 0);
const start = wholeNumberOption('generate', 'start', values.start, 0, 0);

mkdirSync(values.out, { recursive: true });
for (let index = start; index < start + count; index++) {
  const { input, text } = generateArticle(index, seed, { revision });
  writeFileSync(path.join(values.out, `${input.sourceId}.txt`), text);
}
console.log(
  `generate: wrote ${count} articles (seed ${seed}, revision ${revision}) to ${values.out}`,
);
