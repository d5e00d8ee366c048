/**
 * Writes an article in the alphanode page-export format, the inverse of parseAlphanode:
 * formatAlphanode(parse(seed)) reproduces the seed file byte for byte. The generator uses it.
 */
import { META_HEADING, SIMILAR_HEADING } from './alphanode.ts';
import type { ArticleInput, Block } from './types.ts';

const item = (text: string, indent = '  ') => `${indent}• ${text}`;
const flag = (value: boolean) => (value ? '1' : '0');

function blockLines(block: Block): string[] {
  if (block.kind === 'list') {
    return [block.items.map((i) => item(i)).join('\n')];
  }
  return [block.kind === 'paragraph' ? block.text : block.code];
}

/**
 * @example
 * const text = formatAlphanode(article); // "|\n\n<title>\n\n…alphanode post meta…Similar Posts"
 */
export function formatAlphanode(article: ArticleInput): string {
  const body = article.sections.flatMap((section) => [
    ...(section.heading === null ? [] : [section.heading]),
    ...section.blocks.flatMap(blockLines),
  ]);
  const meta = [
    `topic${article.topic}`,
    `summary${article.summary}`,
    'ai outline',
    item(`context: ${article.outline.context}`),
    item(`problem: ${article.outline.problem}`),
    item(`stack: ${article.outline.stack}`),
    item(`recommended action: ${article.outline.recommendedAction}`),
    `ai brief${article.aiBrief}`,
    'stack',
    ...article.stack.map((s) => item(s)),
    'tools',
    ...article.tools.map((t) => item(t)),
    `code language${article.codeLanguage}`,
    `difficulty${article.difficulty}`,
    `reading time${article.readingTime}`,
    `view count${article.viewCount}`,
    'score',
    item(`quality: ${article.scores.quality}`),
    item(`freshness: ${article.scores.freshness}`),
    item(`depth: ${article.scores.depth}`),
    item(`clarity: ${article.scores.clarity}`),
    'revision',
    item(`status: ${article.revision.status}`),
    item(`version: ${article.revision.version}`),
    item(`last reviewed: ${article.revision.lastReviewed ?? 'never'}`),
    `reference${article.reference}`,
    `hash${article.hash}`,
    'flags',
    item(`ai generated style: ${flag(article.flags.aiGeneratedStyle)}`),
    item(`has images: ${flag(article.flags.hasImages)}`),
    item(`image heavy: ${flag(article.flags.imageHeavy)}`),
    item(`needs human review: ${flag(article.flags.needsHumanReview)}`),
    'checklist',
    ...article.checklist.map((c) => item(c)),
    'entities',
    ...article.entities.flatMap((e) => [
      item(`name: ${e.name}`, '    '),
      item(`type: ${e.type}`, '    '),
    ]),
    'payload',
    item(`source id: ${article.payload.sourceId}`),
    item(`generator: ${article.payload.generator}`),
    item(`paragraphs: ${article.payload.paragraphs}`),
    item(`scenario: ${article.payload.scenario}`),
    ...(article.payload.seed === null ? [] : [item(`seed: ${article.payload.seed}`)]),
    'notes',
    ...article.notes.map((n) => item(n)),
  ];
  return ['|', article.title, ...body, META_HEADING, meta.join('\n'), SIMILAR_HEADING].join('\n\n');
}
