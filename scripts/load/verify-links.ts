/**
 * After the load test: are the similar links what the refresh computes for the final corpus?
 * The expected links come from a separate database that holds the same articles from the start
 * (imported in the same order, so with the same ids) and was refreshed with nothing else running.
 *
 * Lists are compared rank by rank: the same target and reason are required exactly; a score may
 * differ by at most the job's own tolerance, because the job deliberately leaves a stored score
 * alone while the recomputed one is within it (src/jobs/similar-job.ts, diffList), so two
 * histories that end with the same corpus can keep slightly different scores.
 */
import { SCORE_TOLERANCE } from '../../src/jobs/similarity-rank.ts';

/** diffList's slack: stored scores have two decimals, so half a hundredth absorbs float noise. */
export const SCORE_SLACK = SCORE_TOLERANCE + 0.005;

export interface LinkRow {
  rank: number;
  target: string;
  score: number;
  reason: string;
}

export type LinkLists = Map<string, LinkRow[]>;

export interface LinkCheck {
  /** Articles with at least one link, and link rows, in the database under test. */
  lists: number;
  links: number;
  expectedLists: number;
  expectedLinks: number;
  /** Lists with another target or reason at some rank, or another length. */
  differentTargets: number;
  /** Lists whose targets match but a score is further off than SCORE_SLACK. */
  scoresBeyondTolerance: number;
  /** Lists whose targets match and whose scores differ, all within SCORE_SLACK. */
  scoresWithinTolerance: number;
  maxScoreDifference: number;
  problems: string[];
}

const LINKS = `
  SELECT a.source_id AS source, s.rank AS rank, b.source_id AS target, s.score AS score,
    s.reason AS reason
  FROM similar_posts s
  JOIN articles a ON a.id = s.article_id
  JOIN articles b ON b.id = s.similar_article_id
  ORDER BY a.source_id, s.rank`;

/**
 * Every article's links in rank order, keyed by source id.
 *
 * @example
 * const lists = await readLinkLists(d1);
 * lists.get('alphanode-100001')?.[0] // { rank: 1, target: 'alphanode-100342', score: 0.71, ... }
 */
export async function readLinkLists(d1: D1Database): Promise<LinkLists> {
  const rows = await d1.prepare(LINKS).all<LinkRow & { source: string }>();
  const lists: LinkLists = new Map();
  for (const { source, ...link } of rows.results) {
    const list = lists.get(source) ?? [];
    list.push(link);
    lists.set(source, list);
  }
  return lists;
}

function count(lists: LinkLists): number {
  let links = 0;
  for (const list of lists.values()) {
    links += list.length;
  }
  return links;
}

const show = (list: LinkRow[]) => list.map((l) => `${l.rank} ${l.target} ${l.score}`).join(', ');

/**
 * Compares the links under test with the expected ones and names the first differences.
 *
 * @example
 * const check = compareLinkLists(await readLinkLists(d1), expected);
 * // check.differentTargets === 0 && check.scoresBeyondTolerance === 0 when they agree
 */
export function compareLinkLists(actual: LinkLists, expected: LinkLists): LinkCheck {
  const check: LinkCheck = {
    lists: actual.size,
    links: count(actual),
    expectedLists: expected.size,
    expectedLinks: count(expected),
    differentTargets: 0,
    scoresBeyondTolerance: 0,
    scoresWithinTolerance: 0,
    maxScoreDifference: 0,
    problems: [],
  };
  for (const source of new Set([...actual.keys(), ...expected.keys()])) {
    const got = actual.get(source) ?? [];
    const want = expected.get(source) ?? [];
    const sameTargets =
      got.length === want.length &&
      got.every((l, i) => l.target === want[i]?.target && l.reason === want[i]?.reason);
    let verdict: 'targets' | 'beyond' | 'within' | null = sameTargets ? null : 'targets';
    if (sameTargets) {
      const worst = Math.max(0, ...got.map((l, i) => Math.abs(l.score - (want[i]?.score ?? 0))));
      check.maxScoreDifference = Math.max(check.maxScoreDifference, worst);
      verdict = worst > SCORE_SLACK ? 'beyond' : worst > 0 ? 'within' : null;
    }
    if (verdict === 'targets') {
      check.differentTargets += 1;
    } else if (verdict === 'beyond') {
      check.scoresBeyondTolerance += 1;
    } else if (verdict === 'within') {
      check.scoresWithinTolerance += 1;
    }
    if ((verdict === 'targets' || verdict === 'beyond') && check.problems.length < 50) {
      check.problems.push(`${source}: [${show(got)}] expected [${show(want)}]`);
    }
  }
  check.maxScoreDifference = Math.round(check.maxScoreDifference * 1000) / 1000;
  return check;
}

/** True when the links agree as the job itself would judge them. */
export function linksAgree(check: LinkCheck): boolean {
  return (
    check.expectedLinks > 0 &&
    check.links === check.expectedLinks &&
    check.differentTargets === 0 &&
    check.scoresBeyondTolerance === 0
  );
}
