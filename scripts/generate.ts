/**
 * npm run generate -- --count N --seed S --out DIR [--revision R]
 * Writes N deterministic alphanode page exports (same arguments, byte-identical files).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateArticle } from '../src/content/generator.ts';

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(value)) {
    console.error(`generate: --${name} must be a whole number, got "${value}"`);
    process.exit(2);
  }
  return Number(value);
}

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
const count = wholeNumber('count', values.count, 200);
const seed = wholeNumber('seed', values.seed, 1);
const revision = wholeNumber('revision', values.revision, 0);
const start = wholeNumber('start', values.start, 0);

mkdirSync(values.out, { recursive: true });
for (let index = start; index < start + count; index++) {
  const { input, text } = generateArticle(index, seed, { revision });
  writeFileSync(path.join(values.out, `${input.sourceId}.txt`), text);
}
console.log(
  `generate: wrote ${count} articles (seed ${seed}, revision ${revision}) to ${values.out}`,
);
