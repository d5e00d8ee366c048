/**
 * Invalidation after content changes, shared by the importer (Node, local or remote D1) and the
 * cron jobs (inside the Worker), so it imports nothing from Node or from the Worker runtime.
 *
 * Two mechanisms, because the Cache API alone cannot reach every data center: cache.delete()
 * only empties the local one, and pages stored under our own key (see key.ts) cannot be purged by
 * URL. So invalidate() first bumps the content generation in D1 for the changed tags (every data
 * center stops serving the affected pages within the bound in docs/CACHE_RULES.md), then, when a
 * zone and an API token are configured, purges the same tags through Cloudflare's purge-by-tag
 * API so they disappear at once. The generation is what makes the result correct; the purge only
 * makes it immediate.
 */
import { bumpCacheGenerations } from '../db/cache-generations.ts';
import type { Db } from '../db/client.ts';
import { TAG_PATTERN, uniqueTags } from './tags.ts';

export const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';
/** "Max operations per request": 100 on every plan (developers.cloudflare.com/cache/how-to/purge-cache). */
export const PURGE_MAX_TAGS_PER_REQUEST = 100;
/**
 * How long a tag's stamp is remembered. It must outlive any stored page (edge TTL plus the longer
 * stale window of every rule); a test checks that against the rule table.
 */
export const TAG_RETENTION_SECONDS = 8 * 24 * 60 * 60;
const PURGE_TIMEOUT_MS = 10_000;

export interface InvalidationConfig {
  /** CF_ZONE_ID: the zone the site is served from. */
  zoneId?: string;
  /** CF_API_TOKEN: a token with the Zone › Cache Purge permission. */
  apiToken?: string;
  /** For tests and for Node versions without a global fetch. */
  fetch?: typeof fetch;
}

export interface PurgeOutcome {
  /** skipped: no zone/token configured; failed: at least one request failed (see errors). */
  status: 'skipped' | 'purged' | 'failed';
  /** Purge API requests sent. */
  requests: number;
  /** Tags the API accepted. */
  purgedTags: number;
  errors: string[];
}

export interface InvalidationResult {
  /** The generation after the bump, or null when there was nothing to invalidate. */
  generation: number | null;
  tags: string[];
  purge: PurgeOutcome;
}

export class InvalidCacheTagError extends Error {
  constructor(readonly tags: string[]) {
    super(
      `not a cache tag: ${tags.map((t) => JSON.stringify(t)).join(', ')} (build tags with src/cache/tags.ts)`,
    );
    this.name = 'InvalidCacheTagError';
  }
}

interface CloudflareApiReply {
  success?: boolean;
  errors?: { code?: number; message?: string }[];
}

async function describeFailure(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const reply = JSON.parse(text) as CloudflareApiReply;
    const messages = (reply.errors ?? []).map((e) => `${e.code ?? '?'} ${e.message ?? ''}`.trim());
    return `HTTP ${response.status}${messages.length > 0 ? `: ${messages.join('; ')}` : ''}`;
  } catch {
    return `HTTP ${response.status}: ${text.slice(0, 200)}`;
  }
}

async function purgeTags(tags: string[], config: InvalidationConfig): Promise<PurgeOutcome> {
  const outcome: PurgeOutcome = { status: 'skipped', requests: 0, purgedTags: 0, errors: [] };
  const { zoneId, apiToken } = config;
  if (!zoneId && !apiToken) {
    return outcome;
  }
  if (!zoneId || !apiToken) {
    outcome.status = 'failed';
    outcome.errors.push(
      `${zoneId ? 'CF_API_TOKEN' : 'CF_ZONE_ID'} is not set while ${zoneId ? 'CF_ZONE_ID' : 'CF_API_TOKEN'} is: set both to purge, or neither`,
    );
    return outcome;
  }
  const send = config.fetch ?? ((input, init) => fetch(input, init));
  const url = `${CLOUDFLARE_API}/zones/${encodeURIComponent(zoneId)}/purge_cache`;
  const batches = Math.ceil(tags.length / PURGE_MAX_TAGS_PER_REQUEST);
  for (let i = 0; i < batches; i += 1) {
    const batch = tags.slice(i * PURGE_MAX_TAGS_PER_REQUEST, (i + 1) * PURGE_MAX_TAGS_PER_REQUEST);
    const where = `purge request ${i + 1}/${batches} (${batch.length} tags from "${batch[0]}")`;
    outcome.requests += 1;
    try {
      const response = await send(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tags: batch }),
        signal: AbortSignal.timeout(PURGE_TIMEOUT_MS),
      });
      if (!response.ok) {
        outcome.errors.push(`${where}: ${await describeFailure(response)}`);
        if (response.status === 429) {
          // Rate limited (5 requests a minute on the Free plan): the rest would fail the same way.
          // The generation bump already covers those tags, within its bound.
          outcome.errors.push(`${batches - i - 1} further purge requests not sent after HTTP 429`);
          break;
        }
        continue;
      }
      const reply = (await response.json()) as CloudflareApiReply;
      if (reply.success === false) {
        outcome.errors.push(`${where}: API answered success=false`);
        continue;
      }
      outcome.purgedTags += batch.length;
    } catch (error) {
      outcome.errors.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  outcome.status = outcome.errors.length === 0 ? 'purged' : 'failed';
  return outcome;
}

/**
 * Makes every stored page carrying one of `tags` stop being served: bumps the content
 * generation in D1 (throws if that fails: nothing is invalidated then), then purges the tags
 * through the Cloudflare API when `zoneId` and `apiToken` are set. A failed purge is reported in
 * the result, not thrown, because the generation already guarantees the documented bound.
 *
 * @example
 * const result = await invalidate(db, tagsForArticleChange(before, after), {
 *   zoneId: env.CF_ZONE_ID,
 *   apiToken: env.CF_API_TOKEN,
 * });
 * // result.generation === 42, result.purge.status === 'purged' | 'skipped' | 'failed'
 */
export async function invalidate(
  db: Db,
  tags: readonly string[],
  config: InvalidationConfig,
): Promise<InvalidationResult> {
  const unique = uniqueTags(tags);
  const invalid = unique.filter((t) => !TAG_PATTERN.test(t));
  if (invalid.length > 0) {
    throw new InvalidCacheTagError(invalid);
  }
  if (unique.length === 0) {
    return {
      generation: null,
      tags: [],
      purge: { status: 'skipped', requests: 0, purgedTags: 0, errors: [] },
    };
  }
  const generation = await bumpCacheGenerations(db, unique, TAG_RETENTION_SECONDS);
  const purge = await purgeTags(unique, config);
  return { generation, tags: unique, purge };
}
