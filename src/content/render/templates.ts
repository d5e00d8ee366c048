/**
 * Template syntax left in a source (Hugo shortcodes `{{< … >}}` / `{{% … %}}`, Go or Liquid
 * `{{ … }}`, Liquid tags `{% … %}`) means nothing once the article lives here: each one is
 * reported with its line and removed before the source is rendered, so it is never printed.
 * Code (fenced, indented, inline, <pre>, <code>) is left alone: templates shown as code are
 * content.
 */
import type { Problem } from '../problem.ts';

// Shortcodes first (they may span lines); then a one-line `{{ … }}` or `{% … %}` expression.
const TEMPLATE = /\{\{[<%][\s\S]{0,2000}?[%>]\}\}|\{\{[^{}\n]{1,500}\}\}|\{%[^{}\n]{1,500}%\}/g;

/** Offsets [start, end) of the source that must not be touched (code). */
export type Range = [number, number];

function inRanges(offset: number, ranges: Range[]): boolean {
  return ranges.some(([start, end]) => offset >= start && offset < end);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
  }
  return line;
}

/**
 * Removes template syntax outside `code`, keeping the line count (a removed multi-line shortcode
 * leaves its newlines), and reports each one.
 *
 * @example
 * removeTemplates('Hi {{< youtube abc >}}\n', [], { field: 'body', firstLine: 1 })
 * // { text: 'Hi \n', problems: [{ line: 1, field: 'body', message: 'template syntax "{{< youtube abc >}}" …' }] }
 */
export function removeTemplates(
  text: string,
  code: Range[],
  where: { field: string; firstLine: number },
): { text: string; problems: Problem[] } {
  const problems: Problem[] = [];
  const out = text.replace(TEMPLATE, (match: string, offset: number) => {
    if (inRanges(offset, code)) {
      return match;
    }
    const shown = match.length > 60 ? `${match.slice(0, 57)}…` : match;
    problems.push({
      line: where.firstLine + lineAt(text, offset) - 1,
      field: where.field,
      message: `template syntax ${JSON.stringify(shown.replace(/\s+/g, ' '))} is not supported here; removed`,
    });
    return match.replace(/[^\n]/g, '');
  });
  return { text: out, problems };
}
