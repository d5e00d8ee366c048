/**
 * Real Rust blog posts (test/fixtures/rust-blog) for the browser tests, imported as they are:
 * Zola's TOML front matter and all. Their paths come from the importer's own slug rule (the file
 * name), so a change to that rule shows here as a 404.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/bench/runtime.ts';
import { sourcePath } from '../../src/content/source-path.ts';

export const REAL_POSTS = [
  'Rust-1.54.0.md',
  'Updating-musl-targets.md',
  'bisecting-rust-compiler.md',
];

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'rust-blog');

/** The posts' page names (for screenshots) and paths on the site. */
export function realPostPages(): { name: string; path: string }[] {
  return REAL_POSTS.map((file) => ({
    name: `rust-${file.replace(/\.md$/, '').toLowerCase()}`,
    path: `/posts/${sourcePath(file).slug}`,
  }));
}

/** Copies the posts into `dir`, for the importer. */
export function writeRealPosts(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const file of REAL_POSTS) {
    copyFileSync(path.join(FIXTURES, file), path.join(dir, file));
  }
}
