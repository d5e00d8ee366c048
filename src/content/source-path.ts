/**
 * What a Markdown file's place says about it, as Hugo, Zola and Jekyll read it: its slug comes
 * from the file name (or, for a page bundle `my-post/index.md`, from the folder's name), a
 * Jekyll or Zola date prefix ("2024-05-01-my-post.md") gives its date, and `_index.md` is a
 * section's list page, not an article.
 */
import { dateInPath } from './dates.ts';
import { slugify } from './slug.ts';

export interface SourcePath {
  /** The name the slug is made from: the file name without extension and date prefix, or the bundle folder's. */
  name: string;
  /** slugify(name); '' when the name has no letters or digits. */
  slug: string;
  /** The folders above the file (or above the bundle folder), "/"-separated; '' at the top. */
  folder: string;
  /** True for `index.md` in a folder: a page bundle, whose files beside it belong to it. */
  bundle: boolean;
  /** True for `_index.md`: a Hugo/Zola section (list) page. */
  section: boolean;
  /** True for README files, which describe a folder rather than being a post. */
  readme: boolean;
  /** The date a Jekyll/Zola file name starts with, as an ISO timestamp. */
  date: string | null;
}

const EXTENSION = /\.(md|markdown|mdx|html?)$/i;
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}[-_]/;

/**
 * @example
 * sourcePath('posts/2024-05-01-hello-world.md') // { name: 'hello-world', slug: 'hello-world', folder: 'posts', date: '2024-05-01T00:00:00.000Z', ... }
 * sourcePath('GATs-stabilization-push/index.md') // { name: 'GATs-stabilization-push', bundle: true, folder: '', ... }
 */
export function sourcePath(relativePath: string): SourcePath {
  const parts = relativePath
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  const file = parts.pop() ?? '';
  const stem = file.replace(EXTENSION, '');
  const lower = stem.toLowerCase();
  const bundle = lower === 'index' && parts.length > 0;
  const named = bundle ? (parts.pop() as string) : stem;
  const date = dateInPath(named + (bundle ? '' : '.md'));
  const name = named.replace(DATE_PREFIX, '') || named;
  return {
    name,
    slug: slugify(name),
    folder: parts.join('/'),
    bundle,
    section: lower === '_index',
    readme: lower === 'readme',
    date,
  };
}
