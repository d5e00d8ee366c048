/**
 * The short human reason stored with each link, built from the features two articles share:
 * the shared tags when there are ("shares python services, fastapi, pytest; same problem"), else
 * the shared words that weigh most in the score ("both about: borrow checker, lifetime, nll"). The wording depends on the two articles
 * only, not on corpus-wide weights, so it does not flicker (and rewrite rows) as the corpus grows.
 */
import { GROUP_CODE, type SimilarityIndex } from './similarity-index.ts';

/** Names listed after "shares": more than three reads like a tag dump. */
const NAMES_SHOWN = 3;

interface Shared {
  name: string;
  contribution: number;
}

function displayName(term: string): string {
  const body = term.slice(2);
  // Versions are indexed as "v1.12" (text-terms.ts); readers know them as "1.12".
  if (/^w:v\d+\.\d+$/.test(term)) {
    return body.slice(1);
  }
  // Entities are stored as "type:name"; readers know them by name.
  return term.startsWith('e:') ? body.slice(body.indexOf(':') + 1) : body;
}

function byContribution(a: Shared, b: Shared): number {
  return b.contribution - a.contribution || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * @example
 * linkReason(index, docOf(index, 1), docOf(index, 2)); // "shares python services, fastapi, pytest; same problem"
 */
export function linkReason(index: SimilarityIndex, a: number, b: number): string {
  const { docStart, docTerms, docWeights, termNames, termGroups } = index;
  const tags: (Shared & { kind: string })[] = [];
  const words: Shared[] = [];
  let sameProblem = false;
  let sameTopic = false;
  let i = docStart[a] ?? 0;
  let j = docStart[b] ?? 0;
  const iEnd = docStart[a + 1] ?? 0;
  const jEnd = docStart[b + 1] ?? 0;
  while (i < iEnd && j < jEnd) {
    const ti = docTerms[i] ?? 0;
    const tj = docTerms[j] ?? 0;
    if (ti < tj) {
      i++;
      continue;
    }
    if (tj < ti) {
      j++;
      continue;
    }
    const term = termNames[ti] ?? '';
    const shared = {
      name: displayName(term),
      contribution: (docWeights[i] ?? 0) * (docWeights[j] ?? 0),
    };
    const group = termGroups[ti];
    if (group === GROUP_CODE.subject) {
      if (term.startsWith('p:')) {
        sameProblem = true;
      } else {
        sameTopic = true;
      }
    } else if (group === GROUP_CODE.words) {
      words.push(shared);
    } else if (group === GROUP_CODE.period) {
      // Written around the same time: a small prior, not a reason anybody would give.
    } else if (!term.startsWith('e:problem:')) {
      // The problem entity repeats the problem, which "same problem" already says.
      tags.push({ ...shared, kind: term.slice(0, 1) });
    }
    i++;
    j++;
  }

  // The main shared stack tag names the setting ("python services": the primary stack weighs
  // double, so it leads); then the shared tools, then other shared tags, each alphabetically.
  const topStack = [...tags].filter((t) => t.kind === 's').sort(byContribution)[0];
  const place = (t: (typeof tags)[number]) =>
    t === topStack ? 0 : t.kind === 't' ? 1 : t.kind === 's' ? 2 : 3;
  const names: string[] = [];
  const ordered = [...tags].sort(
    (a, b) => place(a) - place(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  for (const tag of ordered) {
    if (names.length < NAMES_SHOWN && !names.includes(tag.name)) {
      names.push(tag.name);
    }
  }
  const parts: string[] = [];
  if (names.length > 0) {
    parts.push(`shares ${names.join(', ')}`);
  }
  if (sameProblem) {
    parts.push('same problem');
  } else if (sameTopic) {
    parts.push('same topic');
  }
  if (parts.length === 0) {
    const top = words.sort(byContribution).slice(0, NAMES_SHOWN);
    parts.push(top.length > 0 ? `both about: ${top.map((w) => w.name).join(', ')}` : 'similar');
  }
  return parts.join('; ');
}
