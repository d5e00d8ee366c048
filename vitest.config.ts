import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Migrations are read once here, in Node, and applied inside workerd by test/apply-migrations.ts.
const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'));

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // SIMILAR_PART_SIZE: small parts, so a test corpus of a few hundred articles fans out
        // into several queue messages per phase.
        bindings: {
          TEST_MIGRATIONS: migrations,
          ADMIN_TOKEN: 'test-admin-token',
          SIMILAR_PART_SIZE: '150',
        },
      },
    }),
  ],
  test: {
    // Every request through the Worker writes a JSON log line; show them only for failing tests.
    silent: 'passed-only',
    setupFiles: ['./test/apply-migrations.ts'],
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/browser/**', 'node_modules/**'],
  },
});
