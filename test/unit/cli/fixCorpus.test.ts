// The fix corpus: `pyops check --fix` on a copy of real code (the machine's Python standard library,
// and Debian's ansible-core when it is installed) must leave every file that parsed still parsing,
// binding and using the same names (test/helpers/python/fix_corpus_check.py says exactly what may
// differ), and a second `--fix` must change nothing. A sample runs in `npm test`, every file in
// `npm run test:corpus`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from '../../helpers/repoRoot';
import { FULL_RUN, sized } from '../../helpers/testSize';
import { stdlibDir } from '../core/diagnostics/stdlib';
import { runPyops } from './cliHarness';

/** Files that once broke under a safe fix: always part of the sample. */
const ALWAYS = ['hashlib.py'];
const SAMPLE_SIZE = 150;

interface CorpusRoot {
  name: string;
  dir: string;
}

function corpusRoots(): CorpusRoot[] {
  const roots = [{ name: 'stdlib', dir: stdlibDir() }];
  for (const name of ['ansible', 'ansible_collections']) {
    const dir = join('/usr/lib/python3/dist-packages', name);
    if (existsSync(dir)) roots.push({ name, dir });
  }
  return roots;
}

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'site-packages' && entry.name !== '__pycache__') pythonFiles(path, out);
    } else if (entry.isFile() && entry.name.endsWith('.py')) out.push(path);
  }
  return out;
}

/** Every `step`-th file (a spread over the whole tree), plus ALWAYS. */
function sample(files: string[], root: string): string[] {
  const step = Math.max(1, Math.floor(files.length / SAMPLE_SIZE));
  return files.filter((f, i) => i % step === 0 || ALWAYS.includes(relative(root, f)));
}

function snapshot(dir: string, files: string[]): Map<string, string> {
  return new Map(files.map((f) => [f, readFileSync(join(dir, f), 'latin1')]));
}

interface CheckerResult {
  checked: number;
  unparsable: number;
  problems: { path: string; problem: string }[];
}

describe('pyops check --fix on real code (fix corpus)', function () {
  this.timeout(sized(120_000, 1_800_000));
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'pyops-fix-corpus-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it(`keeps every file parsing with the same names, and a second --fix changes nothing (${FULL_RUN ? 'every file' : 'a sample'})`, () => {
    const before = join(work, 'before');
    const fixed = join(work, 'fixed');
    const files: string[] = [];
    for (const root of corpusRoots()) {
      const all = pythonFiles(root.dir);
      for (const file of FULL_RUN ? all : sample(all, root.dir)) {
        const rel = join(root.name, relative(root.dir, file));
        for (const base of [before, fixed]) {
          mkdirSync(dirname(join(base, rel)), { recursive: true });
          copyFileSync(file, join(base, rel));
        }
        files.push(rel);
      }
    }
    assert.ok(files.length >= SAMPLE_SIZE, `only ${files.length} files in the corpus`);

    // Every file of the standard library and ansible takes minutes on a loaded 2-core machine.
    const runTimeout = sized(60_000, 600_000);
    const first = runPyops(['check', '--fix', '--quiet', '.'], fixed, runTimeout);
    assert.ok(first.status === 0 || first.status === 1 || /not valid|unknown encoding/.test(first.stderr), first.stderr);
    for (const line of first.stderr.split('\n').filter((l) => l.startsWith('error:'))) {
      assert.match(line, /not valid utf-8 text|unknown encoding|binary file/, 'only files Python cannot read either are refused');
    }
    const afterFirst = snapshot(fixed, files);
    const changed = files.filter((f) => afterFirst.get(f) !== readFileSync(join(before, f), 'latin1'));
    assert.ok(changed.length > 0, 'the corpus has safely fixable findings');

    const second = runPyops(['check', '--fix', '--quiet', '.'], fixed, runTimeout);
    assert.doesNotMatch(second.stdout, /[1-9]\d* fixed/, second.stdout);
    const changedAgain = files.filter((f) => readFileSync(join(fixed, f), 'latin1') !== afterFirst.get(f));
    assert.deepEqual(changedAgain, [], 'a second --fix changes nothing');

    const checker = spawnSync('python3', [join(repoRoot, 'test/helpers/python/fix_corpus_check.py'), before, fixed], {
      input: changed.join('\n'),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(checker.status, 0, checker.stderr);
    const result = JSON.parse(checker.stdout) as CheckerResult;
    assert.deepEqual(result.problems, []);
    assert.ok(result.checked > 0);
  });
});
