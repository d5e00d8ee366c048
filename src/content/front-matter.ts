/**
 * Front matter, the block of fields at the top of a Markdown file, in the three syntaxes Hugo
 * accepts and Zola, Jekyll and Astro use: YAML between "---" lines, TOML between "+++" lines
 * (smol-toml) and a JSON object. Splits it from the body and reads its fields with typed
 * getters that report problems with the file's line number, so an editor can jump straight to
 * it. Which field means what (Hugo's `lastmod`, Astro's `pubDate`...) is conventions.ts's job.
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import { parseTimestamp } from './dates.ts';
import type { Problem } from './problem.ts';

export { parseTimestamp } from './dates.ts';

export type FrontMatterFormat = 'yaml' | 'toml' | 'json';

export interface SplitSource {
  /** The syntax of the front matter, or null when the file has none. */
  format: FrontMatterFormat | null;
  /** The front matter's text (without its fences), or null when the file has none. */
  source: string | null;
  /** 1-based file line of the front matter text's first line. */
  sourceLine: number;
  body: string;
  /** 1-based file line where the body starts. */
  bodyLine: number;
}

const FENCES: Record<string, { format: FrontMatterFormat; close: RegExp; name: string }> = {
  '---': { format: 'yaml', close: /^(---|\.\.\.)\s*$/, name: '---' },
  '+++': { format: 'toml', close: /^\+\+\+\s*$/, name: '+++' },
};

/**
 * A JSON front matter object (Hugo): the file opens with "{" and the object ends on a line
 * that closes it. The first "}" line after which the text parses as JSON is the end.
 */
function splitJson(lines: string[]): SplitSource | Problem {
  for (let i = 0; i < lines.length; i++) {
    if (!/^\}\s*$/.test(lines[i] ?? '')) {
      continue;
    }
    const source = lines.slice(0, i + 1).join('\n');
    try {
      JSON.parse(source);
    } catch {
      continue;
    }
    return {
      format: 'json',
      source,
      sourceLine: 1,
      body: lines.slice(i + 1).join('\n'),
      bodyLine: i + 2,
    };
  }
  let message = 'the opening "{" has no closing "}" line';
  try {
    JSON.parse(lines.join('\n'));
  } catch (error) {
    message = `invalid JSON: ${(error as Error).message}`;
  }
  return { line: 1, field: 'front matter', message };
}

/**
 * @example
 * splitFrontMatter('---\ntitle: Hi\n---\nBody') // { format: 'yaml', source: 'title: Hi', sourceLine: 2, body: 'Body', bodyLine: 4 }
 * splitFrontMatter('+++\ntitle = "Hi"\n+++\nBody').format // 'toml'
 */
export function splitFrontMatter(text: string): SplitSource | Problem {
  const lines = text.split('\n');
  const first = lines[0]?.trimEnd() ?? '';
  if (first === '{') {
    return splitJson(lines);
  }
  const fence = FENCES[first];
  if (!fence) {
    return { format: null, source: null, sourceLine: 1, body: text, bodyLine: 1 };
  }
  const close = lines.findIndex((l, i) => i > 0 && fence.close.test(l));
  if (close < 0) {
    return {
      line: 1,
      field: 'front matter',
      message: `the opening "${fence.name}" has no closing "${fence.name}" line`,
    };
  }
  return {
    format: fence.format,
    source: lines.slice(1, close).join('\n'),
    sourceLine: 2,
    body: lines.slice(close + 1).join('\n'),
    bodyLine: close + 2,
  };
}

interface Field {
  value: unknown;
  line: number;
}

const TRUE_WORDS = new Set(['true', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'off']);

/** Front-matter fields with typed getters; each getter records a problem and returns a fallback. */
export class FrontMatter {
  readonly problems: Problem[] = [];
  private readonly fields = new Map<string, Field>();

