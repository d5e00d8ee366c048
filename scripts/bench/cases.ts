/**
 * The benchmark's cases as data: what each one requests, against which Worker, and which samples
 * describe it. docs/BENCHMARKS.md explains the choices; keep the two in step.
 */
import type { CorpusManifest } from './corpus.ts';
import type { PathSource } from './drive.ts';

export type CaseId =
  | 'baseline'
  | 'cache-ceiling'
  | 'shaped-ceiling'
  | 'd1-ceiling'
  | 'store-ceiling'
  | 'article-hit'
  | 'article-miss'
  | 'home'
  | 'listing'
  | 'search'
  | 'not-found';

export interface CasePlan {
  /** What the requests hit, shown in the table. */
  path: string;
  /** The paths autocannon requests. */
  paths: PathSource;
  /** Requested and sampled before the run: first visits, after which a cache has the page. */
  before: string[];
  /** Requested and sampled after the run. */
  after: string[];
  /** Which samples look like the run's own requests: repeat visits, or first visits (a miss). */
  steady: 'before' | 'after';
  /** The largest number of requests the plan can serve as described (distinct pages for a miss). */
  capacity?: number;
  /** The status a working build answers with; anything else means the route is not there yet. */
  expectStatus: number;
}

export interface BenchCase {
  id: CaseId;
  title: string;
  worker: 'baseline' | 'app';
  plan(corpus: CorpusManifest): CasePlan;
}

/** Slugs kept out of the miss rotation so that their first request can be sampled as a miss. */
const MISS_SAMPLES = 5;
/** The stack listing benchmarked: a tag every python article carries. */
export const LISTING_PATH = '/stack/python';
export const SEARCH_PATH = '/search?q=deployment';

/**
 * Requested before each app case's samples. Every isolate keeps a snapshot of the cache
 * generations and rereads it from D1, in the background, at most every 5 s; only a request after
 * more than 15 s without traffic waits for that read (one more D1 call). Cases follow each other
 * with gaps, so one request to a page no case measures keeps a case's first sample from paying
 * for the idle time before it.
 */
export const ISOLATE_WARM_PATH = '/robots.txt';

const articlePath = (slug: string) => `/posts/${encodeURIComponent(slug)}`;

export const CASES: BenchCase[] = [
  {
    id: 'baseline',
    title: 'baseline (fixed HTML)',
    worker: 'baseline',
    plan: () => ({
      path: '/',
      paths: '/',
      before: ['/'],
      after: ['/'],
      steady: 'after',
      expectStatus: 200,
    }),
  },
  {
    id: 'cache-ceiling',
    title: 'baseline from Cache API',
    worker: 'baseline',
    // Not one of the cases: it shows how much of a HIT's cost is the runtime's Cache API.
    plan: () => ({
      path: '/cached',
      paths: '/cached',
      before: ['/cached'],
      after: ['/cached'],
      steady: 'after',
      expectStatus: 200,
    }),
  },
  {
    id: 'shaped-ceiling',
    title: 'baseline, article-shaped',
    worker: 'baseline',
    // Not one of the cases: the ceiling for a response of an article HIT's size and headers.
    plan: () => ({
      path: '/shaped',
      paths: '/shaped',
      before: ['/shaped'],
      after: ['/shaped'],
      steady: 'after',
      expectStatus: 200,
    }),
  },
  {
    id: 'd1-ceiling',
    title: 'baseline + one D1 read',
    worker: 'baseline',
    // Not one of the cases: the ceiling for any page that reads D1 on every request.
    plan: (corpus) => {
      const rotation = corpus.slugs.map((slug) => `/d1/${encodeURIComponent(slug)}`);
      let next = 0;
      return {
        path: `/d1/<${rotation.length} slugs in turn>`,
        paths: () => rotation[next++ % rotation.length] ?? '/',
        before: rotation.slice(0, 1),
        after: rotation.slice(0, 1),
        steady: 'after',
        expectStatus: 200,
      };
    },
  },
  {
    id: 'store-ceiling',
    title: 'baseline + D1 read + cache store',
    worker: 'baseline',
    // Not one of the cases: what a first visit to any cached page costs on this runtime
    // without any rendering (Cache API lookup, one D1 read, an article-sized page stored).
    plan: (corpus) => {
      const rotation = corpus.slugs
        .slice(0, -MISS_SAMPLES)
        .map((slug) => `/d1-store/${encodeURIComponent(slug)}`);
      let next = 0;
      return {
        path: `/d1-store/<${rotation.length} distinct slugs, each once>`,
        paths: () => rotation[next++ % rotation.length] ?? '/',
        before: corpus.slugs
          .slice(-MISS_SAMPLES)
          .map((slug) => `/d1-store/${encodeURIComponent(slug)}`),
        after: [],
        steady: 'before',
        capacity: rotation.length,
        expectStatus: 200,
      };
    },
  },
  {
    id: 'article-hit',
    title: 'article, cache HIT',
    worker: 'app',
    plan: (corpus) => {
      const path = articlePath(corpus.slugs[0] ?? '');
      return {
        path,
        paths: path,
        before: [path],
        after: [path, path],
        steady: 'after',
        expectStatus: 200,
      };
    },
  },
  {
    id: 'article-miss',
    title: 'article, cache MISS',
    worker: 'app',
    plan: (corpus) => {
      // Every request asks for an article no one has asked for yet, so the cache cannot have it
      // and the page is rendered from D1 through the same route and middleware as any visit.
      const rotation = corpus.slugs.slice(1, -MISS_SAMPLES).map(articlePath);
      let next = 0;
      return {
        path: `/posts/<${rotation.length} distinct slugs, each once>`,
        paths: () => rotation[next++ % rotation.length] ?? '/',
        before: corpus.slugs.slice(-MISS_SAMPLES).map(articlePath),
        after: [],
        steady: 'before',
        capacity: rotation.length,
        expectStatus: 200,
      };
    },
  },
  {
    id: 'home',
    title: 'home page',
    worker: 'app',
    plan: () => ({
      path: '/',
      paths: '/',
      before: ['/'],
      after: ['/', '/'],
      steady: 'after',
      expectStatus: 200,
    }),
  },
  {
    id: 'listing',
    title: 'stack listing',
    worker: 'app',
    plan: () => ({
      path: LISTING_PATH,
      paths: LISTING_PATH,
      before: [LISTING_PATH],
      after: [LISTING_PATH, LISTING_PATH],
      steady: 'after',
      expectStatus: 200,
    }),
  },
  {
    id: 'search',
    title: 'search',
    worker: 'app',
    plan: () => ({
      path: SEARCH_PATH,
      paths: SEARCH_PATH,
      before: [SEARCH_PATH],
      after: [SEARCH_PATH, SEARCH_PATH],
      steady: 'after',
      expectStatus: 200,
    }),
  },
  {
    id: 'not-found',
    title: 'unknown article (404)',
    worker: 'app',
    plan: () => {
      const path = articlePath('no-such-article-in-the-corpus');
      return {
        path,
        paths: path,
        before: [path],
        after: [path, path],
        steady: 'after',
        expectStatus: 404,
      };
    },
  },
];
