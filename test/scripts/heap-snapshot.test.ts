import { describe, expect, it } from 'vitest';
import { heapNodes, snapshotBytes } from '../../scripts/bench/heap-snapshot.ts';

/** A snapshot in Chrome's format with the given node layout and nodes (by field name). */
function snapshot(fields: string[], nodes: Record<string, number>[]): string {
  return JSON.stringify({
    snapshot: {
      meta: { node_fields: fields, node_types: [['hidden', 'array', 'string', 'object']] },
    },
    nodes: nodes.flatMap((node) => fields.map((field) => node[field] ?? 0)),
    strings: ['', 'Array', 'text'],
  });
}

describe('heap snapshots (bench:cron memory pass)', () => {
  const nodes = [
    { type: 3, name: 1, id: 1, self_size: 32, edge_count: 0 },
    { type: 2, name: 2, id: 3, self_size: 1_000, edge_count: 0 },
    { type: 1, name: 0, id: 5, self_size: 16, edge_count: 0 },
  ];

  it('sums the objects’ own sizes whatever the node layout of the V8 version', () => {
    for (const fields of [
      ['type', 'name', 'id', 'self_size', 'edge_count', 'detachedness'],
      ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
      ['self_size', 'type', 'name', 'id', 'edge_count'],
    ]) {
      expect(snapshotBytes(snapshot(fields, nodes)), fields.join(',')).toBe(1_048);
    }
  });

  it('names each node by type and constructor or text', () => {
    const fields = ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id'];
    const parsed = JSON.parse(snapshot(fields, nodes));
    expect([...heapNodes(parsed)]).toEqual([
      { type: 'object', name: 'Array', selfSize: 32 },
      { type: 'string', name: 'text', selfSize: 1_000 },
      { type: 'array', name: '', selfSize: 16 },
    ]);
  });
});
