/**
 * A WordPress export named on the command line (`npm run import -- export.xml`) is one file of
 * many posts: it is read once and turned into one document per <item>, already parsed, so the
 * rest of the import (checks, writes, the summary) treats each post like a file of its own.
 */
import { decodeSource } from '../content/decode.ts';
import { checkArticle } from '../content/validate.ts';
import { readWxr, wxrArticle } from '../content/wordpress.ts';
import type { SourceResult } from './parse-source.ts';
import type { SourceDocument } from './run-import.ts';

/** A WordPress export may be far larger than one article: a site's whole history. */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

function isExport(doc: SourceDocument): boolean {
  return doc.path.toLowerCase().endsWith('.xml') && !doc.parsed;
}

function rejected(doc: SourceDocument, result: SourceResult): SourceDocument {
  return { ...doc, parsed: () => result };
}

/**
 * @example
 * const documents = await expandExports([exportDoc]); // [{ path: 'export.xml#12', parsed }, ...]
 */
export async function expandExports(
  documents: readonly SourceDocument[],
): Promise<SourceDocument[]> {
  if (!documents.some(isExport)) {
    return [...documents];
  }
  const out: SourceDocument[] = [];
  for (const doc of documents) {
    if (!isExport(doc)) {
      out.push(doc);
      continue;
    }
    const decoded = decodeSource(await doc.read(), MAX_EXPORT_BYTES);
    if (!decoded.ok) {
      out.push(rejected(doc, { ok: false, problems: [decoded.problem] }));
      continue;
    }
    const items = readWxr(decoded.text);
    if (!Array.isArray(items)) {
      out.push(rejected(doc, { ok: false, problems: [items] }));
      continue;
    }
    for (const item of items) {
      const path = `${doc.path}#${item.postId || item.postName}`;
      out.push({
        path,
        relativePath: path,
        size: item.content.length,
        read: async () => new Uint8Array(),
        parsed: (): SourceResult => {
          const result = wxrArticle(item, path);
          if (!result.ok) {
            return result.skip
              ? { ok: false, problems: [], skip: result.skip }
              : { ok: false, problems: result.errors };
          }
          // The same shared check as a file's article (parse-source.ts); an item has no lines.
          const { article, problems, warnings } = checkArticle(result.article);
          return problems.length > 0
            ? { ok: false, problems }
            : {
                ok: true,
                article,
                slugFromFile: false,
                folder: '',
                ...(warnings.length > 0 ? { warnings } : {}),
              };
        },
      });
    }
  }
  return out;
}
