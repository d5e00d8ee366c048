/**
 * Deterministic sample articles in the alphanode format, for local content and load tests.
 * The same (index, seed, revision) always gives the same article; articles are varied across
 * problems, stacks, tools, difficulties and review states, and each knows its ground truth
 * (its problem and primary stack) so similar-post quality can be measured.
 */
import { formatAlphanode } from '../../src/content/alphanode-format.ts';
import type { ArticleInput, Section } from '../../src/content/types.ts';
import {
  DIFFICULTIES,
  GENERIC_SENTENCES,
  PROBLEMS,
  type ProblemSpec,
  REVISION_STATUSES,
  SCENARIOS,
  SECTION_HEADINGS,
  STACKS,
  type StackSpec,
  TITLE_TEMPLATES,
} from './generator-vocabulary.ts';

export interface GeneratedArticle {
  input: ArticleInput;
  /** The article as an alphanode page export. */
  text: string;
  /** Two articles are truly related when they share both the problem and the primary stack. */
  truth: { problem: string; stack: string };
}

export interface GenerateOptions {
  /** A later revision of the same article: same identity, changed content. */
  revision?: number;
}

/**
 * mulberry32: tiny, fast and good enough for sample data.
 *
 * @example
 * const next = seededRandom(42); next(); // a number in [0, 1), the same sequence every time
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mixSeed(...parts: number[]): number {
  let h = 2166136261;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 16777619);
    h ^= h >>> 13;
  }
  return h >>> 0;
}

/** Source ids of generated articles start at 100001 so they never collide with real exports. */
export function generatedSourceId(index: number): string {
  return `alphanode-${String(index + 100_001).padStart(6, '0')}`;
}

/**
 * @example
 * const { input, text, truth } = generateArticle(0, 42);
 * // text parses back to input with parseAlphanode
 */
export function generateArticle(
  index: number,
  seed: number,
  options: GenerateOptions = {},
): GeneratedArticle {
  const revisionNumber = options.revision ?? 0;
  const rng = seededRandom(mixSeed(seed, index));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
  const sample = <T>(list: readonly T[], count: number): T[] => {
    const pool = [...list];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) {
      out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0] as T);
    }
    return out;
  };

  const stack: StackSpec = pick(STACKS);
  const problem: ProblemSpec = pick(PROBLEMS);
  const scenario = pick(SCENARIOS);
  const title = pick(TITLE_TEMPLATES)
    .replace('{problem}', problem.name)
    .replace('{stack}', stack.name)
    .replace('{scenario}', scenario);
  const sourceId = generatedSourceId(index);

  const paragraph = () =>
    [
      pick(problem.sentences),
      pick(GENERIC_SENTENCES),
      pick(stack.sentences),
      pick(GENERIC_SENTENCES),
    ].join(' ');
  const intro = `a reliable ${stack.name} setup is less about clever code and more about repeatable habits. in this guide, we look at ${problem.name} ${scenario} and keep the steps focused on production work.`;
  const sections: Section[] = [{ heading: null, blocks: [{ kind: 'paragraph', text: intro }] }];
  let paragraphs = 1;
  for (const heading of sample(SECTION_HEADINGS, int(2, 3))) {
    const count = int(1, 3);
    paragraphs += count;
    sections.push({
      heading,
      blocks: Array.from({ length: count }, () => ({
        kind: 'paragraph' as const,
        text: paragraph(),
      })),
    });
  }
  if (revisionNumber > 0) {
    sections.push({
      heading: 'what changed',
      blocks: [
        {
          kind: 'paragraph',
          text: `revision ${revisionNumber} updates the steps after another review of ${problem.name}.`,
        },
      ],
    });
    paragraphs += 1;
  }
  sections.push({
    heading: 'implementation checklist',
    blocks: [{ kind: 'list', items: problem.checklist }],
  });
  sections.push({
    heading: 'final notes',
    blocks: [
      {
        kind: 'paragraph',
        text: `the best result is not only a faster or cleaner ${stack.name} implementation. it is a change that another developer can inspect, understand, and safely repeat.`,
      },
    ],
  });
  paragraphs += 1;

  const words = sections
    .flatMap((s) => s.blocks)
    .map((b) => (b.kind === 'paragraph' ? b.text : ''))
    .join(' ')
    .split(/\s+/).length;
  const status = pick(REVISION_STATUSES);
  const reviewedYear = int(2021, 2026);
  const reviewed = `${reviewedYear}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
  const hex = () =>
    Math.floor(rng() * 0x1000000)
      .toString(16)
      .padStart(6, '0');

  const input: ArticleInput = {
    sourceId,
    format: 'alphanode',
    slug: null,
    title,
    sections,
    topic: `${problem.name} / ${stack.name}`,
    problem: problem.name,
    summary: `this ai-style technical summary explains ${problem.name} in ${stack.name}, with emphasis on measurement, safe defaults, rollback planning, and maintainable documentation.`,
    outline: {
      context: scenario,
      problem: problem.name,
      stack: stack.name,
      recommendedAction: pick([
        'measure first, change carefully, document the result',
        'start small, verify each step, keep a rollback ready',
        'write the plan down, automate the checks, review the outcome',
      ]),
    },
    aiBrief:
      'the article is written like a careful ai generated engineering draft: it explains the reason for the change, lists operational checks, and avoids pretending that one command fixes every production case.',
    stack: [stack.name, stack.area, ...stack.tags],
    tools: [
      ...sample(stack.tools, int(3, 5)),
      ...(rng() < 0.5 ? ['git'] : []),
      ...(rng() < 0.4 ? ['logs'] : []),
    ],
    codeLanguage: stack.language,
    difficulty: pick(DIFFICULTIES),
    readingTime: Math.max(1, Math.round(words / 40)),
    viewCount: int(100, 1_000_000),
    scores: {
      quality: int(40, 100),
      freshness: int(0, 100),
      depth: int(30, 100),
      clarity: int(40, 100),
    },
    revision: {
      status,
      version: `${int(1, 3)}.${int(0, 9)}.${int(0, 9) + revisionNumber}`,
      lastReviewed: status === 'drafted' && rng() < 0.3 ? null : reviewed,
    },
    reference: `anp-ref-${sourceId.slice(-6)}-${int(1000, 9999)}`,
    hash: `${hex()}${hex()}${hex()}${hex()}`,
    flags: {
      aiGeneratedStyle: rng() < 0.3,
      hasImages: rng() < 0.2,
      imageHeavy: rng() < 0.05,
      needsHumanReview: rng() < 0.15,
    },
    checklist: problem.checklist,
    entities: [
      { name: stack.name, type: 'stack' },
      { name: stack.area, type: 'area' },
      { name: problem.name, type: 'problem' },
    ],
    payload: {
      sourceId,
      generator: 'anp content synthesizer',
      paragraphs,
      scenario,
      seed,
    },
    notes: [
      'sanitized array meta is expected to render as a list in the frontend box',
      'view count is synthetic and only used for testing meta volume',
      'content is generated for import/load testing and should be reviewed before indexing',
    ],
    author: null,
    publishedAt: null,
    modifiedAt: null,
    draft: false,
  };
  return {
    input,
    text: formatAlphanode(input),
    truth: { problem: problem.name, stack: stack.name },
  };
}
