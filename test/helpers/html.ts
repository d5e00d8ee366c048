/**
 * Reads a rendered page the way a browser would see its structure, with workerd's HTMLRewriter:
 * every element with its attributes, the text inside chosen elements, and script bodies. Tests
 * assert on this rather than on substrings where structure matters (which elements exist, what
 * an href really is).
 */

export interface ElementInfo {
  tag: string;
  attrs: Record<string, string>;
}

export interface PageInfo {
  elements: ElementInfo[];
  /** Text (still entity-encoded, as in the source) inside each element matched by `textOf`. */
  text: Record<string, string>;
  scripts: { type: string | undefined; body: string }[];
}

/** Decodes the few entities hono/jsx writes, so text can be compared with stored values. */
export function decodeEntities(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

export async function inspectHtml(html: string, textOf: string[] = []): Promise<PageInfo> {
  const info: PageInfo = { elements: [], text: {}, scripts: [] };
  let rewriter = new HTMLRewriter().on('*', {
    element(el) {
      info.elements.push({ tag: el.tagName, attrs: Object.fromEntries(el.attributes) });
      if (el.tagName === 'script') {
        const script = { type: el.getAttribute('type') ?? undefined, body: '' };
        info.scripts.push(script);
      }
    },
  });
  rewriter = rewriter.on('script', {
    text(chunk) {
      const last = info.scripts[info.scripts.length - 1];
      if (last) {
        last.body += chunk.text;
      }
    },
  });
  for (const selector of textOf) {
    info.text[selector] = '';
    rewriter = rewriter.on(selector, {
      text(chunk) {
        info.text[selector] += chunk.text;
      },
    });
  }
  await rewriter.transform(new Response(html)).text();
  return info;
}

/** All href/src/action values of the page. */
export function urlsOf(page: PageInfo): string[] {
  return page.elements.flatMap((el) =>
    ['href', 'src', 'action'].flatMap((name) =>
      el.attrs[name] === undefined ? [] : [el.attrs[name]],
    ),
  ) as string[];
}

/** Heading levels in document order, e.g. [1, 2, 2, 2]. */
export function headingLevels(page: PageInfo): number[] {
  return page.elements
    .map((el) => /^h([1-6])$/.exec(el.tag)?.[1])
    .filter((level): level is string => level !== undefined)
    .map(Number);
}
