/**
 * Turns a source file's bytes into text the parsers can read, or says why it cannot: too large,
 * empty, binary, UTF-16/UTF-32, not valid UTF-8, or holding control characters. Pure: runs in Node (the importer) and Workers.
 */
import { describeCharacter, findControl } from './characters.ts';
import type { Problem } from './problem.ts';

/** Files larger than this are rejected before they are read (docs/IMPORT.md). */
export const MAX_FILE_BYTES = 256 * 1024;

/** The fields a decoding problem names. */
type DecodeField = 'size' | 'content' | 'encoding';

export type DecodeResult = { ok: true; text: string } | { ok: false; problem: Problem };

const BOMS: { bytes: number[]; name: string }[] = [
  // UTF-32 first: its little-endian BOM starts with the UTF-16 one.
  { bytes: [0xff, 0xfe, 0x00, 0x00], name: 'UTF-32' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], name: 'UTF-32' },
  { bytes: [0xff, 0xfe], name: 'UTF-16' },
  { bytes: [0xfe, 0xff], name: 'UTF-16' },
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** 1-based line of a byte offset: lines are counted on "\n" bytes, which UTF-8 never reuses. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
    }
  }
  return line;
}

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence (no overlongs, no
 * surrogates, nothing above U+10FFFF), or -1 when the whole buffer is valid. TextDecoder's
 * fatal mode says that a buffer is invalid but not where, and an editor needs the line.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let code: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
      code = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
      code = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
      code = b & 0x07;
    } else {
      return i;
    }
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) {
        return i;
      }
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * The problem with a file of `size` bytes, or null when it is within the limit. Callers that know
 * the size before reading (the importer) check it first, so a huge file is never loaded.
 *
 * @example
 * sizeProblem(300 * 1024, MAX_FILE_BYTES)?.message // '300 KiB is over the 256 KiB limit; …'
 */
export function sizeProblem(size: number, maxBytes = MAX_FILE_BYTES): Problem | null {
  if (size <= maxBytes) {
    return null;
  }
  return {
    field: 'size',
    message: `${Math.ceil(size / 1024)} KiB is over the ${maxBytes / 1024} KiB limit; expected a smaller file (split the article)`,
  };
}

/**
 * @example
 * const result = decodeSource(bytes);
 * if (!result.ok) console.error(result.problem.message); // e.g. 'the file is empty; expected an article'
 */
export function decodeSource(bytes: Uint8Array, maxBytes = MAX_FILE_BYTES): DecodeResult {
  const fail = (field: DecodeField, message: string, line?: number): DecodeResult => ({
    ok: false,
    problem: line === undefined ? { field, message } : { line, field, message },
  });
  const tooLarge = sizeProblem(bytes.length, maxBytes);
  if (tooLarge) {
    return { ok: false, problem: tooLarge };
  }
  if (bytes.length === 0) {
    return fail('content', 'the file is empty; expected an article');
  }
  const bom = BOMS.find((candidate) => startsWith(bytes, candidate.bytes));
  if (bom) {
    const mark = bom.bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
    return fail(
      'encoding',
      `${bom.name} (byte order mark ${mark}); expected UTF-8, re-save the file as UTF-8`,
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return fail(
      'content',
      `binary data (NUL byte at offset ${nul}); expected a UTF-8 text file`,
      lineAt(bytes, nul),
    );
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid >= 0) {
    const byte = (bytes[invalid] as number).toString(16).padStart(2, '0');
    return fail(
      'encoding',
      `invalid UTF-8 byte 0x${byte} at offset ${invalid}; expected UTF-8, re-save the file as UTF-8`,
      lineAt(bytes, invalid),
    );
  }
  // A UTF-8 BOM is harmless but would end up in the title; Windows line endings are normalised
  // so the parsers see one kind of line. Form feeds and vertical tabs are whitespace (CommonMark
  // counts them so; old text files use a form feed as a page break, as a real Rust blog post
  // does): they read as spaces, which keeps every line and column where it was.
  const text = new TextDecoder('utf-8')
    .decode(bytes)
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\f\v]/g, ' ');
  if (text.trim() === '') {
    return fail('content', 'the file is empty (only whitespace); expected an article');
  }
  // Raw control characters are refused here, where the line is known, for every format; those
  // that a front-matter escape produces are caught on the parsed article (validate.ts).
  const control = findControl(text);
  if (control) {
    const before = text.slice(0, control.index);
    const column = control.index - before.lastIndexOf('\n');
    return fail(
      'content',
      `control character ${describeCharacter(control.char)} at column ${column}; expected text (remove it; a C1 character often means text that was decoded twice)`,
      before.split('\n').length,
    );
  }
  return { ok: true, text };
}
