/** Links between imported articles become /posts/<slug> in the stored body. */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { importDocuments } from '../../src/import/run-import.ts';
import zolaRelease from '../fixtures/zola/content/Rust-1.26.md?raw';
import { doc } from './documents.ts';

const linking = `+++
path = "inside-rust/2018/06/01/looking-back"
title = "Looking back at 1.26"
+++

See [the release](../Rust-1.26.md#impl-trait), [its old URL](/2018/05/10/Rust-1.26.html),
[the same on the old site](https://blog.rust-lang.org/releases/1.26.0), [Zola's form](@/Rust-1.26.md)
and [GitHub](https://github.com/rust-lang/rust).
`;

describe('import: links between imported articles', () => {
  it('resolves relative files, old URLs, the old site and Zola @/ links; leaves the rest', async () => {
    const summary = await importDocuments(
      createDb(env.DB),
      [
        { ...doc('content/Rust-1.26.md', zolaRelease), relativePath: 'Rust-1.26.md' },
        {
          ...doc('content/inside-rust/looking-back.md', linking),
          relativePath: 'inside-rust/looking-back.md',
        },
      ],
      { oldSites: ['https://blog.rust-lang.org'] },
    );
    expect(summary).toMatchObject({ created: 2, rejected: 0 });
    const row = await env.DB.prepare(
      "select b.html, b.links from article_bodies b join articles a on a.id = b.article_id where a.slug = 'looking-back'",
    ).first<{ html: string; links: string }>();
    const hrefs = [...(row?.html ?? '').matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([
      '/posts/rust-1-26#impl-trait',
      '/posts/rust-1-26',
      '/posts/rust-1-26',
      '/posts/rust-1-26',
      'https://github.com/rust-lang/rust',
    ]);
    expect(JSON.parse(row?.links ?? '{}')).toMatchObject({
      '../Rust-1.26.md#impl-trait': '/posts/rust-1-26#impl-trait',
    });
  });
});
