/** Finds the rule for a request path, and the route parameters its Cache-Tag templates use. */
import type { CacheRule, RouteSpec } from './rules.ts';
import { tagValue } from './tags.ts';

export interface RuleMatch {
  rule: CacheRule;
  route: RouteSpec;
  params: Record<string, string>;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape (%E0) is still a path the route will answer, with a 404 most likely.
    return segment;
  }
}

/** Matches one pattern: `:name` is one non-empty segment, a final `*` is the rest of the path. */
function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const wanted = pattern.split('/').slice(1);
  const actual = pathname.split('/').slice(1);
  const params: Record<string, string> = {};
  for (let i = 0; i < wanted.length; i += 1) {
    const part = wanted[i] ?? '';
    if (part === '*' && i === wanted.length - 1) {
      return params;
    }
    const segment = actual[i];
    if (segment === undefined) {
      return null;
    }
    if (part.startsWith(':')) {
      if (segment === '') {
        return null;
      }
      params[part.slice(1)] = decodeSegment(segment);
    } else if (part !== segment) {
      return null;
    }
  }
  return wanted.length === actual.length ? params : null;
}

/**
 * The first rule with a route matching `pathname`, or null.
 *
 * @example
 * matchRule(CACHE_RULES, '/posts/my-post') // { rule: article, params: { slug: 'my-post' }, ... }
 */
export function matchRule(rules: readonly CacheRule[], pathname: string): RuleMatch | null {
  for (const rule of rules) {
    for (const route of rule.routes) {
      const params = matchPath(route.path, pathname);
      if (params) {
        return { rule, route, params };
      }
    }
  }
  return null;
}

/**
 * The route's Cache-Tags with parameters filled in (normalised like every other tag).
 *
 * @example
 * routeTags({ path: '/stack/:name', tags: ['stack:{name}'] }, { name: 'Python Services' })
 * // ['stack:python-services']
 */
export function routeTags(route: RouteSpec, params: Record<string, string>): string[] {
  return route.tags.map((template) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) {
        throw new Error(`cache rule route ${route.path}: tag "${template}" names no parameter`);
      }
      return tagValue(value);
    }),
  );
}
