import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// Setup files run before every test file. applyD1Migrations records what it applied in
// d1_migrations and skips those, so running it again on the same database is safe.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
