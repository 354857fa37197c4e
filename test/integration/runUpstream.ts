// The conventional runner, for machines that can download VS Code: @vscode/test-electron
// fetches VS Code 1.100.3 and runs index.ts in it. Offline machines (this project's CI) use
// scripts/lib/integration.ts instead.
// Usage: node scripts/build.mjs --tests && node out/test/integration/runUpstream.js
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { fixtureWorkspace, repoRoot } from './paths';

async function main(): Promise<void> {
  const exitCode = await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(__dirname, 'index.js'),
    // A fresh profile without the trust prompt, like the offline runner's test settings.
    launchArgs: [fixtureWorkspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
  process.exitCode = exitCode;
}

main().catch((error: unknown) => {
  console.error(`integration tests could not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
