import { describe, expect, it } from 'vitest';
import { jsonForScript } from '../../src/pages/json-ld.tsx';

describe('jsonForScript', () => {
  it('leaves no way to end the script element, and parses back to the same value', () => {
    const value = { a: '</script><script>alert(1)</script>', b: '<!-- & -->', c: '\u2028\u2029' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
