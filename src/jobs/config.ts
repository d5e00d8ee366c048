/**
 * The refresh jobs' knobs, read from optional Worker variables. Every knob has a default that
 * suits a Workers Paid deployment, so none has to be set; a value that is set but malformed stops
 * the run with an error naming the variable, rather than silently using the default.
 * docs/JOBS.md lists them with the limits they protect.
 */
import { RAW_WORD_BUDGET } from './similarity-index.ts';

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
  /**
   * Fault drill: "<phase>:<n>" kills the invocation right after the n-th committed chunk of that
   * phase (render, score, features, rank): from then on none of its D1 calls goes through, as when
   * the isolate dies. Leave unset in production.
   */
  JOBS_KILL_AT?: string;
  /** Milliseconds a single-isolate run's lease lasts past its last heartbeat (default 120,000). */
  JOBS_LEASE_MS?: string;
  /** "auto" (default): fan the similar refresh out over the queue past SIMILAR_FANOUT_ABOVE; "on"; "off". */
  SIMILAR_FANOUT?: string;
  /** Articles with stored features past which "auto" fans out (default 50,000). */
  SIMILAR_FANOUT_ABOVE?: string;
  /** Article ids per queue message of the fan-out (default 1,000). */
  SIMILAR_PART_SIZE?: string;
  /**
   * Stored words the similarity index reads, summed over the corpus (default 1,000,000; each
   * article gets its share, at least 32): lower it to trade recall for memory.
   */
  SIMILAR_RAW_WORD_BUDGET?: string;
  /** Fault drill: "phase:part" fails that fan-out part once, after its first committed chunk. */
  JOBS_FAIL_PART?: string;
  /** A fan-out part not done this long after it was sent is sent again by the next tick (default 15 min). */
  SIMILAR_PART_DUE_MS?: string;
  /**
   * Measurement: "on" makes fan-out parts yield where they hold the most, so a heap snapshot taken
   * through local workerd's inspector lands there (npm run bench:cron). Leave unset in production.
   */
  JOBS_MEMORY_PROBE?: string;
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
  /**
   * A run holds its lock this long after its last heartbeat (every committed chunk, and every
   * yield once a quarter of it has passed); a dead run's lock then frees itself, and the next
   * trigger takes the run over.
   */
  leaseMs: number;
  /** The fan-out's lease: renewed only as parts commit, which a queue may delay for minutes. */
  fanoutLeaseMs: number;
  /** The fault drill's kill point, or null. */
  killAt: { phase: string; chunk: number } | null;
  fanout: 'auto' | 'on' | 'off';
  fanoutAbove: number;
  partSize: number;
  /** Stored words the similarity index reads over the whole corpus (similarity-index.ts). */
  rawWordBudget: number;
  /** "phase:part" of the fan-out part to fail once (fault drill), or null. */
  failPart: string | null;
  /** How long a sent part may wait before a tick's watchdog sends it again. */
  partDueMs: number;
  /** Yield at each part's memory high point (JOBS_MEMORY_PROBE=on), for the bench's inspector. */
  memoryProbe: boolean;
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

function onOff(knobs: JobKnobs, name: keyof JobKnobs): boolean {
  const raw = knobs[name]?.trim();
  if (raw === undefined || raw === '' || raw === 'off') {
    return false;
  }
  if (raw === 'on') {
    return true;
  }
  throw new JobConfigError(`${name} must be on or off, got "${knobs[name]}"`);
}

function fanoutSwitch(raw: string | undefined): 'auto' | 'on' | 'off' {
  if (raw === undefined || raw === '' || raw === 'auto' || raw === 'on' || raw === 'off') {
    return (raw || 'auto') as 'auto' | 'on' | 'off';
  }
  throw new JobConfigError(`SIMILAR_FANOUT must be auto, on or off, got "${raw}"`);
}

function killPoint(raw: string | undefined): { phase: string; chunk: number } | null {
  if (raw === undefined || raw.trim() === '') {
    return null;
  }
  const match = /^([a-z]+):(\d+)$/.exec(raw.trim());
  if (!match || Number(match[2]) < 1) {
    throw new JobConfigError(`JOBS_KILL_AT must look like "rank:2" (phase:chunk), got "${raw}"`);
  }
  return { phase: match[1] as string, chunk: Number(match[2]) };
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
    // Two minutes: a live run heartbeats many times a minute (each chunk, each yield), so only a
    // dead run lets it lapse, and its lock is free again at most two minutes after it died.
    leaseMs: wholeNumber(knobs, 'JOBS_LEASE_MS', 2 * 60_000, 10_000, 3_600_000),
    fanoutLeaseMs: 15 * 60_000,
    killAt: killPoint(knobs.JOBS_KILL_AT),
    fanout: fanoutSwitch(knobs.SIMILAR_FANOUT),
    // 50,000: a third of the single isolate's measured ceiling (about 150,000 articles), so the
    // switch happens long before memory is tight (docs/SCALE.md, "Switch point").
    fanoutAbove: wholeNumber(knobs, 'SIMILAR_FANOUT_ABOVE', 50_000, 0, 1_000_000_000),
    // 1,000 ids: a rank part reads about 200 candidates an article, ten sub-chunks of 100.
    partSize: wholeNumber(knobs, 'SIMILAR_PART_SIZE', 1_000, 10, 100_000),
    rawWordBudget: wholeNumber(
      knobs,
      'SIMILAR_RAW_WORD_BUDGET',
      RAW_WORD_BUDGET,
      1_000,
      1_000_000_000,
    ),
    failPart: knobs.JOBS_FAIL_PART?.trim() || null,
    partDueMs: wholeNumber(knobs, 'SIMILAR_PART_DUE_MS', 15 * 60_000, 1_000, 86_400_000),
    memoryProbe: onOff(knobs, 'JOBS_MEMORY_PROBE'),
  };
}
