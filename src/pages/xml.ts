/**
 * A tiny tagged template for XML documents (the feed and the sitemap). Interpolated values are
 * escaped unless they are themselves `xml` fragments, so markup can only come from the template
 * text in our source. JSX is not used for XML: it knows HTML's void elements and would write RSS's
 * <link> without its content.
 */

export class XmlFragment {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

// Characters XML 1.0 does not allow at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF):
// escaping cannot save them, and one would make the whole document unreadable to a feed reader.
const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * @example
 * escapeXml('a < b & "c"') // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeXml(text: string): string {
  return text.replace(INVALID_XML_CHARS, '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

type XmlValue = XmlFragment | string | number | null | undefined | XmlValue[];

function render(value: XmlValue): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (value instanceof XmlFragment) {
    return value.value;
  }
  if (Array.isArray(value)) {
    return value.map(render).join('');
  }
  return escapeXml(String(value));
}

/**
 * @example
 * xml`<title>${'Tom & Jerry'}</title>`.toString() // '<title>Tom &amp; Jerry</title>'
 */
export function xml(strings: TemplateStringsArray, ...values: XmlValue[]): XmlFragment {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new XmlFragment(out);
}
