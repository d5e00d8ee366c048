/**
 * The similar-posts ranking on a small hand-written blog without tags (test/fixtures/
 * similar-text/): three topics of four posts and one post about nothing in particular. Links must
 * come from what the posts say, a weak match must be left out, and reasons must name the words.
 */
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../src/content/markdown.ts';
import { extractFeatures, featureSourceOf } from '../../src/db/similar-features.ts';
import { linkReason } from '../../src/jobs/similar-reason.ts';
import { docOf, SimilarityIndexBuilder } from '../../src/jobs/similarity-index.ts';
import { MIN_LINK_SCORE, Ranker } from '../../src/jobs/similarity-rank.ts';
import asyncAwait from '../fixtures/similar-text/async-await-intro.md?raw';
import asyncCancel from '../fixtures/similar-text/async-cancellation.md?raw';
import asyncStreams from '../fixtures/similar-text/async-streams.md?raw';
import asyncTraits from '../fixtures/similar-text/async-traits.md?raw';
import borrowBasics from '../fixtures/similar-text/borrow-checker-basics.md?raw';
import cargoFeatures from '../fixtures/similar-text/cargo-features.md?raw';
import cargoPublish from '../fixtures/similar-text/cargo-publish.md?raw';
import cargoSparse from '../fixtures/similar-text/cargo-sparse-registry.md?raw';
import cargoWorkspaces from '../fixtures/similar-text/cargo-workspaces.md?raw';
import recap from '../fixtures/similar-text/conference-recap.md?raw';
import lifetimeErrors from '../fixtures/similar-text/lifetime-errors.md?raw';
import nll from '../fixtures/similar-text/non-lexical-lifetimes.md?raw';
import twoPhase from '../fixtures/similar-text/two-phase-borrows.md?raw';

const FILES: [string, string][] = [
  ['borrow-checker-basics', borrowBasics],
  ['non-lexical-lifetimes', nll],
  ['lifetime-errors', lifetimeErrors],
  ['two-phase-borrows', twoPhase],
  ['async-await-intro', asyncAwait],
  ['async-cancellation', asyncCancel],
  ['async-traits', asyncTraits],
  ['async-streams', asyncStreams],
  ['cargo-publish', cargoPublish],
  ['cargo-workspaces', cargoWorkspaces],
  ['cargo-sparse-registry', cargoSparse],
  ['cargo-features', cargoFeatures],
  ['conference-recap', recap],
];
const TOPICS = [FILES.slice(0, 4), FILES.slice(4, 8), FILES.slice(8, 12)].map((g) =>
  g.map(([name]) => name),
);

function parsed(name: string, text: string) {
  const result = parseMarkdown(text, `posts/${name}.md`);
  if (!result.ok) {
    throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
  }
  return result.article;
}

function build() {
  const builder = new SimilarityIndexBuilder(FILES.length);
  FILES.forEach(([name, text], i) => {
    const input = parsed(name, text);
    expect(input.stack).toEqual([]);
    builder.add(i + 1, extractFeatures(featureSourceOf(input)));
  });
  const index = builder.build();
  const ranker = new Ranker(index, { topK: 5 });
  const names = FILES.map(([name]) => name);
  const listOf = (name: string) =>
    ranker.rank(docOf(index, names.indexOf(name) + 1)).map((link) => ({
      name: names[(index.articleIds[link.doc] ?? 0) - 1] ?? '',
      score: link.score,
      reason: linkReason(index, docOf(index, names.indexOf(name) + 1), link.doc),
    }));
  return { index, listOf };
}

describe('similar posts from the text alone', () => {
  it('links each untagged post to the three others on its topic, first', () => {
    const { listOf } = build();
    for (const topic of TOPICS) {
      for (const name of topic) {
        const list = listOf(name);
        expect(list.length, name).toBeGreaterThanOrEqual(3);
        expect(
          list
            .slice(0, 3)
            .map((l) => l.name)
            .sort(),
          name,
        ).toEqual(topic.filter((other) => other !== name).sort());
        expect(list.every((l) => l.score >= MIN_LINK_SCORE)).toBe(true);
      }
    }
  });

  it('leaves a weak match out: a post sharing one passing word gets no list and is in none', () => {
    const { listOf } = build();
    console.log(JSON.stringify(listOf('conference-recap')));
    expect(listOf('conference-recap')).toEqual([]);
    for (const [name] of FILES) {
      expect(listOf(name).map((l) => l.name)).not.toContain('conference-recap');
    }
  });

  it('says which words the posts are both about', () => {
    const { listOf } = build();
    const link = listOf('non-lexical-lifetimes').find((l) => l.name === 'two-phase-borrows');
    expect(link?.reason).toMatch(/^both about: /);
    expect(link?.reason).toContain('borrow');
    const cargo = listOf('cargo-publish')[0];
    expect(cargo?.reason).toMatch(/^both about: .*(cargo|registry|crate|version|manifest)/);
  });

  it('compares prose only: code blocks and URLs leave no words', () => {
    const words = (name: string) => {
      const entry = FILES.find(([n]) => n === name) ?? ['', ''];
      return extractFeatures(featureSourceOf(parsed(entry[0], entry[1]))).words.map(([w]) => w);
    };
    expect(words('borrow-checker-basics')).not.toContain('items'); // only in the code block
    expect(words('non-lexical-lifetimes')).not.toContain('example.com');
    expect(words('non-lexical-lifetimes')).not.toContain('nll-rfc');
    expect(words('non-lexical-lifetimes')).toContain('borrow');
  });
});
