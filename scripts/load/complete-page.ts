/**
 * Whether a response body is a whole page rather than one cut short: an HTML page ends with
 * `</html>`, an XML document with the closing tag of the element it opened with.
 */

/**
 * @example
 * isCompletePage('text/html; charset=UTF-8', '<!DOCTYPE html><html>…</html>\n') // true
 * isCompletePage('application/rss+xml', '<?xml version="1.0"?><rss>…') // false
 */
export function isCompletePage(contentType: string | undefined, body: string): boolean {
  const type = (contentType ?? '').toLowerCase();
  const text = body.trimEnd();
  if (type.includes('html')) {
    return /<\/html>$/i.test(text);
  }
  if (type.includes('xml')) {
    const root = text.replace(/^<\?xml[^>]*\?>\s*/, '').match(/^<([A-Za-z][\w:-]*)/)?.[1];
    return root !== undefined && text.endsWith(`</${root}>`);
  }
  // Other kinds (robots.txt) have no end marker; the mix requests none of them.
  return text.length > 0;
}
