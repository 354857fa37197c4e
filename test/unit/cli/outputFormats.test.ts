import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkJson, cliPath, copyFixture, runPyops, type JsonFinding } from './cliHarness';

interface SarifLog {
  version: string;
  $schema?: string;
  runs: {
    tool: {
      driver: {
        name: string;
        version?: string;
        rules?: {
          id: string;
          name?: string;
          shortDescription?: { text: string };
          helpUri?: string;
          help?: { text: string; markdown?: string };
        }[];
      };
    };
    originalUriBaseIds?: Record<string, { uri: string }>;
    invocations?: { executionSuccessful: boolean }[];
    columnKind?: string;
    results?: {
      ruleId?: string;
      ruleIndex?: number;
      level?: string;
      message: { text?: string };
      locations?: {
        physicalLocation?: {
          artifactLocation?: { uri?: string; uriBaseId?: string };
          region?: { startLine?: number; startColumn?: number; endLine?: number; endColumn?: number };
        };
      }[];
    }[];
  }[];
}

function isPosition(value: unknown): boolean {
  const p = value as { row?: unknown; column?: unknown };
  return Number.isInteger(p?.row) && Number.isInteger(p?.column) && (p.row as number) >= 1 && (p.column as number) >= 1;
}

describe('pyops check: output formats', function () {
  this.timeout(60_000);
  let fixture: ReturnType<typeof copyFixture>;
  let reference: JsonFinding[];
  before(() => {
    fixture = copyFixture('project');
    reference = checkJson(['.'], fixture.dir).findings;
    assert.ok(reference.length >= 3, 'the fixture should produce findings in several files');
  });
  after(() => fixture.dispose());

  it("json: has the shape of ruff's JSON output", () => {
    const keys = ['cell', 'code', 'end_location', 'filename', 'fix', 'location', 'message', 'noqa_row', 'url'];
    for (const f of reference) {
      assert.deepEqual(Object.keys(f).sort(), keys);
      assert.equal(f.cell, null);
      assert.ok(f.code.length > 0 && f.message.length > 0);
      assert.equal(f.filename, join(fixture.dir, f.filename.slice(fixture.dir.length + 1)), 'absolute path inside the checked tree');
      assert.ok(isPosition(f.location) && isPosition(f.end_location), JSON.stringify(f));
      assert.ok(
        f.end_location.row > f.location.row || (f.end_location.row === f.location.row && f.end_location.column >= f.location.column),
      );
      assert.equal(f.noqa_row, f.location.row);
      assert.equal(f.url, null, 'no rule link without docs-url (never a file:// path)');
      if (f.fix !== null) {
        assert.ok(['safe', 'unsafe'].includes(f.fix.applicability));
        assert.ok(f.fix.message.length > 0);
        assert.ok(f.fix.edits.length > 0);
        for (const e of f.fix.edits) assert.ok(typeof e.content === 'string' && isPosition(e.location) && isPosition(e.end_location));
      }
    }
  });

  it('json and text report the same findings at the same positions', () => {
    const text = runPyops(['check', '.'], fixture.dir).stdout;
    const fromText = text
      .split('\n')
      .map((l) => /^(.+):(\d+):(\d+): (\S+)/.exec(l))
      .filter((m) => m !== null)
      .map((m) => `${join(fixture.dir, m[1])}:${m[2]}:${m[3]}:${m[4]}`);
    assert.deepEqual(
      fromText,
      reference.map((f) => `${f.filename}:${f.location.row}:${f.location.column}:${f.code}`),
    );
  });

  it('counts columns in characters, not UTF-16 units', () => {
    const file = join(fixture.dir, 'nested', 'unicode_line.py');
    const line = readFileSync(file, 'utf8').split('\n')[2];
    const onLine = reference.filter((f) => f.filename === file && f.location.row === 3);
    assert.ok(onLine.length > 0, 'the call after the emoji is reported');
    const callStart = [...line].indexOf('s', [...line].indexOf(';'));
    assert.ok(
      onLine.some((f) => f.location.column === callStart + 1),
      `expected column ${callStart + 1}; got ${onLine.map((f) => f.location.column).join(', ')}`,
    );
    // The same call counted in UTF-16 units would be one further right (the emoji is two units).
    assert.equal(line.indexOf('subprocess.run'), callStart + 1);
  });

  it('sarif: is a SARIF 2.1.0 log with the rule catalog and one result per finding', () => {
    const r = runPyops(['check', '--format', 'sarif', '.'], fixture.dir);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout) as SarifLog;
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'pyops');
    const rules = run.tool.driver.rules ?? [];
    assert.ok(rules.length > 0);
    for (const rule of rules) {
      assert.ok(rule.id && rule.shortDescription?.text && rule.helpUri === undefined, JSON.stringify(rule));
      const page = join(dirname(cliPath), '..', 'docs', 'rules', `${rule.id}.md`);
      assert.ok(existsSync(page), page);
      assert.equal(rule.help?.markdown, readFileSync(page, 'utf8'), 'the rule page travels in the log');
    }
    assert.equal(run.columnKind, 'unicodeCodePoints');
    assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, undefined, 'no file:// URL naming this machine');
    assert.deepEqual(
      run.invocations?.map((i) => i.executionSuccessful),
      [true],
    );
    const results = run.results ?? [];
    assert.equal(results.length, reference.length);
    results.forEach((result, i) => {
      const expected = reference[i];
      assert.equal(result.ruleId, expected.code);
      assert.equal(rules[result.ruleIndex ?? -1]?.id, expected.code, 'ruleIndex points at the rule');
      assert.ok(['error', 'warning', 'note'].includes(result.level ?? ''));
      assert.equal(result.message.text, expected.message);
      const location = result.locations?.[0]?.physicalLocation;
      assert.equal(location?.artifactLocation?.uriBaseId, '%SRCROOT%');
      assert.equal(join(fixture.dir, decodeURIComponent(location?.artifactLocation?.uri ?? '')), expected.filename);
      assert.deepEqual(location?.region, {
        startLine: expected.location.row,
        startColumn: expected.location.column,
        endLine: expected.end_location.row,
        endColumn: expected.end_location.column,
      });
    });
  });

  it('github: prints one workflow annotation per finding', () => {
    const r = runPyops(['check', '--format', 'github', '.'], fixture.dir);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, reference.length);
    const annotation = /^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^:]+)::(.+)$/;
    lines.forEach((line, i) => {
      const m = annotation.exec(line);
      assert.ok(m, line);
      const expected = reference[i];
      assert.equal(join(fixture.dir, m[2]), expected.filename);
      assert.deepEqual([Number(m[3]), Number(m[4])], [expected.location.row, expected.location.column]);
      assert.ok(m[7].includes(expected.code));
      assert.ok(m[8].startsWith(`${expected.code} `));
    });
  });

  it('every format prints nothing but valid output for a clean file', () => {
    assert.deepEqual(JSON.parse(runPyops(['check', '--format', 'json', 'clean.py'], fixture.dir).stdout), []);
    const sarif = JSON.parse(runPyops(['check', '--format', 'sarif', 'clean.py'], fixture.dir).stdout) as SarifLog;
    assert.deepEqual(sarif.runs[0].results, []);
    assert.equal(runPyops(['check', '--format', 'github', 'clean.py'], fixture.dir).stdout, '');
  });
});

