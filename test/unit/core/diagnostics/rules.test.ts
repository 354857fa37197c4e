import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../helpers/repoRoot';
import { findRule, RULES } from '../../../../src/core/diagnostics';
import { analyze, expectedMarkers, internalErrors, lineCodes, ruleFixtures } from './helpers';

describe('diagnostics: rule fixtures', () => {
  const fixtures = ruleFixtures();

  it('has positive and negative fixtures for every rule', () => {
    for (const rule of RULES) {
      const files = fixtures.filter((f) => f.code === rule.code);
      assert.ok(
        files.some((f) => f.file.startsWith('positive') && expectedMarkers(f.text, rule.code).length > 0),
        `${rule.code} positive`,
      );
      assert.ok(
        files.some((f) => f.file.startsWith('negative')),
        `${rule.code} negative`,
      );
    }
  });

  for (const fx of fixtures) {
    it(`${fx.code}/${fx.file}: findings match the expect markers`, async () => {
      const findings = await analyze(fx.text, undefined, `${fx.code}/${fx.file}`);
      const expected = expectedMarkers(fx.text, fx.code).sort();
      if (fx.file.startsWith('negative')) assert.deepEqual(expected, [], 'negative fixtures carry no markers');
      assert.deepEqual(lineCodes(findings, fx.code).sort(), expected);
    });
  }

  after(() => assert.deepEqual(internalErrors, []));
});

describe('diagnostics: rule catalog', () => {
  it('gives every rule a unique code and kebab-case name, a one-line summary and a docs page', () => {
    const codes = new Set(RULES.map((r) => r.code));
    const names = new Set(RULES.map((r) => r.name));
    assert.equal(codes.size, RULES.length);
    assert.equal(names.size, RULES.length);
    for (const r of RULES) {
      assert.match(r.code, /^OPS[0-3]\d\d$/);
      assert.match(r.name, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(!r.summary.includes('\n') && r.summary.length > 20, r.code);
      for (const e of r.equivalents) assert.match(e, /^(ruff|pylint|bandit):[A-Z]+\d+$/, `${r.code} ${e}`);
      const doc = join(repoRoot, 'docs/rules', `${r.code}.md`);
      assert.ok(existsSync(doc), `missing ${doc}`);
      const page = readFileSync(doc, 'utf8');
      assert.ok(page.includes(r.name), `${r.code} page names the rule`);
      for (const e of r.equivalents) assert.ok(page.includes(e.split(':')[1]), `${r.code} page mentions ${e}`);
      for (const heading of ['## Why', '## Example', '## Fix', '## Suppress', '## Equivalents'])
        assert.ok(page.includes(heading), `${r.code} ${heading}`);
    }
  });

  it('finds rules by code or name, in any case', () => {
    assert.equal(findRule('ops101')?.name, 'subprocess-unchecked');
    assert.equal(findRule('subprocess-unchecked')?.code, 'OPS101');
    assert.equal(findRule('OPS999'), undefined);
  });

  it('groups codes by family: 1xx error handling and subprocess, 2xx logging, 3xx lower severity', () => {
    for (const r of RULES) {
      if (r.code.startsWith('OPS2')) assert.equal(r.category, 'logging', r.code);
      if (r.code.startsWith('OPS1')) assert.ok(['subprocess', 'error-handling', 'security'].includes(r.category), r.code);
      if (r.code.startsWith('OPS3')) assert.ok(r.defaultSeverity !== 'error', r.code);
    }
  });
});

describe('diagnostics: messages', () => {
  it('OPS104 says when the shell command is built from variables', async () => {
    const findings = await analyze(
      'import os\nimport subprocess\n\ndef restart(host):\n    os.system("sync")\n    os.system(f"ssh {host} reboot")\n    cmd = "ssh " + host\n    os.system(cmd)\n    subprocess.getstatusoutput(f"ping -c1 {host}")\n',
    );
    const messages = findings.filter((f) => f.code === 'OPS104').map((f) => /shell injection/.test(f.message));
    assert.deepEqual(messages, [false, true, true, true]);
  });
});
