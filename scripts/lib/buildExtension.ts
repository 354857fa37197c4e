// Runs scripts/build.mjs (the extension bundles) as a child process, for the scripts that serve
// the extension in VS Code (npm start, the screenshots).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './paths';

export function buildExtension(): Promise<void> {
  return new Promise((resolveBuild, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolveBuild() : reject(new Error(`build failed (exit ${code})`))));
  });
}
