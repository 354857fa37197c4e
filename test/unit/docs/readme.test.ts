// The README's generated tables (rules, settings, commands, snippets) must match the sources,
// so users never read about a setting or rule that is not there.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/repoRoot';

describe('README', () => {
  it('lists every setting, command and rule as the manifest and the rule catalog define them', () => {
    // The same check covers the rule registry and docs/rules/README.md (see scripts/generate.ts).
    const output = execFileSync(process.execPath, [join(repoRoot, 'out/scripts/generate.mjs'), '--check'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    assert.equal(output, '');
  });

  it('lists every snippet from the snippet sources', () => {
    execFileSync(process.execPath, [join(repoRoot, 'scripts/build-snippets.mjs'), '--check-readme'], { cwd: repoRoot, stdio: 'pipe' });
  });

  it('gives the two set-up commands for a fresh machine, the test one being the CI script', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    assert.match(readme, /npm install && npm start/);
    assert.match(readme, /^bash \.ci\/run\b/m);
    // The CI script installs the Debian packages the real VS Code layer needs, then runs npm test.
    const ci = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
    for (const pkg of ['chromium', 'ripgrep', 'python3']) assert.match(ci, new RegExp(`missing\\+=\\(${pkg}\\)`));
    assert.match(ci, /^npm test\b/m);
  });

  it('has a page for every rule in docs/rules', () => {
    const rules = JSON.parse(
      execFileSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'rules', '--format', 'json'], { encoding: 'utf8' }),
    ) as {
      code: string;
    }[];
    assert.ok(rules.length > 0);
    for (const { code } of rules) {
      const page = readFileSync(join(repoRoot, 'docs/rules', `${code}.md`), 'utf8');
      assert.match(page, new RegExp(`^# ${code}`, 'm'), `${code}.md starts with its code`);
    }
  });
});
