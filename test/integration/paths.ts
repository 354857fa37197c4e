// Locations the integration tests and their runners share. No `vscode` import: the upstream
// runner (runUpstream.ts) loads this in plain Node.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder above this file holding package.json. */
export const repoRoot = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
})();

/** The folder the integration tests open in VS Code. */
export const fixtureWorkspace = join(repoRoot, 'test', 'fixtures', 'workspace');
