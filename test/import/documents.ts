/** In-memory source files for import tests: the orchestrator reads them exactly as it reads disk files. */
import type { SourceDocument } from '../../src/import/run-import.ts';

export function doc(path: string, content: string | Uint8Array): SourceDocument {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { path, size: bytes.length, read: async () => bytes };
}

/** 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) {
    throw new Error(`"${needle}" is not in the text`);
  }
  return index + 1;
}
