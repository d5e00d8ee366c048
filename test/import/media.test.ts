/**
 * Page bundles: an image beside `post/index.md` is stored in the MEDIA bucket (local R2) under a
 * hash of its bytes, the stored body shows it from /media/<hash>.png with its width and height,
 * and the Worker serves it with its type and immutable caching. A missing image rejects only its
 * article, with the line that shows it; an unchanged re-import writes nothing.
 */
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/client.ts';
import { type FileOutcome, importDocuments } from '../../src/import/run-import.ts';
import { type MediaStore, r2MediaStore } from '../../src/media/store.ts';
import { bundleDoc, lineOf } from './documents.ts';

const SITE = 'http://localhost:8787';

/** A real 3×2 RGB PNG (68 bytes). */
const PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGP4z8AAQQxwFgBB0gX7h/C5SAAAAABJRU5ErkJggg==',
  ),
  (c) => c.charCodeAt(0),
);

const post = `---
title: A post with a picture
date: 2024-05-01
---

The cover, beside this file:

![A red pixel strip](pixel.png)

And the same one again, written another way: ![again](./pixel.png)
`;

const broken = `---
title: A post with a missing picture
date: 2024-05-02
---

Some text.

![gone](missing.png)
`;

async function sha(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The real R2 store, counting the puts it passes on. */
function countingStore(): MediaStore & { puts: number } {
  const store = r2MediaStore(env.MEDIA);
  const counted = {
    puts: 0,
    has: store.has,
    put: async (key: string, bytes: Uint8Array, type: string) => {
      counted.puts++;
      await store.put(key, bytes, type);
    },
  };
  return counted;
}

describe('page bundles: images in R2', () => {
  it('stores the image, shows it in the post and serves it; a re-import writes nothing', async () => {
    const key = `${(await sha(PNG)).slice(0, 16)}.png`;
    const documents = [
      bundleDoc('content/posts/picture/index.md', post, { 'content/posts/picture/pixel.png': PNG }),
    ];
    const store = countingStore();
    const summary = await importDocuments(createDb(env.DB), documents, { media: store });
    expect(summary).toMatchObject({ created: 1, rejected: 0, mediaStored: 1 });
    expect(store.puts).toBe(1);

    const page = await exports.default.fetch(`${SITE}/posts/picture`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const imgs = html.match(/<img [^>]*>/g) ?? [];
    expect(imgs).toHaveLength(2);
    for (const img of imgs) {
      expect(img).toContain(`src="/media/${key}"`);
      expect(img).toContain('width="3"');
      expect(img).toContain('height="2"');
      expect(img).toContain('loading="lazy"');
    }

    const image = await exports.default.fetch(`${SITE}/media/${key}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(image.headers.get('x-cache-rule')).toBe('media');
    const etag = image.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG);
    const again = await exports.default.fetch(`${SITE}/media/${key}`, {
      headers: { 'if-none-match': etag as string },
    });
    expect(again.status).toBe(304);

    const rerun = countingStore();
    const second = await importDocuments(createDb(env.DB), documents, {
      media: rerun,
    });
    expect(second).toMatchObject({
      unchanged: 1,
      created: 0,
      updated: 0,
      rowsWritten: 0,
      mediaStored: 0,
    });
    expect(rerun.puts).toBe(0);
  });

  it('with missingImages "reject", rejects only the article whose image is missing, with the line that shows it', async () => {
    const summary = await importDocuments(
      createDb(env.DB),
      [
        bundleDoc('content/posts/ok/index.md', post.replace('picture', 'ok picture'), {
          'content/posts/ok/pixel.png': PNG,
        }),
        bundleDoc('content/posts/broken/index.md', broken, {}),
      ],
      {
        media: r2MediaStore(env.MEDIA),
        missingImages: 'reject',
        onFile: (outcome) => {
          if (outcome.path === 'content/posts/broken/index.md') {
            expect(outcome).toMatchObject({
              status: 'rejected',
              problems: [
                {
                  field: 'image',
                  line: lineOf(broken, 'missing.png'),
                  message: expect.stringContaining('"missing.png" does not exist'),
                },
              ],
            });
          }
        },
      },
    );
    expect(summary).toMatchObject({ created: 1, rejected: 1 });
    expect((await exports.default.fetch(`${SITE}/posts/broken`)).status).toBe(404);
  });

  it('by default keeps a missing image as written and says so with its line', async () => {
    const outcomes: FileOutcome[] = [];
    const summary = await importDocuments(
      createDb(env.DB),
      [bundleDoc('content/posts/kept/index.md', broken.replace('missing picture', 'kept'), {})],
      {
        media: r2MediaStore(env.MEDIA),
        onFile: (outcome) => outcomes.push(outcome),
      },
    );
    expect(summary).toMatchObject({ created: 1, rejected: 0 });
    expect(outcomes[0]).toMatchObject({
      warnings: [{ field: 'image', line: lineOf(broken, 'missing.png') }],
    });
    const html = await (await exports.default.fetch(`${SITE}/posts/kept`)).text();
    expect(html).toContain('src="missing.png"');
  });

  it('refuses an oversized or non-image file for that article', async () => {
    const summary = await importDocuments(
      createDb(env.DB),
      [
        bundleDoc('content/posts/text/index.md', post.replace('picture', 'text picture'), {
          'content/posts/text/pixel.png': new TextEncoder().encode('not a picture'),
        }),
      ],
      {
        media: r2MediaStore(env.MEDIA),
        onFile: (outcome) =>
          expect(outcome).toMatchObject({
            status: 'rejected',
            problems: [
              {
                line: lineOf(post, '(pixel.png)'),
                message: expect.stringContaining('is not an image'),
              },
              {
                line: lineOf(post, './pixel.png'),
                message: expect.stringContaining('is not an image'),
              },
            ],
          }),
      },
    );
    expect(summary).toMatchObject({ rejected: 1 });
  });

  it('puts nothing on a dry run, nor for an edited article whose image is stored already', async () => {
    const documents = [
      bundleDoc('content/posts/edited/index.md', post.replace('picture', 'edited picture'), {
        'content/posts/edited/pixel.png': PNG,
      }),
    ];
    const dry = countingStore();
    const planned = await importDocuments(createDb(env.DB), documents, {
      media: dry,
      dryRun: true,
    });
    expect(planned).toMatchObject({ created: 1, mediaStored: 0 });
    expect(dry.puts).toBe(0);

    await importDocuments(createDb(env.DB), documents, { media: r2MediaStore(env.MEDIA) });
    const edited = [
      bundleDoc(
        'content/posts/edited/index.md',
        post.replace('picture', 'edited picture').replace('The cover', 'The new cover'),
        { 'content/posts/edited/pixel.png': PNG },
      ),
    ];
    const store = countingStore();
    const summary = await importDocuments(createDb(env.DB), edited, { media: store });
    expect(summary).toMatchObject({ updated: 1, mediaStored: 0 });
    expect(store.puts).toBe(0);
  });

  it('answers 404 for a name no import stored, and for a malformed one', async () => {
    for (const path of ['/media/0123456789abcdef.png', '/media/../secrets', '/media/x.exe']) {
      expect((await exports.default.fetch(`${SITE}${path}`)).status).toBe(404);
    }
  });
});
