/**
 * npm run similar:export -- --out FILE [--persist-to DIR] [--config wrangler.toml]
 * Writes every article's similar-posts list from the local D1 (the database `wrangler dev` and
 * `npm run import` use) as JSON: {"articles": [{"slug", "source", "similar": ["<slug>", …]}]},
 * `source` being the path the importer read. Editors and `npm run bench:similar` score it offline.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openLocalD1 } from './lib/local-d1.ts';
import { readSimilarExport } from './lib/similar-export.ts';
import { readD1Config } from './lib/wrangler-config.ts';

const USAGE =
  'usage: npm run similar:export -- --out FILE [--persist-to DIR] [--config wrangler.toml]';

function fail(message: string): never {
  console.error(`similar:export: ${message}\n${USAGE}`);
  process.exit(2);
}

let values: { out?: string; 'persist-to'?: string; config?: string };
try {
  ({ values } = parseArgs({
    options: {
      out: { type: 'string' },
      'persist-to': { type: 'string' },
      config: { type: 'string', default: 'wrangler.toml' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (!values.out) {
  fail('--out FILE is required');
}

const local = await openLocalD1(readD1Config(values.config ?? 'wrangler.toml'), {
  persistTo: values['persist-to'],
  migrate: false,
});
try {
  const exported = await readSimilarExport(local.db);
  writeFileSync(values.out, `${JSON.stringify(exported, null, 1)}\n`);
  const withList = exported.articles.filter((a) => a.similar.length > 0).length;
  console.log(
    `similar:export: ${exported.articles.length} articles (${withList} with a list) written to ${values.out}`,
  );
} finally {
  await local.dispose();
}