describe('pyops check: CI formats and rule links', function () {
  this.timeout(60_000);
  let root: string;
  const SCRIPT =
    'import subprocess\nimport yaml\ncmd = "ls " + input()\nsubprocess.run(cmd, shell=True)\nsubprocess.run(cmd, shell=True)\nyaml.load(open("x", encoding="utf-8"))\n';
  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'pyops-ci-formats-')));
    writeFileSync(join(root, 'job.py'), SCRIPT);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('gitlab: a Code Quality report with description, check_name, fingerprint, severity and location', () => {
    const r = runPyops(['check', '--output-format', 'gitlab', '.'], root);
    assert.equal(r.status, 1);
    const issues = JSON.parse(r.stdout) as {
      description: string;
      check_name: string;
      fingerprint: string;
      severity: string;
      location: { path: string; lines: { begin: number } };
    }[];
    assert.ok(issues.length >= 3);
    for (const issue of issues) {
      assert.deepEqual(Object.keys(issue).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
      assert.match(issue.check_name, /^OPS\d{3}$/);
      assert.ok(issue.description.startsWith(`${issue.check_name} `));
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity));
      assert.equal(issue.location.path, 'job.py');
    }
    const injections = issues.filter((i) => i.check_name === 'OPS103');
    assert.deepEqual(
      injections.map((i) => i.location.lines.begin),
      [4, 5],
    );
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length, 'two identical findings get distinct fingerprints');
    // Stable across runs and across an unrelated edit above the findings.
    writeFileSync(join(root, 'job.py'), '# a comment\n' + SCRIPT);
    const again = JSON.parse(runPyops(['check', '--output-format', 'gitlab', '.'], root).stdout) as { fingerprint: string }[];
    assert.deepEqual(again.map((i) => i.fingerprint).sort(), issues.map((i) => i.fingerprint).sort());
    writeFileSync(join(root, 'job.py'), SCRIPT);
  });

  it('junit: one test suite per file, one failing case per finding', () => {
    const r = runPyops(['check', '--output-format', 'junit', '.'], root);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="pyops" tests="(\d+)" failures="\1" errors="0">/);
    assert.match(r.stdout, /<testsuite name="job\.py" tests="\d+" failures="\d+" errors="0">/);
    assert.match(
      r.stdout,
      /<testcase name="org\.pyops\.OPS103" classname="job\.py" file="job\.py" line="4">\n\s+<failure message="[^"]+" type="OPS103">line 4, col 1, /,
    );
    const clean = realpathSync(mkdtempSync(join(tmpdir(), 'pyops-junit-clean-')));
    writeFileSync(join(clean, 'ok.py'), 'print("ok")\n');
    const passing = runPyops(['check', '--output-format', 'junit', '.'], clean);
    rmSync(clean, { recursive: true, force: true });
    assert.equal(passing.status, 0);
    assert.match(passing.stdout, /tests="1" failures="0" errors="0"/);
  });

  it('sarif: security rules carry a security-severity, and every rule its full help', () => {
    const log = JSON.parse(runPyops(['check', '--output-format', 'sarif', '.'], root).stdout) as {
      runs: {
        tool: {
          driver: { rules: { id: string; properties: { tags: string[]; 'security-severity'?: string }; help?: { markdown: string } }[] };
        };
      }[];
    };
    const rules = log.runs[0].tool.driver.rules;
    const shell = rules.find((rule) => rule.id === 'OPS103')!;
    assert.equal(shell.properties['security-severity'], '8.8');
    assert.ok(shell.properties.tags.includes('security'));
    assert.equal(rules.find((rule) => rule.id === 'OPS101')!.properties['security-severity'], undefined);
    assert.ok(rules.every((rule) => rule.help?.markdown.startsWith(`# ${rule.id}`)));
  });

  it('prints no file:// URL in any format; docs-url gives https rule links', () => {
    for (const format of ['text', 'json', 'sarif', 'github', 'gitlab', 'junit']) {
      const r = runPyops(['check', '--output-format', format, '.'], root);
      assert.doesNotMatch(r.stdout + r.stderr, /file:\/\//, format);
    }
    assert.doesNotMatch(runPyops(['rules', '--format', 'json'], root).stdout, /file:\/\//);
    writeFileSync(join(root, '.pyops.yaml'), 'docs-url: https://docs.example.com/pyops/rules/{code}.html\n');
    const json = JSON.parse(runPyops(['check', '--output-format', 'json', '.'], root).stdout) as { code: string; url: string }[];
    assert.ok(json.every((f) => f.url === `https://docs.example.com/pyops/rules/${f.code}.html`));
    const sarif = runPyops(['check', '--output-format', 'sarif', '.'], root).stdout;
    assert.match(sarif, /"helpUri": "https:\/\/docs\.example\.com\/pyops\/rules\/OPS103\.html"/);
    writeFileSync(join(root, '.pyops.yaml'), 'docs-url: file:///home/me/pyops/\n');
    const refused = runPyops(['check', '--output-format', 'json', '.'], root);
    assert.match(refused.stderr, /\.pyops\.yaml:1:11: error: 'docs-url' must be an https URL/);
    assert.ok((JSON.parse(refused.stdout) as { url: string | null }[]).every((f) => f.url === null));
    rmSync(join(root, '.pyops.yaml'));
  });
});
