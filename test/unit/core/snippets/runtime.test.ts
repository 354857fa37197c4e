// Every snippet runs and keeps its description's promises: each has a Python test in test/snippets/
// (test_<prefix>.py) that exercises it with real processes, signals, files and a local HTTP server.
// Each test runs on Python 3.8 and on the newest Python found, all of them in parallel.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { expandSnippet, parseSnippet, type SnippetSource } from '../../../../src/core/snippets';
import { oldestAndNewestPython, type PythonInterpreter } from '../../../helpers/pythons';
import { repoRoot } from '../../../helpers/repoRoot';
import { SAMPLE_VARIABLES, loadLibrary } from './library';

const TESTS_DIR = join(repoRoot, 'test/snippets');
/** Most tests wait on processes, sockets and timers, so more run at once than there are cores. */
const CONCURRENCY = 6;
const RUN_TIMEOUT_MS = 60_000;
/** Third-party packages some snippets need, taken from Debian's python3-* packages (pure Python). */
const DEPENDENCIES = ['yaml', 'tomli'];
const DIST_PACKAGES = '/usr/lib/python3/dist-packages';

interface RunResult {
  status: number | null;
  output: string;
  seconds: number;
}

export function testFileOf(prefix: string): string {
  return join(TESTS_DIR, `test_${prefix.replace(/-/g, '_')}.py`);
}

/**
 * What the test asks to have typed into the snippet before it runs: header lines
 * `# tabstop N: text` and `# choice N: option` (every other stop keeps its default).
 */
export function expansionFor(snippet: SnippetSource, testSource: string): string {
  const typed = new Map<number, string>();
  const choices = new Map<number, string>();
  for (const line of testSource.split('\n')) {
    const match = /^# (tabstop|choice) (\d+): (.*)$/.exec(line);
    if (match) (match[1] === 'tabstop' ? typed : choices).set(Number(match[2]), match[3] ?? '');
  }
  return expandSnippet(parseSnippet(snippet.body), { variables: SAMPLE_VARIABLES, typed, choices });
}

function runPython(python: PythonInterpreter, file: string, cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(python.path, ['-W', 'default', file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      output += `\n[killed after ${RUN_TIMEOUT_MS / 1000} s]`;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output, seconds: (Date.now() - started) / 1000 });
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ status: null, output: `could not start ${python.path}: ${err.message}`, seconds: 0 });
    });
  });
}

/** Runs the jobs at most `limit` at a time; each promise settles when its own job ends. */
function pooled<T>(jobs: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T>[] {
  const results: Promise<T>[] = [];
  const gates: Array<() => void> = [];
  let running = 0;
  const release = (): void => {
    running -= 1;
    gates.shift()?.();
  };
  for (const job of jobs) {
    results.push(
      (async () => {
        if (running >= limit) await new Promise<void>((open) => gates.push(open));
        running += 1;
        try {
          return await job();
        } finally {
          release();
        }
      })(),
    );
  }
  return results;
}

describe('snippets at run time', function () {
  this.timeout(RUN_TIMEOUT_MS * 3);
  const all = loadLibrary().families.flatMap((family) => family.snippets);
  // PYOPS_SNIPPET_ONLY=ops-sub- runs only the snippets whose prefix contains it (while iterating).
  const only = process.env.PYOPS_SNIPPET_ONLY;
  const snippets = only ? all.filter((snippet) => snippet.prefix.includes(only)) : all;

  let pythons: PythonInterpreter[] = [];
  let pythonError: Error | undefined;
  try {
    pythons = oldestAndNewestPython();
  } catch (err) {
    pythonError = err as Error;
  }

  it('has a test file for every snippet, and none for a snippet that does not exist', () => {
    const expected = all.map((snippet) => `test_${snippet.prefix.replace(/-/g, '_')}.py`).sort();
    const present = readdirSync(TESTS_DIR)
      .filter((name) => /^test_ops_.*\.py$/.test(name))
      .sort();
    assert.deepEqual(present, expected);
  });

  it('runs on Python 3.8 and on the newest Python', () => {
    if (pythonError) throw pythonError;
    assert.equal(pythons[0]?.version.slice(0, 2).join('.'), '3.8');
    assert.equal(pythons.length, 2);
  });

  const runs = new Map<string, Promise<RunResult>>();
  let workDir = '';

  before(() => {
    workDir = mkdtempSync(join(tmpdir(), 'pyops-snippet-runs-'));
    const deps = join(workDir, 'deps');
    mkdirSync(deps);
    for (const name of DEPENDENCIES) {
      if (existsSync(join(DIST_PACKAGES, name))) symlinkSync(join(DIST_PACKAGES, name), join(deps, name));
    }
    const jobs: Array<() => Promise<RunResult>> = [];
    const keys: string[] = [];
    for (const snippet of snippets) {
      const testFile = testFileOf(snippet.prefix);
      if (!existsSync(testFile)) continue;
      const code = expansionFor(snippet, readFileSync(testFile, 'utf8'));
      for (const python of pythons) {
        const dir = join(workDir, python.version.join('.'), snippet.prefix);
        mkdirSync(dir, { recursive: true });
        const module = join(dir, `${snippet.prefix.replace(/-/g, '_')}.py`);
        writeFileSync(module, code);
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          PYOPS_SNIPPET: module,
          PYTHONPATH: [TESTS_DIR, deps].join(delimiter),
          PYTHONDONTWRITEBYTECODE: '1',
          PYTHONIOENCODING: 'utf-8',
        };
        delete env.PYTHONHOME;
        keys.push(`${snippet.prefix}@${python.label}`);
        jobs.push(() => runPython(python, testFile, dir, env));
      }
    }
    pooled(jobs, CONCURRENCY).forEach((promise, i) => runs.set(keys[i] ?? '', promise));
  });

  after(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  for (const snippet of snippets) {
    for (const label of pythonError ? ['(no interpreter)'] : pythons.map((p) => p.label)) {
      it(`${snippet.prefix} on ${label}`, async () => {
        if (pythonError) throw pythonError;
        const run = runs.get(`${snippet.prefix}@${label}`);
        assert.ok(run, `no test file ${testFileOf(snippet.prefix)}`);
        const result = await run;
        assert.equal(result.status, 0, `test_${snippet.prefix} failed on ${label}:\n${result.output.slice(-6000)}`);
        assert.match(result.output, /\nOK/, `test_${snippet.prefix} ran no test:\n${result.output.slice(-2000)}`);
      });
    }
  }
});
