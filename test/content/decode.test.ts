import { describe, expect, it } from 'vitest';
import { decodeSource, firstInvalidUtf8 } from '../../src/content/decode.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function problem(bytes: Uint8Array, max?: number) {
  const result = decodeSource(bytes, max);
  if (result.ok) {
    throw new Error('expected a problem');
  }
  return result.problem;
}

describe('decodeSource', () => {
  it('reads UTF-8, dropping a byte order mark and Windows line endings', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('café\r\nline two\r\n')]);
    expect(decodeSource(bytes)).toEqual({ ok: true, text: 'café\nline two\n' });
  });

  it('reads a form feed or vertical tab as a space, so a page break does not refuse a post', () => {
    // As in the Rust blog's "Rust 2017 Survey Results": a line holding only a form feed.
    expect(decodeSource(utf8('# Conclusion\n\f\nWe are\vblown away.\n'))).toEqual({
      ok: true,
      text: '# Conclusion\n \nWe are blown away.\n',
    });
    expect(problem(utf8('line one\nsay \u0007 here\n'))).toMatchObject({
      field: 'content',
      line: 2,
    });
  });

  it('rejects an empty or whitespace-only file', () => {
    expect(problem(new Uint8Array())).toEqual({
      field: 'content',
      message: 'the file is empty; expected an article',
    });
    expect(problem(utf8(' \n\n\t'))).toEqual({
      field: 'content',
      message: 'the file is empty (only whitespace); expected an article',
    });
  });

  it('rejects UTF-16 and UTF-32 by their byte order mark', () => {
    expect(problem(new Uint8Array([0xff, 0xfe, 0x74, 0x00]))).toEqual({
      field: 'encoding',
      message: 'UTF-16 (byte order mark FF FE); expected UTF-8, re-save the file as UTF-8',
    });
    expect(problem(new Uint8Array([0xfe, 0xff, 0x00, 0x74])).message).toMatch(
      /^UTF-16 \(byte order mark FE FF\)/,
    );
    expect(problem(new Uint8Array([0xff, 0xfe, 0x00, 0x00, 0x74, 0, 0, 0])).message).toMatch(
      /^UTF-32/,
    );
  });

  it('rejects binary data, naming the line of the first NUL byte', () => {
    // A PNG signature: two "\n" bytes before the first NUL, so line 3.
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
    expect(problem(png)).toEqual({
      line: 3,
      field: 'content',
      message: 'binary data (NUL byte at offset 8); expected a UTF-8 text file',
    });
  });

  it('rejects Latin-1 text, naming the line of the first invalid byte', () => {
    const latin1 = new Uint8Array([...utf8('title\nsecond\ncaf'), 0xe9, ...utf8(' au lait\n')]);
    expect(problem(latin1)).toEqual({
      line: 3,
      field: 'encoding',
      message: 'invalid UTF-8 byte 0xe9 at offset 16; expected UTF-8, re-save the file as UTF-8',
    });
  });

  it('rejects a file over the size limit', () => {
    expect(problem(new Uint8Array(3 * 1024).fill(0x61), 2 * 1024)).toEqual({
      field: 'size',
      message: '3 KiB is over the 2 KiB limit; expected a smaller file (split the article)',
    });
  });
});

describe('firstInvalidUtf8', () => {
  it('accepts all of UTF-8 and refuses overlongs, surrogates and truncated sequences', () => {
    expect(firstInvalidUtf8(utf8('a é € 𝄞'))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xe2, 0x82]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
  });
});
