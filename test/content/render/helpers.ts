/** Shared helpers for the render tests: a real post's body without its TOML front matter. */
import { parse as parseToml } from 'smol-toml';

export interface Post {
  front: Record<string, unknown>;
  body: string;
  /** The body's first line in the file, for problem line numbers. */
  firstLine: number;
}

/** Splits a Zola post (`+++` TOML front matter) until the importer's front matter lands. */
export function splitPost(text: string): Post {
  const match = /^\+\+\+\n([\s\S]*?)\n\+\+\+\n/.exec(text);
  if (!match) {
    return { front: {}, body: text, firstLine: 1 };
  }
  const head = match[0];
  return {
    front: parseToml(match[1] ?? ''),
    body: text.slice(head.length),
    firstLine: head.split('\n').length,
  };
}
