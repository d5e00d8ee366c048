/** The words the sample-content generator builds articles from: stacks, problems, scenarios. */

export interface StackSpec {
  name: string;
  area: string;
  language: string;
  /** Extra stack tags after the name and the area, e.g. the language. */
  tags: string[];
  tools: string[];
  /** Sentences only articles about this stack use, so that similarity has something to find. */
  sentences: string[];
}

export interface ProblemSpec {
  name: string;
  sentences: string[];
  checklist: string[];
}

export const STACKS: StackSpec[] = [
  {
    name: 'python services',
    area: 'backend',
    language: 'python',
    tags: ['python'],
    tools: ['fastapi', 'pytest', 'uvicorn', 'ruff', 'celery', 'poetry', 'mypy'],
    sentences: [
      'pin the interpreter and the dependency lock so every python services worker runs the same code.',
      'keep the asgi worker count close to the number of cores and watch the event loop lag.',
      'type hints checked in ci catch the python services mistakes that reviews miss.',
    ],
  },
  {
    name: 'node services',
    area: 'backend',
    language: 'javascript',
    tags: ['javascript', 'typescript'],
    tools: ['express', 'jest', 'npm', 'eslint', 'pm2', 'tsc', 'pino'],
    sentences: [
      'a committed package lock keeps node services builds reproducible across machines.',
      'unhandled promise rejections in node services should crash loudly rather than hang.',
      'structured logging with request ids makes node services traces easy to follow.',
    ],
  },
  {
    name: 'go microservices',
    area: 'backend',
    language: 'go',
    tags: ['go'],
    tools: ['go test', 'golangci-lint', 'pprof', 'grpc', 'docker', 'delve'],
    sentences: [
      'go microservices stay small when each service owns one table and one queue.',
      'a pprof profile taken under real load shows where go microservices spend their time.',
      'context deadlines on every outbound call stop go microservices from piling up goroutines.',
    ],
  },
  {
    name: 'rust services',
    area: 'backend',
    language: 'rust',
    tags: ['rust'],
    tools: ['cargo', 'clippy', 'tokio', 'axum', 'criterion', 'sqlx'],
    sentences: [
      'rust services move many runtime checks into the compiler, but timeouts still need tests.',
      'criterion benchmarks make rust services regressions visible before a release.',
      'blocking calls inside tokio tasks are the usual cause of slow rust services.',
    ],
  },
  {
    name: 'react frontends',
    area: 'frontend',
    language: 'typescript',
    tags: ['typescript', 'javascript'],
    tools: ['vite', 'vitest', 'playwright', 'eslint', 'storybook', 'react query'],
    sentences: [
      'react frontends feel slow when bundles grow, so track their size in every build.',
      'a playwright check of the main flows catches react frontends breaking in a real browser.',
      'server state caching keeps react frontends from refetching on every render.',
    ],
  },
  {
    name: 'cloudflare workers',
    area: 'edge',
    language: 'typescript',
    tags: ['typescript', 'serverless'],
    tools: ['wrangler', 'hono', 'd1', 'vitest', 'miniflare', 'drizzle'],
    sentences: [
      'cloudflare workers start fast, so the database round trip dominates each uncached request.',
      'the cache api in cloudflare workers is per data center, which shapes every purge plan.',
      'wrangler dev runs cloudflare workers locally with the same runtime as production.',
    ],
  },
  {
    name: 'postgres databases',
    area: 'data',
    language: 'sql',
    tags: ['sql', 'postgres'],
    tools: ['psql', 'pg_stat_statements', 'explain analyze', 'pgbouncer', 'flyway'],
    sentences: [
      'explain analyze on postgres databases shows whether the planner used the index you expected.',
      'connection pooling keeps postgres databases healthy when traffic spikes.',
      'vacuum and autovacuum settings decide how postgres databases age under heavy writes.',
    ],
  },
  {
    name: 'kubernetes platforms',
    area: 'platform',
    language: 'yaml',
    tags: ['yaml', 'containers'],
    tools: ['kubectl', 'helm', 'prometheus', 'grafana', 'argo cd', 'kustomize'],
    sentences: [
      'readiness probes decide when kubernetes platforms send traffic to a new pod.',
      'resource requests that match real usage keep kubernetes platforms from evicting pods.',
      'gitops with argo cd makes kubernetes platforms changes reviewable and reversible.',
    ],
  },
  {
    name: 'php applications',
    area: 'backend',
    language: 'php',
    tags: ['php'],
    tools: ['composer', 'phpunit', 'php-fpm', 'phpstan', 'opcache', 'xdebug'],
    sentences: [
      'opcache settings change how php applications behave after every deploy.',
      'phpstan at a strict level finds the php applications bugs that tests miss.',
      'php-fpm pool sizes should follow the memory that php applications really use.',
    ],
  },
  {
    name: 'static site generators',
    area: 'frontend',
    language: 'markdown',
    tags: ['markdown', 'jamstack'],
    tools: ['hugo', 'astro', 'eleventy', 'netlify cli', 'lighthouse', 'markdownlint'],
    sentences: [
      'static site generators rebuild every page, so incremental builds matter for large sites.',
      'front matter conventions keep static site generators content consistent between authors.',
      'lighthouse runs in ci keep static site generators output fast as templates change.',
    ],
  },
];

