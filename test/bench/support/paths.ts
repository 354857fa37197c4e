// Locations the bench modules share.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/repoRoot';

export { repoRoot };

export const distDir = join(repoRoot, 'dist');

/** A built file of dist/, or an error that says to build first. */
export function builtFile(relativePath: string): string {
  const file = join(distDir, relativePath);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`node scripts/build.mjs\` first`);
  return file;
}
