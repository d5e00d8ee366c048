import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// workerd logs "WebSocket peer disconnected" each time the pool closes the WebSocket to a test
// file's runner (the end of every file): the pool's own list of lifecycle messages to ignore
// (handleStructuredLogs in @cloudflare/vitest-pool-workers 0.15.1) has "WebSocket was aborted" but
// not this wording, and user options cannot replace that handler. So exactly that line is
// dropped; every other workerd message, and any test's output, passes through.
const POOL_DISCONNECT =
  /^exception = workerd\/api\/web-socket\.c\+\+:\d+: disconnected: WebSocket peer disconnected\n?$/;
// Wrangler also warns, each time the pool reads wrangler.toml, that its `[secrets]` table is
// experimental and that ADMIN_TOKEN is not in .dev.vars: the tests pass ADMIN_TOKEN as a binding
// below, and `[secrets]` is what lets `wrangler types --check` run on a fresh clone. Exactly these
// warnings are dropped (matched on their text, whatever the colours).
const WRANGLER_SECRETS_NOTICE =
  /"secrets" fields are experimental|Missing required secrets: ADMIN_TOKEN\.|^Using secrets defined in process\.env\n?$/;
// The pool writes it to stdout (its level is not warn/error); both streams are filtered the same way.
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) =>
    typeof chunk === 'string' &&
    (POOL_DISCONNECT.test(chunk) || WRANGLER_SECRETS_NOTICE.test(chunk))
      ? true
      : write(chunk, ...rest)) as typeof stream.write;
}

// Migrations are read once here, in Node, and applied inside workerd by test/apply-migrations.ts.
const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'));

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // SIMILAR_PART_SIZE: small parts, so a test corpus of a few hundred articles fans out
        // into several queue messages per phase.
        // TWIN_DB: a second database for tests that compare two histories of the same corpus
        // (test/jobs/killed-run.test.ts: a run killed and resumed against one left alone).
        d1Databases: { TWIN_DB: 'twin-db' },
        bindings: {
          TEST_MIGRATIONS: migrations,
          ADMIN_TOKEN: 'test-admin-token',
          SIMILAR_PART_SIZE: '150',
          // The HTTP fuzz suite's seed (test/cache/fuzz/): set it to replay a failure it printed.
          FUZZ_SEED: process.env.FUZZ_SEED ?? '',
        },
      },
    }),
  ],
  test: {
    // Every request through the Worker writes a JSON log line; show them only for failing tests.
    silent: 'passed-only',
    // A hang detector, not a speed check: the ranking and index tests are pure CPU work that
    // takes a few seconds on a busy two-core machine, past Vitest's 5 s default.
    testTimeout: 30_000,
    setupFiles: ['./test/apply-migrations.ts'],
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/browser/**', 'node_modules/**'],
  },
});
