// Configuration for the upstream `vscode-test` command (@vscode/test-cli), for machines that
// can download VS Code. Offline, `npm run test:integration` uses scripts/lib/integration.ts.
// Build first: node scripts/build.mjs --tests
export default {
  label: 'integration',
  version: '1.100.3',
  // deactivation.test.js stops the extension, so it comes last (as in test/integration/index.ts).
  files: ['out/test/integration/!(deactivation).test.js', 'out/test/integration/deactivation.test.js'],
  workspaceFolder: 'test/fixtures/workspace',
  launchArgs: ['--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 60000 },
};
