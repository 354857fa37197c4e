import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkJson, copyFixture, runPyops, type JsonFinding } from './cliHarness';

describe('pyops check with .pyops.yaml', function () {
  this.timeout(60_000);
  let fixture: ReturnType<typeof copyFixture>;
  let defaults: JsonFinding[];
  let codes: string[];
  // One copy for the whole suite (each run costs a process start); each test removes the configs it wrote.
  const written: string[] = [];
  before(() => {
    fixture = copyFixture('project');
    defaults = checkJson(['.'], fixture.dir).findings;
    codes = [...new Set(defaults.map((f) => f.code))];
    assert.ok(codes.length >= 2);
  });
  afterEach(() => {
    for (const file of written.splice(0)) rmSync(file, { force: true });
  });
  after(() => fixture.dispose());

  const write = (relative: string, text: string): void => {
    const file = join(fixture.dir, relative);
    writeFileSync(file, text);
    written.push(file);
  };
  const inNested = (f: JsonFinding): boolean => f.filename.startsWith(join(fixture.dir, 'nested'));

  it('applies ignore and severity: off from the nearest config', () => {
    write('.pyops.yaml', `ignore: [${codes[0]}]\nseverity:\n  ${codes[1]}: off\n`);
    const { result, findings } = checkJson(['.'], fixture.dir);
    assert.equal(result.stderr, '');
    assert.deepEqual(
      findings,
      defaults.filter((f) => f.code !== codes[0] && f.code !== codes[1]),
    );
  });

  it('applies per-path ignores relative to the config file', () => {
    write('.pyops.yaml', 'per-path-ignores:\n  "nested/**": [ALL]\n');
    const { findings } = checkJson(['.'], fixture.dir);
    assert.deepEqual(
      findings,
      defaults.filter((f) => !inNested(f)),
    );
    // Run from inside the folder: the globs still mean the same files.
    const fromNested = checkJson(['.'], join(fixture.dir, 'nested')).findings;
    assert.deepEqual(fromNested, []);
  });

  it("uses the nearest config: a folder's own file wins for the files below it", () => {
    write('.pyops.yaml', `ignore: [${codes.join(', ')}]\n`);
    const nestedCode = defaults.find(inNested)?.code;
    assert.ok(nestedCode);
    write('nested/.pyops.yaml', `select: [${nestedCode}]\n`);
    const { findings } = checkJson(['.'], fixture.dir);
    assert.deepEqual(
      findings,
      defaults.filter((f) => inNested(f) && f.code === nestedCode),
    );
  });

  it('uses --config for every file instead of searching', () => {
    write('nested/.pyops.yaml', 'per-path-ignores:\n  "**": [ALL]\n');
    write('strict.yaml', `select: [${codes[0]}]\n`);
    const { findings } = checkJson(['--config', 'strict.yaml', '.'], fixture.dir);
    assert.deepEqual(
      findings,
      defaults.filter((f) => f.code === codes[0]),
    );
  });

  it('reports a broken config with its line and checks with the defaults', () => {
    write('.pyops.yaml', `# team settings\nselect: [${codes[0]}]\nignore: [${codes[1]}\n`);
    const { result, findings } = checkJson(['.'], fixture.dir);
    assert.match(result.stderr, /^\.pyops\.yaml:[34]:\d+: error: YAML syntax error/m);
    assert.deepEqual(findings, defaults);
    assert.equal(result.status, 1);
  });

  it('reports unknown keys and codes with their lines and keeps the valid options', () => {
    write('.pyops.yaml', `select: [${codes[0]}, OPS9999]\nignroe: [${codes[0]}]\n`);
    const { result, findings } = checkJson(['.'], fixture.dir);
    assert.match(result.stderr, /^\.pyops\.yaml:1:\d+: warning: Unknown rule 'OPS9999'/m);
    assert.match(result.stderr, /^\.pyops\.yaml:2:1: warning: Unknown option 'ignroe'\. Did you mean 'ignore'\?/m);
    assert.deepEqual(
      findings,
      defaults.filter((f) => f.code === codes[0]),
    );
  });

  it("lets --select replace the config's select and --ignore add to its ignore", () => {
    write('.pyops.yaml', `select: [${codes[0]}]\nignore: [${codes[1]}]\n`);
    const selected = checkJson(['--select', codes[1], '.'], fixture.dir).findings;
    assert.deepEqual(selected, [], `${codes[1]} stays ignored by the config`);
    const widened = checkJson(['--select', codes.join(','), '--ignore', codes[0], '.'], fixture.dir).findings;
    assert.deepEqual(
      widened,
      defaults.filter((f) => f.code !== codes[0] && f.code !== codes[1]),
    );
  });

  it("prints each config file's problems once", () => {
    write('.pyops.yaml', 'bogus: 1\n');
    const r = runPyops(['check', '.'], fixture.dir);
    assert.equal(r.stderr.match(/Unknown option 'bogus'/g)?.length, 1);
  });
});
