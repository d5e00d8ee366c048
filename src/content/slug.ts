/** URL slugs for articles: the title in lowercase ASCII words joined by "-". */

export const MAX_SLUG_LENGTH = 200;

/**
 * @example
 * slugify('Building a Safer Workflow: Python & FastAPI') // 'building-a-safer-workflow-python-fastapi'
 * slugify('Café déjà vu') // 'cafe-deja-vu'
 */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0)
    .join('-')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
}

/**
 * The slug used when the title's slug already belongs to another article: the source id's
 * number is appended, so the result is stable across imports.
 *
 * @example
 * collisionSlug('my-post', 'alphanode-000989') // 'my-post-000989'
 */
export function collisionSlug(slug: string, sourceId: string): string {
  const digits = sourceId.match(/\d+/g)?.join('') ?? slugify(sourceId);
  return `${slug}-${digits}`;
}

/** A slug as a route receives it: true when it could name an article at all. */
export function isPlausibleSlug(value: string): boolean {
  return (
    value.length > 0 && value.length <= MAX_SLUG_LENGTH && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value)
  );
}
