/**
 * Reading V8 heap snapshots (Chrome's .heapsnapshot JSON): nodes are a flat array of numbers,
 * `node_fields.length` per node, whose layout differs between V8 versions (some have
 * `trace_node_id`, some `detachedness`), so fields are found by name.
 */
export interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapNode {
  type: string;
  name: string;
  selfSize: number;
}

export function* heapNodes(snapshot: HeapSnapshot): Generator<HeapNode> {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    yield {
      type: types[snapshot.nodes[i + typeAt] ?? 0] ?? '?',
      name: snapshot.strings[snapshot.nodes[i + nameAt] ?? 0] ?? '',
      selfSize: snapshot.nodes[i + sizeAt] ?? 0,
    };
  }
}

/** The live heap a snapshot shows: the sum of its objects' own sizes. */
export function snapshotBytes(text: string): number {
  let bytes = 0;
  for (const node of heapNodes(JSON.parse(text) as HeapSnapshot)) {
    bytes += node.selfSize;
  }
  return bytes;
}
