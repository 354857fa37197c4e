import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ENGINE_CONFIG, type Finding } from '../../../../src/core/diagnostics';
import { LineIndex } from '../../../../src/core/python/lineIndex';
import { analyze, expectedMarkers, fixturesDir, getAnalyzer, internalErrors, lineCodes } from './helpers';
import { stdlibFiles } from './stdlib';

/** Every range (finding and fix edits) lies inside the text and runs forwards. */
function assertRangesValid(text: string, findings: Finding[], label: string): void {
  const lines = new LineIndex(text);
  const check = (r: Finding['range']) => {
    const s = lines.offsetAt(r.start);
    const e = lines.offsetAt(r.end);
    assert.ok(r.start.line < lines.lineCount && r.end.line < lines.lineCount && s <= e, `${label}: bad range ${JSON.stringify(r)}`);
    assert.equal(lines.positionAt(s).character, r.start.character, `${label}: column past line end`);
  };
  for (const f of findings) {
    check(f.range);
    for (const e of f.fix?.edits ?? []) check(e.range);
  }
}

describe('diagnostics: syntax errors', () => {
  const dir = join(fixturesDir, 'errors');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.py'))) {
    it(`${file}: reports findings outside the error and none from inside it`, async () => {
      const text = readFileSync(join(dir, file), 'utf8');
      assert.deepEqual(lineCodes(await analyze(text)).sort(), expectedMarkers(text).sort());
    });
  }
});

describe('diagnostics: syntax errors (OPS001)', () => {
  const broken =
    'import subprocess\n\n\ndef rotate(path):\n    shutil.move(path, path + ".1"\n\n\ndef deploy():\n    subprocess.run(["make"], timeout=60)\n';

  it('reports no syntax error in valid Python 3.12 and 3.13 syntax', async () => {
    const text = [
      'type Hosts = list[str]',
      'class Target[T]:',
      '    value: T',
      'def first[T](items: list[T], /, *, default: T | None = None) -> T | None:',
      '    return items[0] if items else default',
      'print(f"nested {f\'{first([1])}\'} quotes {"double" + \'single\'} {"\\n".join(["a"])}")',
      'print >> sys.stderr, "a tuple in Python 3"',
      'print -1',
      '',
    ].join('\n');
    assert.deepEqual(await analyze(text), []);
  });

  it('runs whatever select says; only naming it in ignore, or syntaxErrors: false, turns it off', async () => {
    const lines = async (config: Partial<typeof DEFAULT_ENGINE_CONFIG>) =>
      lineCodes(await analyze(broken, { ...DEFAULT_ENGINE_CONFIG, ...config }));
    assert.deepEqual(await lines({}), ['5:OPS001', '9:OPS101']);
    assert.deepEqual(await lines({ select: ['OPS3'] }), ['5:OPS001']);
    assert.deepEqual(await lines({ ignore: ['ALL'] }), ['5:OPS001']);
    assert.deepEqual(await lines({ ignore: ['OPS001'] }), ['9:OPS101']);
    assert.deepEqual(await lines({ ignore: ['syntax-error'] }), ['9:OPS101']);
    assert.deepEqual(await lines({ syntaxErrors: false }), ['9:OPS101']);
  });

  it('finds the same errors after edits as in the text opened afresh', async () => {
    const analyzer = await getAnalyzer();
    const doc = analyzer.open(broken);
    try {
      const typed = (line: number, character: number, text: string) =>
        doc.update([{ range: { start: { line, character }, end: { line, character } }, text }]);
      typed(4, 33, ')');
      assert.deepEqual(lineCodes(analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG)), ['9:OPS101']);
      typed(8, 4, 'if x\n    ');
      const edited = analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG);
      assert.deepEqual(lineCodes(edited), lineCodes(await analyze(doc.text)));
      assert.ok(lineCodes(edited).includes('9:OPS001'), lineCodes(edited).join(' '));
    } finally {
      doc.dispose();
    }
  });
});

describe('diagnostics: robustness', () => {
  it('analyses every file of the Python standard library without crashing', async function () {
    this.timeout(240_000);
    const analyzer = await getAnalyzer();
    const files = stdlibFiles();
    assert.ok(files.length > 500, `only ${files.length} stdlib files found`);
    assert.ok(
      files.some((f) => f.includes('lib2to3')),
      'lib2to3 (files with deliberate syntax errors) is part of the sweep',
    );
    let total = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const doc = analyzer.open(text);
      try {
        const findings = analyzer.analyze(doc, DEFAULT_ENGINE_CONFIG);
        assertRangesValid(text, findings, path);
        total += findings.length;
      } finally {
        doc.dispose();
      }
    }
    assert.ok(total > 0);
    assert.deepEqual(internalErrors, []);
  });

  it('handles empty, blank and comment-only files', async () => {
    for (const text of ['', '\n', '   \n\t\n', '# just a comment', '\r\n\r\n', '\ufeff']) assert.deepEqual(await analyze(text), []);
  });

  it('handles binary garbage', async function () {
    // 64 KB of garbage takes about 0.6 s on a machine loaded past its cores: what counts here is no crash.
    this.timeout(10_000);
    let seed = 7;
    const bytes = Buffer.alloc(64 * 1024);
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = seed >> 16;
    }
    for (const text of [
      bytes.toString('latin1'),
      bytes.toString('utf8'),
      '\0'.repeat(1000),
      'import subprocess\n\0\0subprocess.run(\0)\n',
    ]) {
      const findings = await analyze(text);
      assertRangesValid(text, findings, 'garbage');
    }
    assert.deepEqual(internalErrors, []);
  });

  it('handles a generated 50,000-line file and finds every planted problem', async function () {
    this.timeout(60_000);
    const block = [
      'def task_N(host):',
      '    subprocess.run(["deploy", host], timeout=60)',
      '    try:',
      '        return int(host)',
      '    except ValueError:',
      '        raise RuntimeError("bad host")',
      '',
      '',
    ];
    const blocks = Math.ceil(50_000 / block.length);
    const text = 'import subprocess\n\n' + Array.from({ length: blocks }, (_, i) => block.join('\n').replace('N', String(i))).join('\n');
    assert.ok(text.split('\n').length >= 50_000);
    const findings = await analyze(text);
    assert.equal(findings.filter((f) => f.code === 'OPS101').length, blocks);
    assert.equal(findings.filter((f) => f.code === 'OPS108').length, blocks);
    assert.equal(findings.length, 2 * blocks);
  });

  it('handles 500-deep nesting of brackets, calls, blocks and operators', async function () {
    this.timeout(30_000);
    const depth = 500;
    const texts = [
      `x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n`,
      `x = ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
      `import subprocess\nx = ${'f('.repeat(depth)}subprocess.run(["a"])${')'.repeat(depth)}\n`,
      Array.from({ length: depth }, (_, i) => `${'    '.repeat(i)}if x:`).join('\n') + `\n${'    '.repeat(depth)}pass\n`,
      Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}def f${i}():`).join('\n') + `\n${' '.repeat(depth)}pass\n`,
      Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}try:\n${' '.repeat(i + 1)}pass\n${' '.repeat(i)}except:`).join('\n'),
      `import subprocess\ncmd = "a"${' + x'.repeat(20 * depth)}\nsubprocess.run(cmd, shell=True)\n`,
      `import logging\nlogging.info("a"${' + x'.repeat(20 * depth)})\n`,
      `x = ${'('.repeat(depth)}\n`,
    ];
    for (const text of texts) assertRangesValid(text, await analyze(text), text.slice(0, 30));
    assert.deepEqual(internalErrors, []);
  });
});
