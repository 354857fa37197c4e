import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkJson, cliPath, copyFixture, runPyops, type JsonFinding } from './cliHarness';

interface SarifLog {
  version: string;
  $schema?: string;
  runs: {
    tool: { driver: { name: string; version?: string; rules?: { id: string; name?: string; shortDescription?: { text: string }; helpUri?: string; help?: { text: string; markdown?: string } }[] } };
    originalUriBaseIds?: Record<string, { uri: string }>;
    invocations?: { executionSuccessful: boolean }[];
    columnKind?: string;
    results?: {
      ruleId?: string;
      ruleIndex?: number;
      level?: string;
      message: { text?: string };
      locations?: { physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string }; region?: { startLine?: number; startColumn?: number; endLine?: number; endColumn?: number } } }[];
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

  it('json: has the shape of ruff\'s JSON output', () => {
    const keys = ['cell', 'code', 'end_location', 'filename', 'fix', 'location', 'message', 'noqa_row', 'url'];
    for (const f of reference) {
      assert.deepEqual(Object.keys(f).sort(), keys);
      assert.equal(f.cell, null);
      assert.ok(f.code.length > 0 && f.message.length > 0);
      assert.equal(f.filename, join(fixture.dir, f.filename.slice(fixture.dir.length + 1)), 'absolute path inside the checked tree');
      assert.ok(isPosition(f.location) && isPosition(f.end_location), JSON.stringify(f));
      assert.ok(f.end_location.row > f.location.row || (f.end_location.row === f.location.row && f.end_location.column >= f.location.column));
      assert.equal(f.noqa_row, f.location.row);
      assert.ok(f.url.endsWith(`${f.code}.md`));
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
    assert.deepEqual(fromText, reference.map((f) => `${f.filename}:${f.location.row}:${f.location.column}:${f.code}`));
  });

  it('counts columns in characters, not UTF-16 units', () => {
    const file = join(fixture.dir, 'nested', 'unicode_line.py');
    const line = readFileSync(file, 'utf8').split('\n')[2];
    const onLine = reference.filter((f) => f.filename === file && f.location.row === 3);
    assert.ok(onLine.length > 0, 'the call after the emoji is reported');
    const callStart = [...line].indexOf('s', [...line].indexOf(';'));
    assert.ok(onLine.some((f) => f.location.column === callStart + 1), `expected column ${callStart + 1}; got ${onLine.map((f) => f.location.column).join(', ')}`);
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
      assert.ok(rule.id && rule.shortDescription?.text && rule.helpUri, JSON.stringify(rule));
      const page = join(dirname(cliPath), '..', 'docs', 'rules', `${rule.id}.md`);
      if (existsSync(page)) assert.equal(rule.help?.markdown, readFileSync(page, 'utf8'), 'the rule page travels in the log');
    }
    assert.equal(run.columnKind, 'unicodeCodePoints');
    assert.equal(run.originalUriBaseIds?.['%SRCROOT%']?.uri, pathToFileURL(fixture.dir).href + '/');
    assert.deepEqual(run.invocations?.map((i) => i.executionSuccessful), [true]);
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
