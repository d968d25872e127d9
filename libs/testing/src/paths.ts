import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file whether it runs from `src/` (vitest) or `dist/`. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The folder of one app, e.g. `appDir('claims')`. */
export function appDir(app: string): string {
  return join(REPO_ROOT, 'apps', app);
}

/**
 * Where Prisma's CLI finds an engine on machines that cannot download one (see MACHINE.md). Returns
 * the stand-in's path when it is installed and no engine was configured, else undefined.
 */
export function prismaEngineOverride(): string | undefined {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) return process.env.PRISMA_SCHEMA_ENGINE_BINARY;
  const standIn = resolve(REPO_ROOT, '../shared/tools/prisma-schema-engine/schema-engine.mjs');
  const installed = resolve(REPO_ROOT, '../shared/tools/prisma-schema-engine/node_modules');
  return existsSync(standIn) && existsSync(installed) ? standIn : undefined;
}
