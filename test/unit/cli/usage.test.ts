import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/repoRoot';
import { runPyops } from './cliHarness';

describe('pyops: usage, version, help, rules', function () {
  this.timeout(60_000);
  let cwd: string;
  before(() => {
    cwd = mkdtempSync(join(tmpdir(), 'pyops-usage-'));
  });
  after(() => rmSync(cwd, { recursive: true, force: true }));

  it('prints the version from package.json', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = runPyops([flag], cwd);
      assert.equal(r.status, 0);
      assert.equal(r.stdout.trim(), `pyops ${version}`);
    }
  });

  it('prints help with exit 0 when asked, and usage with exit 2 when no command is given', () => {
    const help = runPyops(['--help'], cwd);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /pyops check/);
    const none = runPyops([], cwd);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /Usage:/);
    const checkHelp = runPyops(['check', '--help'], cwd);
    assert.equal(checkHelp.status, 0);
    assert.match(checkHelp.stdout, /--format/);
    for (const format of ['text', 'json', 'sarif', 'github', 'gitlab', 'junit'])
      assert.match(checkHelp.stdout, new RegExp(`\\b${format} \\(`), format);
  });

  it('exits 2 with a message on usage errors', () => {
    const cases: [string[], RegExp][] = [
      [['deploy'], /unknown command 'deploy'/],
      [['check', '--colour'], /--colour/],
      [['check', '--format', 'xml'], /--format must be one of text, json, sarif, github/],
      [['check', '--select', 'NOPE123'], /--select: Unknown rule 'NOPE123'/],
      [['check', '--ignore', ''], /--ignore needs at least one rule code/],
      [['check', '--config', 'missing.yaml'], /--config: no such file: missing.yaml/],
      [['rules', '--format', 'sarif'], /--format must be text or json/],
    ];
    for (const [args, message] of cases) {
      const r = runPyops(args, cwd);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.doesNotMatch(r.stderr, /error: internal error|\n\s+at .+:\d+:\d+\)?\n/, 'a usage error is not a crash');
    }
  });

  it('says so and exits 0 when there are no Python files', () => {
    const r = runPyops(['check'], cwd);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /No Python files found/);
  });

  it("lists the rule catalog as JSON with each rule's equivalents and docs link", () => {
    const r = runPyops(['rules', '--format', 'json'], cwd);
    assert.equal(r.status, 0);
    const rules = JSON.parse(r.stdout) as {
      code: string;
      name: string;
      summary: string;
      defaultSeverity: string;
      equivalents: string[];
      fixable: string;
      url: string | null;
    }[];
    assert.ok(rules.length > 0);
    assert.equal(new Set(rules.map((x) => x.code)).size, rules.length, 'codes are unique');
    for (const rule of rules) {
      assert.match(rule.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(['error', 'warning', 'information', 'hint'].includes(rule.defaultSeverity));
      assert.ok(
        Array.isArray(rule.equivalents) && rule.equivalents.every((e) => /^[a-z-]+:\S+$/.test(e)),
        JSON.stringify(rule.equivalents),
      );
      assert.equal(rule.url, null, 'no link without docs-url');
    }
    const text = runPyops(['rules'], cwd);
    assert.equal(text.status, 0);
    for (const rule of rules) assert.match(text.stdout, new RegExp(`^${rule.code}\\s+${rule.name}\\s`, 'm'));
  });

  it('lists OPS001, OPS002 and OPS003 among the rules, in code order, as ruff lists its meta codes', () => {
    const json = runPyops(['rules', '--format', 'json'], cwd);
    assert.equal(json.status, 0, json.stderr);
    const rules = JSON.parse(json.stdout) as { code: string; name: string; fixable: string; equivalents: string[] }[];
    const codes = rules.map((r) => r.code);
    assert.deepEqual(codes, [...codes].sort(), 'in code order');
    const byCode = new Map(rules.map((r) => [r.code, r]));
    assert.equal(byCode.get('OPS001')?.name, 'syntax-error');
    assert.equal(byCode.get('OPS002')?.name, 'unused-suppression');
    assert.equal(byCode.get('OPS002')?.fixable, 'safe');
    assert.deepEqual(byCode.get('OPS002')?.equivalents, ['ruff:RUF100']);
    assert.equal(byCode.get('OPS003')?.name, 'file-not-checked');
    assert.deepEqual(byCode.get('OPS003')?.equivalents, ['ruff:E902']);
    const text = runPyops(['rules'], cwd);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^OPS001\s+syntax-error\s+error\s/m);
    assert.match(text.stdout, /^OPS002\s+unused-suppression\s+warning\s+\[\*\]\s/m);
    assert.match(text.stdout, /^OPS003\s+file-not-checked\s+error\s/m);
    // The order of the text table is the JSON's.
    const textCodes = [...text.stdout.matchAll(/^(OPS\d{3})\s/gm)].map((m) => m[1]);
    assert.deepEqual(textCodes, codes);
  });

  it('hands `pyops profile` to the profiler', () => {
    const r = runPyops(['profile', '--help'], cwd);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Usage: pyops profile/);
  });
});
