/**
 * JSON-LD structured data. A <script> body is raw text to the HTML parser: entities are not
 * decoded there, so JSX's HTML escaping would corrupt the JSON, and unescaped text could close the
 * element early. This is therefore the one place the site writes a raw element body, and only
 * after jsonForScript has made `</script>`, `<!--` and friends impossible.
 */
import type { FC } from 'hono/jsx';

/**
 * JSON that is safe inside a <script> element: `<`, `>` and `&` become \u escapes (still the same
 * JSON strings), as do U+2028/U+2029, which some JavaScript parsers reject in string literals.
 *
 * @example
 * jsonForScript({ headline: '</script><b>' }) // '{"headline":"\\u003c/script\\u003e\\u003cb\\u003e"}'
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/**
 * A data block, not a script: browsers never execute type="application/ld+json", so it needs no
 * CSP script-src allowance.
 */
export const JsonLd: FC<{ data: Record<string, unknown> }> = ({ data }) => (
  // The body is escaped by jsonForScript (see the module comment).
  <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(data) }} />
);
