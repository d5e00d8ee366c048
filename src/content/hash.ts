/** A content hash over everything an import stores, so an unchanged file writes nothing. */
import type { ArticleInput } from './types.ts';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/**
 * What is hashed: the input, with a rendered body reduced to what it was rendered from (source
 * and resolved links). The HTML is derived: a new pipeline version re-renders stored bodies in
 * the refresh job, it does not make every article look changed to the next import.
 */
function hashed(article: ArticleInput): unknown {
  const { body, ...rest } = article;
  return body
    ? {
        ...rest,
        body: { format: body.format, source: body.source, links: body.links, images: body.images },
      }
    : rest;
}

/** SHA-256 (hex) of the article's canonical JSON; key order does not matter. Runs in Node and Workers. */
export async function contentHash(article: ArticleInput): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(canonical(hashed(article))));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
