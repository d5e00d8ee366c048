import { describe, expect, it } from 'vitest';
import { escapeXml, xml } from '../../src/pages/xml.ts';

describe('xml', () => {
  it('escapes interpolated text but not nested fragments', () => {
    const inner = xml`<b>${'1 < 2'}</b>`;
    expect(xml`<a t="${'"q"'}">${inner}${['&', xml`<c/>`]}</a>`.toString()).toBe(
      '<a t="&quot;q&quot;"><b>1 &lt; 2</b>&amp;<c/></a>',
    );
  });

  it('drops characters XML 1.0 cannot carry at all', () => {
    expect(escapeXml('a\u0000b\u0008c\uFFFEd\uD800e\tf')).toBe('abcde\tf');
    expect(escapeXml('emoji 😀 stays')).toBe('emoji 😀 stays');
  });
});
