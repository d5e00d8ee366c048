import { describe, expect, it } from 'vitest';
import { dateInPath, parseTimestamp } from '../../src/content/dates.ts';

describe('parseTimestamp: the date forms real front matter uses', () => {
  it.each([
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['2024-4-09', '2024-04-09T00:00:00.000Z'],
    ['2024-4-9', '2024-04-09T00:00:00.000Z'],
    ['2024/05/01', '2024-05-01T00:00:00.000Z'],
    ['2024-05-01T09:30:00Z', '2024-05-01T09:30:00.000Z'],
    ['2024-05-01T09:30:00+02:00', '2024-05-01T07:30:00.000Z'],
    ['2024-05-01T09:30:00.250-05:00', '2024-05-01T14:30:00.250Z'],
    ['2024-05-01 09:30:00 +0200', '2024-05-01T07:30:00.000Z'],
    ['2024-05-01 09:30', '2024-05-01T09:30:00.000Z'],
    ['2024-05-01T09:30:00.000+02:00', '2024-05-01T07:30:00.000Z'],
    ['Wed, 01 May 2024 10:00:00 +0000', '2024-05-01T10:00:00.000Z'],
    ['Jul 08 2022', '2022-07-08T00:00:00.000Z'],
    ['July 8, 2022', '2022-07-08T00:00:00.000Z'],
    ['8 July 2022', '2022-07-08T00:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseTimestamp(text)).toBe(iso);
  });

  it.each([
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-05-01T25:00:00Z',
    '2024-05-01T10:00:00+24:00',
    'yesterday',
    '05/01/2024',
    'Foo 08 2022',
    '',
  ])('refuses %j', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });
});

describe('dateInPath: dates carried by URLs and file names', () => {
  it('reads Zola paths, Jekyll file names and WordPress permalinks', () => {
    expect(dateInPath('2018/05/10/Rust-1.26')).toBe('2018-05-10T00:00:00.000Z');
    expect(dateInPath('inside-rust/2020/3/18/all-hands-retrospective')).toBe(
      '2020-03-18T00:00:00.000Z',
    );
    expect(dateInPath('_posts/2024-04-09-welcome-to-jekyll.markdown')).toBe(
      '2024-04-09T00:00:00.000Z',
    );
    expect(dateInPath('2024-04-09_hello.md')).toBe('2024-04-09T00:00:00.000Z');
  });

  it('finds nothing in names that only look dated', () => {
    expect(dateInPath('releases/1.26.0')).toBeNull();
    expect(dateInPath('2024-02-30-typo.md')).toBeNull();
    expect(dateInPath('posts/2024/my-post')).toBeNull();
  });
});
