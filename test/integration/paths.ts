// Locations the integration tests and their runners share. No `vscode` import: the upstream
// runner (runUpstream.ts) loads this in plain Node.
import { join } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';

export { repoRoot };

/** The folder the integration tests open in VS Code. */
export const fixtureWorkspace = join(repoRoot, 'test', 'fixtures', 'workspace');
