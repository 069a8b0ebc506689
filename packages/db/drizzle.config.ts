import { defineConfig } from 'drizzle-kit';

// One migration history for the whole platform, generated from every
// package's `src/schema.ts` (each domain owns its tables, the SQL lives here).
export default defineConfig({
  dialect: 'postgresql',
  schema: ['../*/src/schema.ts'],
  out: './migrations',
  casing: 'snake_case',
});
