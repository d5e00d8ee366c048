/**
 * npx tsx scripts/bench/heap-summary.ts FILE.heapsnapshot [--top 25]
 * What a V8 heap snapshot (Chrome's format: the bench's BENCH_HEAP_SNAPSHOT, or DevTools) holds,
 * by self size: per node type and constructor or string kind, with counts, and the largest
 * single objects. Enough to tell what fills the live heap without opening DevTools.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type HeapSnapshot, heapNodes } from './heap-snapshot.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
});
const file = positionals[0];
if (!file) {
  console.error('usage: heap-summary FILE.heapsnapshot [--top N]');
  process.exit(2);
}
const top = Number(values.top);
const snapshot = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
const groups = new Map<string, { count: number; bytes: number }>();
const largest: { key: string; bytes: number }[] = [];
let total = 0;
let nodes = 0;
for (const { type, name, selfSize: bytes } of heapNodes(snapshot)) {
  nodes++;
  total += bytes;
  // Strings are grouped by kind, not by their text; objects by constructor.
  const key =
    type === 'string' || type === 'concatenated string' || type === 'sliced string'
      ? type
      : `${type} ${name.slice(0, 60)}`;
  const group = groups.get(key) ?? { count: 0, bytes: 0 };
  group.count++;
  group.bytes += bytes;
  groups.set(key, group);
  if (bytes > 100_000) {
    largest.push({ key: `${type} ${name.slice(0, 80).replace(/\s+/g, ' ')}`, bytes });
  }
}
const mb = (bytes: number) => (bytes / 1e6).toFixed(2).padStart(8);
console.log(`${file}: ${nodes} nodes, ${mb(total)} MB self size in all`);
console.log('\nby type and constructor (self size):');
for (const [key, g] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top)) {
  console.log(`${mb(g.bytes)} MB ${String(g.count).padStart(9)}  ${key}`);
}
console.log('\nlargest single objects (over 100 kB):');
for (const { key, bytes } of largest.sort((a, b) => b.bytes - a.bytes).slice(0, top)) {
  console.log(`${mb(bytes)} MB  ${key}`);
}