  constructor(
    format: FrontMatterFormat | null,
    source: string | null,
    private readonly firstLine: number,
  ) {
    if (format === null || source === null || source.trim() === '') {
      return;
    }
    if (format === 'yaml') {
      this.readYaml(source);
    } else if (format === 'toml') {
      this.readToml(source);
    } else {
      this.readJson(source);
    }
  }

  private readYaml(yaml: string): void {
    const firstLine = this.firstLine;
    const lineCounter = new LineCounter();
    const doc = parseDocument(yaml, { lineCounter, uniqueKeys: true });
    for (const error of doc.errors) {
      const where = error.linePos?.[0]?.line;
      this.problems.push({
        line: where === undefined ? firstLine : firstLine + where - 1,
        field: 'front matter',
        // yaml appends " at line N, column M:" and a code excerpt; the line is reported separately.
        message: `invalid YAML: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
      });
    }
    if (doc.errors.length > 0) {
      return;
    }
    if (!isMap(doc.contents)) {
      this.problems.push({
        line: firstLine,
        field: 'front matter',
        message: 'expected "key: value" lines',
      });
      return;
    }
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      const node = isNode(pair.value) ? pair.value : isNode(pair.key) ? pair.key : null;
      const line = firstLine + lineCounter.linePos(node?.range?.[0] ?? 0).line - 1;
      if (key !== null) {
        const value = isNode(pair.value) ? pair.value.toJSON() : pair.value;
        this.fields.set(key.toLowerCase(), { value, line });
      }
    }
  }

  private readToml(toml: string): void {
    let data: Record<string, unknown>;
    try {
      data = parseToml(toml);
    } catch (error) {
      const line = error instanceof TomlError ? error.line : 1;
      this.problems.push({
        line: this.firstLine + line - 1,
        field: 'front matter',
        // smol-toml's message repeats the line with a caret under it; the line is reported separately.
        message: `invalid TOML: ${((error as Error).message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '')}`,
      });
      return;
    }
    // smol-toml gives no positions: a key's line is where "key =" or "[key]" first appears at
    // the top level, which is all an editor needs to find it.
    const lines = toml.split('\n');
    const lineOf = (key: string): number => {
      const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const pattern = new RegExp(`^\\s*(?:\\[\\[?\\s*)?["']?${escaped}["']?\\s*(?:=|\\]|\\.)`);
      const index = lines.findIndex((l) => pattern.test(l));
      return this.firstLine + Math.max(0, index);
    };
    for (const [key, value] of Object.entries(data)) {
      this.fields.set(key.toLowerCase(), { value: plain(value), line: lineOf(key) });
    }
  }

  private readJson(json: string): void {
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch (error) {
      this.problems.push({
        line: this.firstLine,
        field: 'front matter',
        message: `invalid JSON: ${(error as Error).message}`,
      });
      return;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      this.problems.push({
        line: this.firstLine,
        field: 'front matter',
        message: 'expected a JSON object',
      });
      return;
    }
    const lines = json.split('\n');
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      const index = lines.findIndex((l) => l.includes(JSON.stringify(key)));
      this.fields.set(key.toLowerCase(), { value, line: this.firstLine + Math.max(0, index) });
    }
  }

  /** The lowercased names of every field present, in the order written. */
  keys(): string[] {
    return [...this.fields.keys()];
  }

  /** The raw value of a field (after YAML), for fields that accept several shapes. */
  value(key: string): unknown {
    return this.fields.get(key)?.value;
  }

  has(key: string): boolean {
    return this.fields.has(key);
  }

  /** Line of a field, or of the front matter when it is absent. */
  line(key: string): number {
    return this.fields.get(key)?.line ?? this.firstLine;
  }

  private fail(key: string, message: string): void {
    this.problems.push({ line: this.line(key), field: key, message });
  }

  /** The first of `keys` that is present (e.g. summary, then description). */
  first(...keys: string[]): string | undefined {
    return keys.find((k) => this.fields.has(k));
  }

  text(key: string): string | null {
    const field = this.fields.get(key);
    if (!field || field.value === null || field.value === undefined) {
      return null;
    }
    if (typeof field.value === 'string') {
      return field.value.trim();
    }
    if (typeof field.value === 'number') {
      return String(field.value);
    }
    this.fail(key, `expected text, got ${describe(field.value)}`);
    return null;
  }

  /** A YAML list of words, or one string split on commas ("python, fastapi"). */
  list(key: string): string[] {
    const field = this.fields.get(key);
    if (!field || field.value === null || field.value === undefined) {
      return [];
    }
    if (typeof field.value === 'string') {
      return field.value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    }
    if (Array.isArray(field.value)) {
      const items: string[] = [];
      for (const item of field.value) {
        if (typeof item === 'string' || typeof item === 'number') {
          const text = String(item).trim();
          if (text !== '') {
            items.push(text);
          }
        } else {
          this.fail(key, `expected a list of words, got an item that is ${describe(item)}`);
        }
      }
      return items;
    }
    this.fail(key, `expected a list like [a, b], got ${describe(field.value)}`);
    return [];
  }

  boolean(key: string): boolean {
    const field = this.fields.get(key);
    if (!field || field.value === null || field.value === undefined) {
      return false;
    }
    if (typeof field.value === 'boolean') {
      return field.value;
    }
    const word = String(field.value).toLowerCase();
    if (TRUE_WORDS.has(word) || FALSE_WORDS.has(word)) {
      return TRUE_WORDS.has(word);
    }
    this.fail(key, `expected true or false, got ${describe(field.value)}`);
    return false;
  }

  /** A whole number in [min, max]; `fallback` when absent. */
  integer(key: string, min: number, max: number, fallback: number): number {
    const field = this.fields.get(key);
    if (!field || field.value === null || field.value === undefined) {
      return fallback;
    }
    const value = field.value;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(key, `expected a whole number from ${min} to ${max}, got ${describe(value)}`);
      return fallback;
    }
    if (value < min || value > max) {
      this.fail(key, `expected a whole number from ${min} to ${max}, got ${value}`);
      return fallback;
    }
    return value;
  }

  /** A nested map, e.g. `scores: { quality: 90 }`, as its entries. */
  map(key: string): Map<string, unknown> {
    const field = this.fields.get(key);
    if (!field || field.value === null || field.value === undefined) {
      return new Map();
    }
    if (typeof field.value !== 'object' || Array.isArray(field.value)) {
      this.fail(key, `expected "name: value" entries, got ${describe(field.value)}`);
      return new Map();
    }
    return new Map(
      Object.entries(field.value as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]),
    );
  }

  /** Records a problem about a field the caller checked itself. */
  report(key: string, message: string): void {
    this.fail(key, message);
  }

  /**
   * A date or date-time as an ISO timestamp (UTC). Accepts 2024-05-01, 2024-05-01T09:30:00Z,
   * 2024-05-01 09:30:00 +0200 (Jekyll); a time without an offset is taken as UTC.
   */
  timestamp(key: string): string | null {
    const field = this.fields.get(key);
    if (!field || field.value === null || field.value === undefined) {
      return null;
    }
    const iso = typeof field.value === 'string' ? parseTimestamp(field.value) : null;
    if (iso === null) {
      this.fail(
        key,
        `expected a real date like 2024-05-01 or 2024-05-01T09:30:00Z, got ${describe(field.value)}`,
      );
    }
    return iso;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (value !== null && typeof value === 'object') {
    return 'a map';
  }
  if (typeof value === 'string') {
    return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  }
  return String(value);
}

/**
 * TOML values as plain data: a datetime becomes the text it was written as (smol-toml's TomlDate
 * prints itself that way), so every format hands the getters strings, numbers, lists and maps.
 */
function plain(value: unknown): unknown {
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
