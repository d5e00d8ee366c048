/**
 * The --remote path without Cloudflare: the SQL files it would hand to `wrangler d1 execute
 * --remote --file` are run here against real D1, one file per transaction as D1's import API
 * runs them, and the wrangler command lines are checked. The wrangler/network leg itself is not.
 */
import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { generateArticle } from '../../scripts/lib/generator.ts';
import { type FileRunner, remoteTransaction } from '../../scripts/lib/remote-transaction.ts';
import {
  migrateLocalArgs,
  remoteCommandArgs,
  remoteFileArgs,
  remoteMediaPutArgs,
} from '../../scripts/lib/wrangler-commands.ts';
import { formatAlphanode } from '../../src/content/alphanode-format.ts';
import { createDb } from '../../src/db/client.ts';
import { articles } from '../../src/db/schema.ts';
import { importDocuments } from '../../src/import/run-import.ts';
import { doc } from './documents.ts';

const db = createDb(env.DB);

/** Splits a SQL file on the semicolons that end statements (not those inside quotes). */
function statementsOf(file: string): string[] {
  const out: string[] = [];
  let quote: string | null = null;
  let current = '';
  for (const char of file) {
    current += char;
    if (quote !== null) {
      if (char === quote) {
        quote = null;
      }
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === ';') {
      out.push(current.trim());
      current = '';
    }
  }
  expect(current.trim()).toBe('');
  return out;
}

/** Stands in for wrangler + D1's import API: the whole file in one transaction. */
function d1FileRunner(files: string[]): FileRunner {
  return async (sql) => {
    files.push(sql);
    try {
      const results = await env.DB.batch(statementsOf(sql).map((s) => env.DB.prepare(s)));
      return { ok: true, rowsWritten: results.reduce((n, r) => n + r.meta.rows_written, 0) };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  };
}

describe('import --remote: the SQL files', () => {
  it('store the same articles as a local import, several articles per file', async () => {
    const files: string[] = [];
    const corpus = Array.from({ length: 5 }, (_, i) => generateArticle(500 + i, 4));
    const tricky = {
      ...corpus[0]?.input,
      title: 'Quotes \' and " and BEGIN TRANSACTION; inside',
    } as (typeof corpus)[number]['input'];
    const summary = await importDocuments(
      db,
      [
        doc('t.txt', formatAlphanode(tricky)),
        ...corpus.slice(1).map((c, i) => doc(`${i}.txt`, c.text)),
      ],
      { transaction: remoteTransaction(d1FileRunner(files)), articlesPerTransaction: 2 },
    );
    expect(summary).toMatchObject({ created: 5, rejected: 0 });
    expect(files).toHaveLength(3);
    expect(summary.rowsWritten).toBeGreaterThan(50);
    for (const file of files) {
      expect(file).not.toContain('BEGIN TRANSACTION');
    }
    const stored = await db
      .select()
      .from(articles)
      .where(eq(articles.sourceId, tricky.sourceId))
      .get();
    expect(stored?.title).toBe(tricky.title);

    const again = await importDocuments(db, [doc('t.txt', formatAlphanode(tricky))], {
      transaction: remoteTransaction(d1FileRunner(files)),
    });
    expect(again).toMatchObject({ unchanged: 1, rowsWritten: 0 });
    expect(files).toHaveLength(3);
  });

  it("store a Markdown post's old URLs, which then answer 301", async () => {
    const files: string[] = [];
    const post = [
      '+++',
      'path = "2018/05/10/Remote-Post"',
      'title = "A post imported remotely"',
      'aliases = ["releases/9.9.9"]',
      '+++',
      '',
      'Old links to this post must keep working.',
    ].join('\n');
    const summary = await importDocuments(db, [doc('Remote-Post.md', post)], {
      transaction: remoteTransaction(d1FileRunner(files)),
    });
    expect(summary).toMatchObject({ created: 1, rejected: 0 });
    expect(files.join('\n')).toContain('"redirects"');
    for (const old of ['/releases/9.9.9', '/2018/05/10/Remote-Post.html']) {
      const moved = await exports.default.fetch(`https://alphanode.test${old}`, {
        redirect: 'manual',
      });
      expect(moved.status, old).toBe(301);
      expect(moved.headers.get('location'), old).toBe('/posts/remote-post');
    }
  });

  it('refuses an article D1 could not take alone, and still writes its file-mates', async () => {
    const files: string[] = [];
    const a = generateArticle(600, 4);
    const huge = {
      ...generateArticle(601, 4).input,
      sections: [
        { heading: null, blocks: [{ kind: 'paragraph' as const, text: 'y'.repeat(110_000) }] },
      ],
    };
    const summary = await importDocuments(
      db,
      [doc('a.txt', a.text), doc('huge.txt', formatAlphanode(huge))],
      { transaction: remoteTransaction(d1FileRunner(files)), maxFileBytes: 512 * 1024 },
    );
    expect(summary).toMatchObject({ created: 1, rejected: 1 });
    expect(files).toHaveLength(1);
  });
});

describe('wrangler command lines', () => {
  const target = { configPath: '/p/wrangler.toml', environment: 'staging' };

  it('runs a file remotely without prompting, in the chosen environment', () => {
    expect(remoteFileArgs(target, '/tmp/x/batch-00001.sql')).toEqual([
      'd1',
      'execute',
      'DB',
      '--remote',
      '--file',
      '/tmp/x/batch-00001.sql',
      '--yes',
      '--json',
      '--config',
      '/p/wrangler.toml',
      '--env',
      'staging',
    ]);
  });

  it('reads remotely through --command with JSON output', () => {
    expect(remoteCommandArgs(target, 'select 1')).toEqual([
      'd1',
      'execute',
      'DB',
      '--remote',
      '--command',
      'select 1',
      '--json',
      '--config',
      '/p/wrangler.toml',
      '--env',
      'staging',
    ]);
  });

  it('puts an image into the deployed bucket, not the local one', () => {
    expect(
      remoteMediaPutArgs(
        target,
        'alphanode-media-staging',
        '0123456789abcdef.png',
        '/tmp/m/x',
        'image/png',
      ),
    ).toEqual([
      'r2',
      'object',
      'put',
      'alphanode-media-staging/0123456789abcdef.png',
      '--file',
      '/tmp/m/x',
      '--content-type',
      'image/png',
      '--remote',
      '--config',
      '/p/wrangler.toml',
      '--env',
      'staging',
    ]);
  });

  it('migrates the local database in the same state directory as the import', () => {
    expect(migrateLocalArgs({ configPath: '/p/wrangler.toml' }, '/tmp/state')).toEqual([
      'd1',
      'migrations',
      'apply',
      'DB',
      '--local',
      '--persist-to',
      '/tmp/state',
      '--config',
      '/p/wrangler.toml',
    ]);
  });
});
