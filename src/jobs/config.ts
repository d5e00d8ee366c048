/**
 * The refresh jobs' knobs, read from optional Worker variables. Every knob has a default that
 * suits a Workers Paid deployment, so none has to be set; a value that is set but malformed stops
 * the run with an error naming the variable, rather than silently using the default.
 * docs/JOBS.md lists them with the limits they protect.
 */

/** Optional variables (wrangler.toml [vars], `wrangler secret put` or .dev.vars). */
export interface JobKnobs {
  /** Links kept per article (default 5). */
  SIMILAR_TOP_K?: string;
  /** Articles per chunk: one read and one write batch each (default 400; 2,000 for freshness). */
  JOBS_CHUNK_SIZE?: string;
  /** D1 round trips one invocation may spend (default 900 of Workers Paid's 1,000). */
  JOBS_QUERY_BUDGET?: string;
  /** Wall-clock milliseconds one invocation may spend before it stops at a chunk boundary. */
  JOBS_TIME_BUDGET_MS?: string;
  /** Chunks one invocation may commit before pausing (default: no limit). */
  JOBS_MAX_CHUNKS?: string;
  /** Fault drill: fail the run right after this many committed chunks. Leave unset in production. */
  JOBS_FAIL_AFTER_CHUNKS?: string;
}

export interface JobsConfig {
  topK: number;
  chunkSize: number;
  /** Freshness reads six small columns per article, so its chunks can be five times larger. */
  freshnessChunkSize: number;
  /** The render job reads whole bodies (source and HTML) and renders each: small chunks. */
  renderChunkSize: number;
  queryBudget: number;
  timeBudgetMs: number;
  maxChunks: number;
  failAfterChunks: number | null;
  /** A run holds its lock this long after its last committed chunk; a dead run's lock then frees itself. */
  leaseMs: number;
}

export class JobConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobConfigError';
  }
}

function wholeNumber(
  knobs: JobKnobs,
  name: keyof JobKnobs,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = knobs[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new JobConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * Reads and validates the knobs.
 *
 * @example
 * const config = jobsConfig({ SIMILAR_TOP_K: '8' }); // config.topK === 8
 */
export function jobsConfig(knobs: JobKnobs): JobsConfig {
  const fail = wholeNumber(knobs, 'JOBS_FAIL_AFTER_CHUNKS', 0, 0, 1_000_000);
  const chunk = knobs.JOBS_CHUNK_SIZE ? wholeNumber(knobs, 'JOBS_CHUNK_SIZE', 400, 1, 5_000) : null;
  return {
    topK: wholeNumber(knobs, 'SIMILAR_TOP_K', 5, 1, 20),
    // 400 articles keep a chunk's reads well under D1's 50 MB result limit and its write batch
    // (at most 400 × 5 link rows) to a few seconds.
    chunkSize: chunk ?? 400,
    freshnessChunkSize: chunk ?? 2_000,
    // 50 bodies are at most a few MB to read and a second or two of rendering.
    renderChunkSize: chunk ?? 50,
    queryBudget: wholeNumber(knobs, 'JOBS_QUERY_BUDGET', 900, 10, 100_000),
    timeBudgetMs: wholeNumber(knobs, 'JOBS_TIME_BUDGET_MS', 10 * 60_000, 1_000, 3_600_000),
    maxChunks: wholeNumber(
      knobs,
      'JOBS_MAX_CHUNKS',
      Number.MAX_SAFE_INTEGER,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    failAfterChunks: fail === 0 ? null : fail,
    leaseMs: 15 * 60_000,
  };
}
