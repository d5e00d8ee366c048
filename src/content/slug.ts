/** URL slugs for articles: the title in lowercase ASCII words joined by "-". */
import { stripInvisible } from './characters.ts';

export const MAX_SLUG_LENGTH = 200;

/**
 * @example
 * slugify('Building a Safer Workflow: Python & FastAPI') // 'building-a-safer-workflow-python-fastapi'
 * slugify('Café déjà vu') // 'cafe-deja-vu'
 * slugify('Safe\u202Egnp.exe') // 'safegnp-exe' (invisible characters join, never split, words)
 */
export function slugify(title: string): string {
  return stripInvisible(title)
    .text.normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0)
    .join('-')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
}

/** The longest collision suffix kept: a source id's digits past this are cut from the front. */
const MAX_SUFFIX_LENGTH = 24;

/**
 * The slug used when the title's slug already belongs to another article: the source id's
 * number is appended, so the result is stable across imports. The limit holds for this final
 * slug, not only for the base: a base near MAX_SLUG_LENGTH is cut (at a word edge when there is
 * one) so the suffix fits, since the article route refuses longer slugs. A source id without
 * letters or digits gives the base back, and the writer then reports the collision.
 *
 * @example
 * collisionSlug('my-post', 'alphanode-000989') // 'my-post-000989'
 * collisionSlug('a'.repeat(200), 'alphanode-000989') // 'aaa…a-000989' (193 + 7 characters)
 */
export function collisionSlug(slug: string, sourceId: string): string {
  const digits = sourceId.match(/\d+/g)?.join('') ?? slugify(sourceId);
  const suffix = digits.slice(-MAX_SUFFIX_LENGTH).replace(/^-+/, '');
  if (suffix === '') {
    return slug;
  }
  const room = MAX_SLUG_LENGTH - suffix.length - 1;
  let base = slug.slice(0, room);
  if (slug.length > room) {
    // Cut on a word edge when one is near, so the URL does not end in half a word.
    const edge = base.lastIndexOf('-');
    base = edge > room / 2 ? base.slice(0, edge) : base;
  }
  base = base.replace(/-+$/, '');
  return base === '' ? suffix : `${base}-${suffix}`;
}

/** A slug as a route receives it: true when it could name an article at all. */
export function isPlausibleSlug(value: string): boolean {
  return (
    value.length > 0 && value.length <= MAX_SLUG_LENGTH && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value)
  );
}
