/**
 * YAML front matter, the convention of Hugo, Jekyll and Astro: a block between two "---" lines
 * at the top of a Markdown file. Splits it from the body and reads its fields with typed getters
 * that report problems with the file's line number, so an editor can jump straight to it.
 */
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import { isCalendarDate } from './validate.ts';

export interface FrontMatterProblem {
  line?: number;
  field: string;
  message: string;
}

export interface SplitSource {
  /** The YAML text, or null when the file has no front matter. */
  yaml: string | null;
  /** 1-based file line of the YAML's first line. */
  yamlLine: number;
  body: string;
  /** 1-based file line where the body starts. */
  bodyLine: number;
}

/**
 * @example
 * splitFrontMatter('---\ntitle: Hi\n---\nBody') // { yaml: 'title: Hi', yamlLine: 2, body: 'Body', bodyLine: 4 }
 */
export function splitFrontMatter(text: string): SplitSource | FrontMatterProblem {
  const lines = text.split('\n');
  const first = lines[0]?.trimEnd();
  if (first === '+++') {
    return {
      line: 1,
      field: 'front matter',
      message: 'TOML front matter (+++) is not supported; expected YAML between "---" lines',
    };
  }
  if (first !== '---') {
    return { yaml: null, yamlLine: 1, body: text, bodyLine: 1 };
  }
  const close = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (close < 0) {
    return {
      line: 1,
      field: 'front matter',
      message: 'the opening "---" has no closing "---" line',
    };
  }
  return {
    yaml: lines.slice(1, close).join('\n'),
    yamlLine: 2,
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
  readonly problems: FrontMatterProblem[] = [];
  private readonly fields = new Map<string, Field>();

  constructor(
    yaml: string | null,
    private readonly firstLine: number,
  ) {
    if (yaml === null || yaml.trim() === '') {
      return;
    }
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
    const iso = typeof field.value === 'string' ? parseTimestamp(field.value.trim()) : null;
    if (iso === null) {
      this.fail(
        key,
        `expected a real date like 2024-05-01 or 2024-05-01T09:30:00Z, got ${describe(field.value)}`,
      );
    }
    return iso;
  }
}

/**
 * @example
 * parseTimestamp('2024-05-01') // '2024-05-01T00:00:00.000Z'
 * parseTimestamp('2024-05-01 10:00:00 +0200') // '2024-05-01T08:00:00.000Z'
 * parseTimestamp('2024-02-30') // null
 */
export function parseTimestamp(text: string): string | null {
  const match =
    /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text,
    );
  if (!match || !isCalendarDate(match[1] as string)) {
    return null;
  }
  const [hour, minute, second] = [
    Number(match[2] ?? 0),
    Number(match[3] ?? 0),
    Number(match[4] ?? 0),
  ];
  if (hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const millis = Math.round(Number(match[5] ?? 0) * 1000);
  const [year, month, day] = (match[1] as string).split('-').map(Number) as [
    number,
    number,
    number,
  ];
  let time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const offset = match[6];
  if (offset && offset !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (Number(digits.slice(0, 2)) > 23 || Number(digits.slice(2)) > 59) {
      return null;
    }
    time -= sign * minutes * 60_000;
  }
  return new Date(time).toISOString();
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
