// The README's generated tables (rules, settings, commands, snippets) must match the sources,
// so users never read about a setting or rule that is not there.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/repoRoot';

describe('README', () => {
  it('lists every setting, command and rule as the manifest and the rule catalog define them', () => {
    const output = execFileSync(process.execPath, [join(repoRoot, 'scripts/readme-tables.mjs'), '--check'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    assert.equal(output, '');
  });

  it('lists every snippet from the snippet sources', () => {
    execFileSync(process.execPath, [join(repoRoot, 'scripts/build-snippets.mjs'), '--check-readme'], { cwd: repoRoot, stdio: 'pipe' });
  });

  it('gives the two set-up commands for a fresh machine', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    assert.match(readme, /npm install && npm start/);
    assert.match(readme, /npm install && npm test/);
  });

  it('has a page for every rule in docs/rules', () => {
    const rules = JSON.parse(execFileSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'rules', '--format', 'json'], { encoding: 'utf8' })) as {
      code: string;
    }[];
    assert.ok(rules.length > 0);
    for (const { code } of rules) {
      const page = readFileSync(join(repoRoot, 'docs/rules', `${code}.md`), 'utf8');
      assert.match(page, new RegExp(`^# ${code}`, 'm'), `${code}.md starts with its code`);
    }
  });
});
