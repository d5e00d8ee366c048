import { defineConfig } from 'drizzle-kit';

// drizzle-kit writes flat migrations/*.sql; wrangler and readD1Migrations read the same folder.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations',
});
