/**
 * The sanitizer is a security boundary. Vectors from the OWASP XSS filter-evasion cheat sheet
 * (encoded javascript: URLs, event handlers, SVG, nested and unclosed tags, data: URLs, entity
 * tricks, style tricks), each written into Markdown and into author HTML; the output is parsed
 * the way a browser parses it (parse5) and must carry nothing that can run or restyle the page.
 * ("javascript:" may remain as escaped text, where it is inert; an unclosed vector may swallow
 * what follows it, as it would in a browser.)
 */
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { renderAuthorHtml, renderMarkdown } from '../../../src/content/render/index.ts';

const VECTORS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>',
  '<IMG SRC="javascript:alert(\'XSS\');">',
  "<IMG SRC=javascript:alert('XSS')>",
  "<IMG SRC=JaVaScRiPt:alert('XSS')>",
  '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
  '<a onmouseover="alert(document.cookie)">xxs link</a>',
  '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
  '<IMG SRC=# onmouseover="alert(\'xxs\')">',
  '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
  '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
  '<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>',
  '<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>',
  '<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>',
  '<IMG SRC="jav\tascript:alert(\'XSS\');">',
  '<IMG SRC="jav&#x09;ascript:alert(\'XSS\');">',
  '<IMG SRC="jav&#x0A;ascript:alert(\'XSS\');">',
  '<IMG SRC=" &#14;  javascript:alert(\'XSS\');">',
  '<SCRIPT/XSS SRC="https://xss.example/xss.js"></SCRIPT>',
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
  '<SCRIPT SRC=https://xss.example/xss.js?< B >',
  '<IMG SRC="`<javascript:alert>`(\'XSS\')"',
  '<iframe src=https://xss.example/scriptlet.html <',
  '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
  '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
  '<BODY BACKGROUND="javascript:alert(\'XSS\')">',
  '<IMG DYNSRC="javascript:alert(\'XSS\')">',
  '<IMG LOWSRC="javascript:alert(\'XSS\')">',
  '<STYLE>li {list-style-image: url("javascript:alert(\'XSS\')");}</STYLE><UL><LI>XSS</br>',
  '<svg/onload=alert("XSS")>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<BGSOUND SRC="javascript:alert(\'XSS\');">',
  '<BR SIZE="&{alert(\'XSS\')}">',
  '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
  "<STYLE>@import'https://xss.example/xss.css';</STYLE>",
  '<META HTTP-EQUIV="Link" Content="<https://xss.example/xss.css>; REL=stylesheet">',
  '<IMG STYLE="xss:expr/*XSS*/ession(alert(\'XSS\'))">',
  '<XSS STYLE="behavior: url(xss.htc);">',
  '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
  '<TABLE BACKGROUND="javascript:alert(\'XSS\')">',
  '<TABLE><TD BACKGROUND="javascript:alert(\'XSS\')">',
  '<DIV STYLE="background-image: url(javascript:alert(\'XSS\'))">',
  '<DIV STYLE="width: expression(alert(\'XSS\'));">',
  '<BASE HREF="javascript:alert(\'XSS\');//">',
  '<OBJECT TYPE="text/x-scriptlet" DATA="https://xss.example/scriptlet.html"></OBJECT>',
  '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv">',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
  '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
  '<a href="&#x6A;avascript:alert(1)">entity link</a>',
  '<a href="java&#x0D;script:alert(1)">cr link</a>',
  '<a href=" javascript:alert(1)">space link</a>',
  '<a href="vbscript:msgbox(1)">vb link</a>',
  '<a href="JAVASCRIPT&colon;alert(1)">colon entity</a>',
  '<details open ontoggle=alert(1)><summary>t</summary>x</details>',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<video><source onerror="alert(1)"></video>',
  '<div id="x" class="x" onclick="alert(1)" style="color:red">div</div>',
  '<p><a href="https://ok.example" target="_blank" onfocus="alert(1)" autofocus>ok</a></p>',
  '<img src="https://ok.example/a.png" srcset="javascript:alert(1) 1x">',
  '<picture><source srcset="javascript:alert(1)"><img src="https://ok.example/b.png"></picture>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<template><script>alert(1)</script></template>',
  '<textarea><script>alert(1)</script></textarea>',
  '<div><b><i>unclosed <a href="javascript:alert(1)">nested',
];

const MARKDOWN_VECTORS = [
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![img](javascript:alert(1))',
  '![img](data:image/svg+xml;base64,PHN2Zz4=)',
  '<javascript:alert(1)>',
  '[ref]\n\n[ref]: javascript:alert(1)',
  '[a](<javascript:alert(1)>)',
];

const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formAction',
  'background',
  'poster',
  'cite',
  'longDesc',
  'data',
  'srcSet',
  'dynsrc',
  'lowsrc',
]);
const FORBIDDEN_TAGS = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'link',
  'meta',
  'base',
  'form',
  'svg',
  'math',
  'template',
  'textarea',
  'noscript',
  'body',
  'title',
  'video',
  'source',
]);

/** Every problem a browser would act on, as readable strings (empty when the HTML is safe). */
function dangers(html: string): string[] {
  const found: string[] = [];
  const tree: Root = fromHtml(html, { fragment: true });
  visit(tree, 'element', (node: Element) => {
    if (FORBIDDEN_TAGS.has(node.tagName)) {
      found.push(`<${node.tagName}>`);
    }
    for (const [name, value] of Object.entries(node.properties)) {
      if (/^on/i.test(name) || name === 'style' || name === 'autoFocus') {
        found.push(`${node.tagName}[${name}]`);
      }
      if (URL_ATTRIBUTES.has(name)) {
        // Browsers ignore control characters and spaces inside a scheme ("jav\tascript:").
        const url = [...String(value)]
          .filter((ch) => ch.charCodeAt(0) > 0x20)
          .join('')
          .toLowerCase();
        if (!/^(https?:|mailto:|#|\/|\.|[^:]*$)/.test(url)) {
          found.push(`${node.tagName}[${name}=${value}]`);
        }
      }
    }
  });
  return found;
}

describe('the sanitizer against XSS vectors', () => {
  it.each(VECTORS)('author HTML: %s', async (vector) => {
    const body = await renderAuthorHtml(`<p>before</p>${vector}<p>after</p>`, { source: 'x.html' });
    expect(dangers(body.html)).toEqual([]);
  });

  it.each(VECTORS)('raw HTML in Markdown: %s', async (vector) => {
    const body = await renderMarkdown(`before\n\n${vector}\n\nafter`, { source: 'x.md' });
    expect(dangers(body.html)).toEqual([]);
  });

  it.each(MARKDOWN_VECTORS)('Markdown links: %s', async (vector) => {
    const body = await renderMarkdown(vector, { source: 'x.md' });
    expect(dangers(body.html)).toEqual([]);
    expect(body.html).not.toMatch(/<a [^>]*href="(?!https?:|#|\/)[^"]*:/i);
  });

  it('a resolver cannot bring a script URL back', async () => {
    const body = await renderMarkdown('[a](../a.md) ![b](b.png)', {
      source: 'x.md',
      resolveLink: () => 'javascript:alert(1)',
      resolveImage: () => ({ src: 'data:image/png;base64,AAAA' }),
    });
    expect(dangers(body.html)).toEqual([]);
    expect(body.html).toContain('href="../a.md"');
  });

  it('the checker itself finds what it looks for', () => {
    expect(
      dangers('<img src=x onerror=alert(1)><a href="javascript:x">a</a><p style="x">'),
    ).toEqual(['img[onError]', 'a[href=javascript:x]', 'p[style]']);
  });
});
