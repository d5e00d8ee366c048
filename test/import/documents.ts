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

/**
 * A source document whose folder holds other files (a page bundle): `openRelative` finds them by
 * a path relative to the document's folder, as the CLI's directory walk does on disk.
 */
export function bundleDoc(
  path: string,
  content: string,
  files: Record<string, Uint8Array>,
): SourceDocument {
  const folder = path.split('/').slice(0, -1);
  return {
    ...doc(path, content),
    openRelative: async (relative) => {
      const parts = [...folder];
      for (const part of relative.split('/')) {
        if (part === '..') {
          parts.pop();
        } else if (part !== '.' && part !== '') {
          parts.push(part);
        }
      }
      const bytes = files[parts.join('/')];
      return bytes ? { size: bytes.length, read: async () => bytes } : null;
    },
  };
}
