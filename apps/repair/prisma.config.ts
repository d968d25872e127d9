import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI only (generate, migrate). `generate` needs no database, so the URL may be
// absent; migrate commands get it from DATABASE_URL.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
