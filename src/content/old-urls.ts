/**
 * Old URLs: the addresses an article had on the site it came from (Hugo/Zola `aliases`, a Zola
 * `path`, a Hugo `url`, Jekyll's `redirect_from`, WordPress permalinks). The importer stores
 * them as redirects and the Worker answers them with a 301, so both sides must write a URL the
 * same way: this one function is the key for storing and for looking up.
 */

/** Longest old URL kept; longer ones are refused (no real permalink is this long). */
export const MAX_OLD_URL_LENGTH = 400;

/** Query parameters that name a page on their own (WordPress: /?p=123, /?page_id=7). */
const ID_PARAMS = ['p', 'page_id'];

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The stored form of an old URL: the path only (an absolute URL loses its scheme and host),
 * starting with "/", decoded, without a trailing "/", "/index.html" or ".html", and with a query
 * only when it is a WordPress page id. Null when it cannot be a path of a site (empty, "..",
 * control characters, overlong).
 *
 * @example
 * normalizeOldUrl('2018/05/10/Rust-1.26.html') // '/2018/05/10/Rust-1.26'
 * normalizeOldUrl('https://blog.example/2024/05/hello/') // '/2024/05/hello'
 * normalizeOldUrl('/?p=123&utm_source=x') // '/?p=123'
 * normalizeOldUrl('/docs/../etc') // null
 */
export function normalizeOldUrl(url: string): string | null {
  let text = url.trim();
  if (text === '' || text.length > MAX_OLD_URL_LENGTH) {
    return null;
  }
  const absolute = /^https?:\/\/[^/?#]+(.*)$/i.exec(text);
  if (absolute) {
    text = absolute[1] || '/';
  }
  text = text.replace(/#.*$/, '');
  const queryAt = text.indexOf('?');
  const rawPath = queryAt < 0 ? text : text.slice(0, queryAt);
  const params = new URLSearchParams(queryAt < 0 ? '' : text.slice(queryAt + 1));
  const segments = rawPath
    .split('/')
    .filter((s) => s !== '')
    .map(decodeSegment);
  if (segments.some((s) => s === '..' || s === '.' || /[\p{Cc}\uFFFD]/u.test(s))) {
    return null;
  }
  const last = segments.length - 1;
  if (segments[last] === 'index.html' || segments[last] === 'index.htm') {
    segments.pop();
  } else if (last >= 0) {
    segments[last] = (segments[last] as string).replace(/\.html?$/i, '');
    if (segments[last] === '') {
      segments.pop();
    }
  }
  const path = `/${segments.join('/')}`;
  const id = ID_PARAMS.map((name) => [name, params.get(name)] as const).find(
    ([, value]) => value !== null && /^\d+$/.test(value),
  );
  return id ? `${path}?${id[0]}=${id[1]}` : path;
}
