/**
 * Real Rust blog posts (test/fixtures/rust-blog) for the browser tests. The importer reads YAML
 * front matter; these posts carry Zola's TOML, so their front matter is rewritten as YAML here
 * (title, date from `path`, authors, description). Once the importer reads TOML itself, the
 * files can be imported as they are.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { stringify } from 'yaml';
import { ROOT } from '../../scripts/bench/runtime.ts';
import { slugify } from '../../src/content/slug.ts';

export const REAL_POSTS = [
  'Rust-1.54.0.md',
  'Updating-musl-targets.md',
  'bisecting-rust-compiler.md',
];

interface RealPost {
  file: string;
  /** The page's name in screenshots, and its path on the site. */
  name: string;
  path: string;
  /** The post with YAML front matter. */
  text: string;
}

function realPost(file: string): RealPost {
  const text = readFileSync(path.join(ROOT, 'test', 'fixtures', 'rust-blog', file), 'utf8');
  const match = /^\+\+\+\n([\s\S]*?)\n\+\+\+\n/.exec(text);
  const front = parseToml(match?.[1] ?? '') as Record<string, unknown>;
  const title = String(front.title);
  const date = /^(\d{4})\/(\d{2})\/(\d{2})/.exec(String(front.path ?? ''));
  const yaml = stringify({
    title,
    ...(date ? { date: `${date[1]}-${date[2]}-${date[3]}` } : {}),
    ...(Array.isArray(front.authors) ? { authors: front.authors } : {}),
    ...(front.description ? { description: front.description } : {}),
  });
  return {
    file,
    name: `rust-${file.replace(/\.md$/, '').toLowerCase()}`,
    path: `/posts/${slugify(title)}`,
    text: `---\n${yaml}---\n${text.slice(match?.[0].length ?? 0)}`,
  };
}

/** The posts' page names and paths. */
export function realPostPages(): { name: string; path: string }[] {
  return REAL_POSTS.map(realPost).map(({ name, path }) => ({ name, path }));
}

/** Writes the posts as YAML-fronted Markdown into `dir`, for the importer. */
export function writeRealPosts(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const post of REAL_POSTS.map(realPost)) {
    writeFileSync(path.join(dir, post.file), post.text);
  }
}
