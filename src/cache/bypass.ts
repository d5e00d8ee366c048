/**
 * When a request skips the cache entirely (neither served from it nor stored in it), and the
 * reason it reports in `x-cache-bypass`. The conditions are data so docs/CACHE_RULES.md lists
 * exactly these.
 */
import type { RuleMatch } from './match.ts';

/**
 * Cookies that mean "this visitor may see something personal or unpublished". Matched without
 * regard to case and with or without a `__Secure-` / `__Host-` prefix (COOKIE_MATCHING): a
 * framework or proxy that renames `alphanode_session` must not get the shared page.
 */
export const SESSION_COOKIES = ['alphanode_session', 'session'];
export const PREVIEW_COOKIES = ['alphanode_preview', 'preview'];
/** Query parameters that ask for an unpublished or draft render, matched case-insensitively. */
export const PREVIEW_PARAMS = ['preview', 'preview_token', 'draft'];

/** Prefixes browsers give cookie names (RFC 6265bis) that name the same cookie for us. */
export const COOKIE_PREFIXES = ['__Secure-', '__Host-'];

/** The case rules, as the docs state them; bypass.test.ts asserts each. */
export const COOKIE_MATCHING =
  'cookie names without regard to case, with or without a `__Secure-` or `__Host-` prefix (`ALPHANODE_SESSION`, `__Host-alphanode_session` and `__secure-Session` all bypass)';
export const PARAM_MATCHING =
  'parameter names without regard to case, after percent-decoding (`?Preview=1`, `?DRAFT`, `?%70review=1` all bypass), whatever the value';

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
    when: `the request has a session or preview cookie (${[...SESSION_COOKIES, ...PREVIEW_COOKIES].join(', ')}), matching ${COOKIE_MATCHING}; \`<name>\` is the listed name`,
  },
  {
    reason: 'query=<name>',
    when: `the URL has a preview parameter (${PREVIEW_PARAMS.join(', ')}), matching ${PARAM_MATCHING}; \`<name>\` is the listed name`,
  },
];

const PERSONAL_COOKIES = new Set([...SESSION_COOKIES, ...PREVIEW_COOKIES]);
const PREVIEW_PARAM_SET = new Set(PREVIEW_PARAMS);
const LOWER_PREFIXES = COOKIE_PREFIXES.map((prefix) => prefix.toLowerCase());

/** A cookie name as we match it: lower case, its `__Secure-` / `__Host-` prefix removed. */
function canonicalCookie(name: string): string {
  const lower = name.trim().toLowerCase();
  const prefix = LOWER_PREFIXES.find((p) => lower.startsWith(p));
  return prefix ? lower.slice(prefix.length) : lower;
}

/** The listed personal cookie the Cookie header carries, by its listed name, or undefined. */
function personalCookie(header: string | null): string | undefined {
  if (!header) {
    return undefined;
  }
  for (const pair of header.split(';')) {
    const name = canonicalCookie(pair.split('=')[0] ?? '');
    if (PERSONAL_COOKIES.has(name)) {
      return name;
    }
  }
  return undefined;
}

/** The listed preview parameter the URL carries, by its listed name, or undefined. */
function previewParam(url: URL): string | undefined {
  for (const name of url.searchParams.keys()) {
    const lower = name.toLowerCase();
    if (PREVIEW_PARAM_SET.has(lower)) {
      return lower;
    }
  }
  return undefined;
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
  const cookie = personalCookie(request.headers.get('cookie'));
  if (cookie) {
    return `cookie=${cookie}`;
  }
  if (!url.search) {
    return null;
  }
  const preview = previewParam(url);
  if (preview) {
    return `query=${preview}`;
  }
  return null;
}