export const PROBLEMS: ProblemSpec[] = [
  {
    name: 'building safer deployment steps',
    sentences: [
      'a deployment step is safe when it can be repeated and rolled back without guessing.',
      'staging deploys with production-like data catch most release surprises.',
      'gradual rollouts limit how many readers see a broken release.',
    ],
    checklist: [
      'run linting',
      'run unit tests',
      'run one integration check',
      'verify staging config',
      'tag the release',
    ],
  },
  {
    name: 'reducing slow database queries',
    sentences: [
      'slow queries usually scan a table because an index is missing or unusable.',
      'the query plan tells you more than the query text about why a request is slow.',
      'counting database calls per request exposes accidental n plus one patterns.',
    ],
    checklist: [
      'capture the slow query',
      'inspect the query plan',
      'add or fix the index',
      'compare before and after',
      'record the result',
    ],
  },
  {
    name: 'caching rendered pages at the edge',
    sentences: [
      'an edge cache only helps when the cache key ignores tracking parameters.',
      'every cache rule needs written bypass conditions so debugging is quick.',
      'stale while revalidate hides slow renders from readers after expiry.',
    ],
    checklist: [
      'name the cache rule',
      'document the bypass conditions',
      'check the cache key',
      'verify hit and miss headers',
      'plan the purge',
    ],
  },
  {
    name: 'designing idempotent background jobs',
    sentences: [
      'a background job is idempotent when running it twice leaves the same result.',
      'jobs that work in chunks with a cursor can resume after a crash.',
      'a lease based lock stops two job runs from fighting over the same rows.',
    ],
    checklist: [
      'define the unit of work',
      'store a cursor',
      'add a lease lock',
      'log each run',
      'test a rerun',
    ],
  },
  {
    name: 'monitoring error rates',
    sentences: [
      'an error rate alert should fire on sustained change, not on a single failure.',
      'grouping errors by route shows which change introduced them.',
      'a health endpoint that checks dependencies answers whether the service is up.',
    ],
    checklist: [
      'define the error budget',
      'add a health check',
      'group errors by route',
      'alert on sustained change',
      'review after each deploy',
    ],
  },
  {
    name: 'migrating schemas without downtime',
    sentences: [
      'expand and contract migrations keep old and new code working at the same time.',
      'test every migration on a copy of real data before production.',
      'backfills in small batches avoid locking the tables readers need.',
    ],
    checklist: [
      'write the expand migration',
      'backfill in batches',
      'deploy the new code',
      'write the contract migration',
      'keep a restore point',
    ],
  },
  {
    name: 'hardening authentication flows',
    sentences: [
      'tokens should be compared in constant time to avoid leaking their contents.',
      'admin endpoints need their own credentials and rate limits.',
      'session cookies need secure, httponly and samesite attributes.',
    ],
    checklist: [
      'list every entry point',
      'require tokens on admin actions',
      'compare secrets safely',
      'set cookie attributes',
      'log failed attempts',
    ],
  },
  {
    name: 'speeding up test suites',
    sentences: [
      'a slow test suite is usually a few slow tests, so measure each one first.',
      'isolated storage per test file keeps parallel tests from interfering.',
      'fixtures built once and reused cut minutes from every run.',
    ],
    checklist: [
      'time every test file',
      'remove sleeps',
      'share expensive fixtures',
      'run files in parallel',
      'track suite duration',
    ],
  },
  {
    name: 'handling large content imports',
    sentences: [
      'a content import should skip unchanged files by comparing a content hash.',
      'each imported article should be written in one transaction so failures never leave half an article.',
      'bad files should be reported with their line and field while good files still load.',
    ],
    checklist: [
      'validate every file',
      'hash the content',
      'write each article atomically',
      'report rejected files',
      'rerun to confirm nothing changes',
    ],
  },
  {
    name: 'tuning memory usage',
    sentences: [
      'memory grows when whole datasets are loaded instead of streamed in chunks.',
      'a heap snapshot under load shows which objects really stay alive.',
      'compact ids and typed arrays hold large indexes in little memory.',
    ],
    checklist: [
      'measure peak memory',
      'stream large inputs',
      'drop unused references',
      'compare snapshots',
      'set a memory budget',
    ],
  },
  {
    name: 'structuring logs for debugging',
    sentences: [
      'one structured log line per request makes latency and errors easy to aggregate.',
      'request ids tie a visitor report to the exact log line.',
      'logs should carry the route pattern, not the raw path, so they group well.',
    ],
    checklist: [
      'pick the log fields',
      'add request ids',
      'log the route pattern',
      'aggregate percentiles',
      'keep logs free of secrets',
    ],
  },
  {
    name: 'rolling back failed releases',
    sentences: [
      'a rollback plan written before the release is faster than one written during an outage.',
      'database changes must stay compatible with the previous release to allow a rollback.',
      'tagged releases make it obvious which version to return to.',
    ],
    checklist: [
      'write the rollback note',
      'keep migrations backward compatible',
      'tag every release',
      'practice a rollback',
      'record who owns the release',
    ],
  },
];

