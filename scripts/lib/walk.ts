/**
 * Turns the command line's paths into source documents, in a stable order: arguments as given,
 * each directory walked depth-first with entries sorted by name (code-point order, the same on
 * every machine and locale). Hidden entries (".git", ".DS_Store") and node_modules are skipped; in
 * a directory only .txt/.md/.markdown files are taken, while a file named explicitly is always
 * read. Symbolic links to directories are not followed (no cycles).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SOURCE_EXTENSIONS } from '../../src/import/parse-source.ts';
import type { SourceDocument } from '../../src/import/run-import.ts';

export interface Collected {
  documents: SourceDocument[];
  /** Files inside walked directories that are not sources (images, notes...). */
  skipped: string[];
  /** Arguments that do not exist. */
  missing: string[];
}

/** The path as the log shows it: relative to the working directory when inside it, "/"-separated. */
export function displayPath(absolute: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, absolute);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
  return shown.split(path.sep).join('/');
}

function isFile(absolute: string): boolean {
  try {
    return statSync(absolute).isFile();
  } catch {
    return false; // a dangling link
  }
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A file an article refers to (a page bundle's image), relative to the article's folder: only
 * inside the directory being imported (a named file's own folder), so an article cannot make
 * the import publish any file of the machine.
 */
function openBeside(
  document: string,
  root: string,
  relative: string,
): { size: number; read(): Promise<Uint8Array> } | null {
  const target = path.resolve(path.dirname(document), relative);
  const inside = path.relative(root, target);
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new Error(
      'is outside the imported directory; expected a file beside the article or below the directory',
    );
  }
  let size: number;
  try {
    const stats = statSync(target);
    if (!stats.isFile()) {
      return null;
    }
    size = stats.size;
  } catch {
    return null;
  }
  return { size, read: async () => new Uint8Array(readFileSync(target)) };
}

/**
 * @example
 * const { documents } = collectSources(['content/', 'extra/post.md']);
 */
export function collectSources(args: readonly string[], cwd = process.cwd()): Collected {
  const collected: Collected = { documents: [], skipped: [], missing: [] };
  const seen = new Set<string>();
  const add = (absolute: string, size: number, root: string) => {
    if (seen.has(absolute)) {
      return;
    }
    seen.add(absolute);
    collected.documents.push({
      path: displayPath(absolute, cwd),
      // Relative to the directory argument: its sub-folders are the old site's sections.
      relativePath: path.relative(root, absolute).split(path.sep).join('/'),
      size,
      read: async () => new Uint8Array(readFileSync(absolute)),
      openRelative: async (relative) => openBeside(absolute, root, relative),
    });
  };
  const walk = (dir: string, root: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      byCodePoint(a.name, b.name),
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') {
        continue;
      }
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(absolute, root);
      } else if (entry.isFile() || (entry.isSymbolicLink() && isFile(absolute))) {
        if (SOURCE_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) {
          add(absolute, statSync(absolute).size, root);
        } else {
          collected.skipped.push(displayPath(absolute, cwd));
        }
      }
    }
  };
  for (const arg of args) {
    const absolute = path.resolve(cwd, arg);
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(absolute);
    } catch {
      collected.missing.push(arg);
      continue;
    }
    if (stats.isDirectory()) {
      walk(absolute, absolute);
    } else {
      add(absolute, stats.size, path.dirname(absolute));
    }
  }
  return collected;
}
