/**
 * `npm run stats -- <log file | -> [--by route|version]`: latency percentiles, error rate, cache hit
 * ratio and D1 calls per request from the Worker's request log lines, as captured from
 * `wrangler tail --format json > tail.json` or `wrangler dev > dev.log`. With `-`, reads stdin, so
 * `npx wrangler tail --env production --format json | npm run stats -- -` works live (Ctrl-C ends
 * the capture and prints the table).
 */
import { readFileSync } from 'node:fs';
import { aggregate, extractRequestLines, formatStatsTable, type GroupBy } from './lib/log-stats.ts';

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run stats -- <log file | -> [--by route|version]`);
  process.exit(2);
}

function parseArgs(argv: string[]): { source: string; by: GroupBy | null } {
  let source: string | undefined;
  let by: GroupBy | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--by') {
      const value = argv[++i];
      if (value !== 'route' && value !== 'version') {
        usage(`--by takes "route" or "version", not ${JSON.stringify(value)}`);
      }
      by = value;
    } else if (arg !== undefined && source === undefined) {
      source = arg;
    } else {
      usage(`unexpected argument ${JSON.stringify(arg)}`);
    }
  }
  if (source === undefined) {
    usage('missing the log file to read');
  }
  return { source, by };
}

async function readSource(source: string): Promise<string> {
  if (source !== '-') {
    try {
      return readFileSync(source, 'utf8');
    } catch (error) {
      usage(`cannot read ${source}: ${(error as Error).message}`);
    }
  }
  const chunks: Buffer[] = [];
  // Ctrl-C on a live `wrangler tail | npm run stats -- -` should still print what was captured.
  const interrupted = new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  const finished = (async () => {
    for await (const chunk of process.stdin) {
      chunks.push(chunk as Buffer);
    }
  })();
  await Promise.race([finished, interrupted]);
  return Buffer.concat(chunks).toString('utf8');
}

const { source, by } = parseArgs(process.argv.slice(2));
const { lines, malformed } = extractRequestLines(await readSource(source));
if (lines.length === 0) {
  console.error(
    `no request log lines found in ${source === '-' ? 'stdin' : source}` +
      ' (expected the JSON lines the Worker logs, from wrangler dev or wrangler tail --format json)',
  );
  process.exit(1);
}
const first = lines[0]?.time ?? '?';
const last = lines[lines.length - 1]?.time ?? '?';
console.log(`${lines.length} requests from ${first} to ${last}`);
if (malformed > 0) {
  console.log(`(${malformed} malformed JSON entries skipped)`);
}
const versions = new Set(lines.map((l) => l.version));
for (const groupBy of by
  ? [by]
  : versions.size > 1
    ? (['route', 'version'] as const)
    : (['route'] as const)) {
  console.log('');
  console.log(formatStatsTable(aggregate(lines, groupBy), groupBy));
}
process.exit(0);