export const SCENARIOS = [
  'for a content heavy programming website',
  'for a small saas team',
  'for an internal developer platform',
  'for a high traffic news site',
  'for an open source documentation portal',
  'for a growing e-commerce catalogue',
];

export const TITLE_TEMPLATES = [
  'building a safer workflow for {problem} with {stack}',
  'a practical guide to {problem} in {stack}',
  'what we learned {problem} for {stack}',
  '{problem} with {stack} step by step',
  'notes on {problem} across {stack}',
  'a checklist for {problem} in {stack}',
  'how to start {problem} with {stack} {scenario}',
  'lessons from {problem} in {stack} {scenario}',
];

/** Sentences every article may use, taken from the site's house style. */
export const GENERIC_SENTENCES = [
  'the first useful improvement is usually visibility.',
  'collect the response time, error rate, cache status, and database call count before changing code.',
  'start by writing down what the system currently does.',
  'change one variable at a time and compare the result.',
  'prefer a small verified change over a broad rewrite.',
  'keep the owner, expected result, and rollback note in the same place.',
  'the fastest query in development can still become the slowest request in production.',
  'dashboards are useful only when the signals are easy to understand during pressure.',
];

export const SECTION_HEADINGS = [
  'why this matters',
  'production checks',
  'what to measure',
  'common mistakes',
  'a worked example',
];

export const REVISION_STATUSES = ['drafted', 'reviewed', 'published', 'needs changes'];
export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'];
