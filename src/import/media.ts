/**
 * The images a Markdown body shows by a relative path (a page bundle's `post/index.md` beside its
 * `cover.png`, or `../images/x.png`): each is read, checked, hashed and given the key it will have
 * in the MEDIA bucket, so the stored body points at /media/<hash>.<ext> with the image's width and
 * height. A missing, unreadable, oversized or non-image file rejects that article (with the line
 * that shows it), never the run. Objects are put only for articles that are about to be written,
 * just before their D1 write, and only when the bucket does not have the key yet: an unchanged
 * re-import touches neither R2 nor D1.
 */
import type { Problem } from '../content/problem.ts';
import type { ResolvedImage } from '../content/render/index.ts';
import { describeImage, MAX_MEDIA_BYTES, type MediaStore } from '../media/store.ts';
import type { Parsed } from './run-checks.ts';

/** A file beside a source document, as SourceDocument.openRelative finds it. */
export interface RelativeFile {
  size: number;
  read(): Promise<Uint8Array>;
}

/** What opens the files a document refers to; throws with a reason when it must not be read. */
export type OpenRelative = (path: string) => Promise<RelativeFile | null>;

/** An object to put before the article's write. */
export interface PendingMedia {
  key: string;
  contentType: string;
  /** Read again at upload time (nothing of a large run is held in memory meanwhile). */
  file: RelativeFile;
  /** The path as the body wrote it, for messages. */
  src: string;
}

/** True for a src that names a file relative to the document ("cover.png", "./a/b.jpg", "../x.gif"). */
export function isRelativeSrc(src: string): boolean {
  return src !== '' && !/^([a-z][a-z0-9+.-]*:|\/|#|\?|@\/)/i.test(src);
}

/** The file path a src names: without query or fragment, percent-escapes decoded. */
function filePath(src: string): string {
  const path = src.replace(/[?#].*$/, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** 1-based line of the first line of the file that shows `src` (as written or decoded). */
function lineOfSrc(text: string | null, src: string): number | undefined {
  if (text === null) {
    return undefined;
  }
  const lines = text.split(/\r\n?|\n/);
  for (const needle of [src, filePath(src)]) {
    const index = lines.findIndex((line) => line.includes(needle));
    if (index >= 0) {
      return index + 1;
    }
  }
  return undefined;
}

async function one(
  src: string,
  open: OpenRelative,
  maxBytes: number,
): Promise<
  | { ok: true; media: PendingMedia; image: ResolvedImage }
  | { ok: false; message: string; missing?: true }
> {
  let file: RelativeFile | null;
  try {
    file = await open(filePath(src));
  } catch (error) {
    // Not a file of this import (outside its directory): as missing as a file that is not there.
    return { ok: false, missing: true, message: `image "${src}" ${(error as Error).message}` };
  }
  if (file === null) {
    return {
      ok: false,
      missing: true,
      message: `image "${src}" does not exist; expected a file beside the article (a page bundle) or a path relative to it`,
    };
  }
  if (file.size > maxBytes) {
    return {
      ok: false,
      message: `image "${src}" is ${(file.size / 1024 / 1024).toFixed(1)} MiB; expected at most ${maxBytes / 1024 / 1024} MiB`,
    };
  }
  const described = await describeImage(await file.read());
  if (!described.ok) {
    return { ok: false, message: `image "${src}" ${described.message}` };
  }
  const { key, contentType, width, height } = described.file;
  return {
    ok: true,
    media: { key, contentType, file, src },
    image: { src: `/media/${key}`, width, height },
  };
}

export interface CollectOptions {
  /** The document's opener, by Parsed.index (undefined: the source cannot open files). */
  openerOf: (index: number) => OpenRelative | undefined;
  /** The document's text, for the line of a problem. */
  textOf: (index: number) => Promise<string | null>;
  maxBytes?: number;
  /** 'warn': a missing file is a warning and its src stays as written, instead of a rejection. */
  missingImages?: 'reject' | 'warn';
}

/**
 * Fills `images` and `media` of every article whose body shows relative images; rejects the
 * articles with a problem and removes them from `parsed`.
 */
export async function collectMedia(
  parsed: Parsed[],
  options: CollectOptions,
  reject: (index: number, problems: Problem[]) => void,
): Promise<void> {
  const bad = new Set<Parsed>();
  const work = parsed.filter((p) => (p.references?.images ?? []).some(isRelativeSrc));
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const p = work[next++] as Parsed;
      const open = options.openerOf(p.index);
      const srcs = [...new Set((p.references?.images ?? []).filter(isRelativeSrc))];
      if (!open) {
        continue;
      }
      const problems: Problem[] = [];
      const images: Record<string, ResolvedImage> = {};
      const media = new Map<string, PendingMedia>();
      let text: string | null | undefined;
      for (const src of srcs) {
        const result = await one(src, open, options.maxBytes ?? MAX_MEDIA_BYTES);
        if (result.ok) {
          images[src] = result.image;
          media.set(result.media.key, result.media);
        } else {
          text ??= await options.textOf(p.index);
          const problem = { field: 'image', line: lineOfSrc(text, src), message: result.message };
          if (result.missing && options.missingImages === 'warn') {
            p.warnings = [
              ...(p.warnings ?? []),
              { ...problem, message: `${problem.message} (kept as written)` },
            ];
          } else {
            problems.push(problem);
          }
        }
      }
      if (problems.length > 0) {
        bad.add(p);
        reject(p.index, problems);
      } else {
        p.images = images;
        p.media = [...media.values()];
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  if (bad.size > 0) {
    const kept = parsed.filter((p) => !bad.has(p));
    parsed.splice(0, parsed.length, ...kept);
  }
}

/**
 * Puts the objects of the articles about to be written, each key once per run and only when the
 * bucket lacks it. Returns how many were put, and the problems of articles whose images could not
 * be stored (those must not be written: their bodies would point at nothing).
 */
export async function putMedia(
  store: MediaStore,
  articles: readonly Parsed[],
  done: Set<string>,
): Promise<{ failed: Map<Parsed, Problem[]>; put: number }> {
  const failed = new Map<Parsed, Problem[]>();
  let put = 0;
  for (const p of articles) {
    for (const media of p.media ?? []) {
      if (done.has(media.key)) {
        continue;
      }
      try {
        if (!(await store.has(media.key))) {
          // Read and hashed again: the file may have changed since it was named.
          const bytes = await media.file.read();
          const described = await describeImage(bytes);
          if (!described.ok || described.file.key !== media.key) {
            throw new Error('changed while the import ran');
          }
          await store.put(media.key, bytes, media.contentType);
          put++;
        }
        done.add(media.key);
      } catch (error) {
        failed.set(p, [
          ...(failed.get(p) ?? []),
          {
            field: 'image',
            message: `image "${media.src}" could not be stored as media/${media.key}: ${(error as Error).message} (the article was not written)`,
          },
        ]);
      }
    }
  }
  return { failed, put };
}
