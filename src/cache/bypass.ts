/**
 * When a request skips the cache entirely (neither served from it nor stored in it), and the
 * reason it reports in `x-cache-bypass`. The conditions are data so docs/CACHE_RULES.md lists
 * exactly these.
 */
import type { RuleMatch } from './match.ts';

/** Cookies that mean "this visitor may see something personal or unpublished". */
export const SESSION_COOKIES = ['alphanode_session', '__Host-alphanode_session', 'session'];
export const PREVIEW_COOKIES = ['alphanode_preview', 'preview'];
/** Query parameters that ask for an unpublished or draft render. */
export const PREVIEW_PARAMS = ['preview', 'preview_token', 'draft'];

export interface BypassCondition {
  /** The x-cache-bypass value (`<name>` stands for the cookie, parameter or method). */
  reason: string;
  when: string;
}

export const BYPASS_CONDITIONS: readonly BypassCondition[] = [
  { reason: 'no-rule', when: 'no rule matches the path (unknown URLs answer from the router)' },
  { reason: 'rule=never', when: "the path's rule has policy never (admin, health)" },
  { reason: 'method=<METHOD>', when: 'the method is not GET or HEAD' },
  { reason: 'authorization', when: 'the request has an Authorization header' },
  {
    reason: 'cookie=<name>',
    when: `the request has a session or preview cookie: ${[...SESSION_COOKIES, ...PREVIEW_COOKIES].join(', ')}`,
  },
  {
    reason: 'query=<name>',
    when: `the URL has a preview parameter: ${PREVIEW_PARAMS.join(', ')}`,
  },
];

const PERSONAL_COOKIES = new Set([...SESSION_COOKIES, ...PREVIEW_COOKIES]);

function cookieNames(header: string | null): string[] {
  if (!header) {
    return [];
  }
  return header.split(';').map((pair) => pair.split('=')[0]?.trim() ?? '');
}

/**
 * Why this request must not use the cache, or null when it may.
 *
 * @example
 * bypassReason(new Request('https://x/posts/a?preview=1'), match) // 'query=preview'
 */
export function bypassReason(
  request: Request,
  match: RuleMatch | null,
  url = new URL(request.url),
): string | null {
  if (!match) {
    return 'no-rule';
  }
  if (match.rule.policy === 'never') {
    return 'rule=never';
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return `method=${request.method}`;
  }
  if (request.headers.has('authorization')) {
    return 'authorization';
  }
  const cookie = cookieNames(request.headers.get('cookie')).find((name) =>
    PERSONAL_COOKIES.has(name),
  );
  if (cookie) {
    return `cookie=${cookie}`;
  }
  if (!url.search) {
    return null;
  }
  const preview = PREVIEW_PARAMS.find((name) => url.searchParams.has(name));
  if (preview) {
    return `query=${preview}`;
  }
  return null;
}
