import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { openCheckPool, runCheckPool, type LocalChecker } from '../../../src/cli/checkPool';
import { EarlyWorker } from '../../../src/cli/earlyWorker';
import type { CheckJob } from '../../../src/cli/checkProtocol';
import type { FileOutcome } from '../../../src/cli/checkFiles';
import { repoRoot } from '../../helpers/repoRoot';
import { runPyops } from './cliHarness';

/** A throwaway tree of every rule fixture (about 40 files, positives and negatives) plus problem files. */
function fixtureTree(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'pyops-parallel-'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'rules'), join(dir, 'rules'), { recursive: true });
  writeFileSync(join(dir, 'rules', 'binary.py'), Buffer.from([0x70, 0x00, 0x01, 0x02]));
  // An unknown setting: its problem must be printed once, not once per worker.
  writeFileSync(join(dir, '.pyops.yaml'), 'no-such-setting: 1\n');
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...pythonFiles(path));
    else if (name.endsWith('.py')) out.push(path);
  }
  return out.sort();
}

describe('pyops check on worker threads', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof fixtureTree>;
  beforeEach(() => {
    tree = fixtureTree();
  });
  afterEach(() => tree.dispose());

  for (const format of ['json', 'text']) {
    it(`reports the same findings, failures and exit code as a serial run, in the same order (${format})`, () => {
      assert.ok(pythonFiles(tree.dir).length >= 20, 'enough files for several workers');
      // --no-cache: otherwise the second run would answer every file from the first one's cache.
      const serial = runPyops(['check', '--no-cache', '--format', format, '--jobs', '1', '.'], tree.dir);
      const parallel = runPyops(['check', '--no-cache', '--format', format, '--jobs', '3', '.'], tree.dir);
      assert.equal(serial.status, 1, `findings, the binary file among them: ${serial.stderr}`);
      assert.match(serial.stdout, /OPS003/, 'the binary file is reported as OPS003');
      assert.ok(serial.stdout.length > 1000, serial.stdout);
      assert.equal(parallel.stdout, serial.stdout);
      assert.equal(parallel.stderr, serial.stderr);
      assert.equal(parallel.status, serial.status);
      assert.equal(serial.stderr.split('no-such-setting').length - 1, 1, serial.stderr);
    });
  }

  it('uses workers by default for a folder with enough source and still matches the serial run', () => {
    // Workers start at about 1 MB of source per thread: 2.2 MB of generated scripts on top of the fixtures.
    const script = (i: number): string =>
      `import subprocess\n\ndef step_${i}(path):\n    try:\n        subprocess.run(["tar", "czf", path, "/srv"])\n    except Exception:\n        pass\n`;
    // In 250 files: past 200 found, a worker is started during the walk (an early worker).
    for (let f = 0; f < 250; f++)
      writeFileSync(join(tree.dir, 'rules', `bulk_${f}.py`), Array.from({ length: 64 }, (_, i) => script(i)).join('\n'));
    const serial = runPyops(['check', '--no-cache', '--format', 'json', '--jobs', '1', 'rules'], tree.dir);
    const auto = runPyops(['check', '--no-cache', '--format', 'json', 'rules'], tree.dir);
    assert.equal(auto.stdout, serial.stdout);
    assert.equal(auto.status, serial.status);
  });

  it('takes the worker started with the process (a big folder) in a run of many files, and ends it in a run of few: as a serial run', () => {
    const script = `import subprocess\n\ndef step(path):\n    try:\n        subprocess.run(["tar", "czf", path, "/srv"])\n    except Exception:\n        pass\n`;
    // 300 files at the top of one folder: a big folder (see headStart.ts), past 200 found the run takes that worker.
    const many = join(tree.dir, 'many');
    mkdirSync(many);
    for (let f = 0; f < 300; f++) writeFileSync(join(many, `job_${f}.py`), script.repeat(8));
    // 40 entries, 40 files: a worker is started with the process, and the run, checked on one thread, ends it.
    const few = join(tree.dir, 'few');
    mkdirSync(few);
    for (let f = 0; f < 40; f++) writeFileSync(join(few, `job_${f}.py`), script);
    for (const folder of ['many', 'few']) {
      const serial = runPyops(['check', '--no-cache', '--format', 'json', '--jobs', '1', folder], tree.dir);
      const started = Date.now();
      const threaded = runPyops(['check', '--no-cache', '--format', 'json', '--jobs', '2', folder], tree.dir);
      assert.ok(Date.now() - started < 60_000, 'ends, not held by a worker it did not use');
      assert.equal(serial.status, 1, serial.stderr);
      assert.equal(threaded.stdout, serial.stdout);
      assert.equal(threaded.stderr, serial.stderr);
      assert.equal(threaded.status, serial.status);
    }
  });

  it('checks files while the walk still finds them, with configurations found after it started, as a serial run does', () => {
    // 24 folders of 12 files (2.3 MB), each folder with a config of its own that ignores one more
    // code: whatever order the folders are listed in, most configs are found after the 200th file,
    // when the parallel check has already started.
    const codes = ['OPS101', 'OPS102', 'OPS106', 'OPS204', 'OPS205'];
    const script = (i: number): string =>
      `import subprocess\nimport logging\n\ndef step_${i}(path):\n    try:\n        subprocess.run(["tar", "czf", path, "/srv"])\n    except Exception:\n        pass\n    logging.info("done %s" % path)\n`;
    for (let d = 0; d < 24; d++) {
      const folder = join(tree.dir, 'hosts', `group_${d}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, '.pyops.yaml'), `ignore: [${codes.slice(0, d % (codes.length + 1)).join(', ')}]\n`);
      for (let f = 0; f < 12; f++)
        writeFileSync(join(folder, `deploy_${f}.py`), Array.from({ length: 64 }, (_, i) => script(i)).join('\n'));
    }
    const serial = runPyops(['check', '--no-cache', '--format', 'json', '--jobs', '1', 'hosts'], tree.dir);
    const auto = runPyops(['check', '--no-cache', '--format', 'json', 'hosts'], tree.dir);
    assert.equal(serial.status, 1, serial.stderr);
    const findings = JSON.parse(serial.stdout) as { code: string; filename: string }[];
    assert.equal(new Set(findings.map((f) => f.code)).size, codes.length, 'every code found');
    assert.ok(
      findings.every((f) => !f.filename.includes('/group_5/') || !codes.includes(f.code)),
      'group_5 ignores every one of the codes',
    );
    assert.equal(auto.stdout, serial.stdout);
    assert.equal(auto.stderr, serial.stderr);
    assert.equal(auto.status, serial.status);
  });

  it('--fix writes the same files as a serial run', () => {
    const other = fixtureTree();
    try {
      const serial = runPyops(['check', '--fix', '--jobs', '1', '.'], tree.dir);
      const parallel = runPyops(['check', '--fix', '--jobs', '2', '.'], other.dir);
      assert.match(serial.stdout, /\d+ fixed/, serial.stdout);
      assert.equal(parallel.stdout, serial.stdout);
      assert.equal(parallel.status, serial.status);
      const files = pythonFiles(tree.dir);
      let changed = 0;
      for (const file of files) {
        const rel = relative(tree.dir, file);
        const fixed = readFileSync(file);
        assert.deepEqual(readFileSync(join(other.dir, rel)), fixed, rel);
        if (rel !== join('rules', 'binary.py') && !fixed.equals(readFileSync(join(repoRoot, 'test', 'fixtures', rel)))) changed++;
      }
      assert.ok(changed > 0, 'some fixture files were fixed');
      assert.deepEqual(
        pythonFiles(other.dir).map((f) => relative(other.dir, f)),
        files.map((f) => relative(tree.dir, f)),
        'no temporary file is left behind',
      );
    } finally {
      other.dispose();
    }
  });

  it('checks a very large file among normal ones as a serial run does, and reports one too large to check', function () {
    this.timeout(600_000);
    // About 3 MB: tree-sitter's memory grows past the threshold at which its worker is replaced.
    const unit = (i: number): string =>
      `\ndef step_${i}(path):\n    try:\n        out = subprocess.run(["tar", "czf", path, "/srv"], capture_output=True)\n` +
      `        logging.info("archived %s" % path)\n    except Exception:\n        pass\n    print("done", path)\n    return out\n`;
    const big = 'import logging\nimport subprocess\n' + Array.from({ length: 14_000 }, (_, i) => unit(i)).join('');
    assert.ok(big.length > 3_000_000, `${big.length}`);
    writeFileSync(join(tree.dir, 'rules', 'generated_big.py'), big);
    // 30 MB: over the 16,000,000-character limit, so reported as not checked (OPS003).
    writeFileSync(join(tree.dir, 'rules', 'generated_huge.py'), 'x = 1\n'.repeat(5_000_000));
    const serial = runPyops(['check', '--no-cache', '--format', 'json', '--jobs', '1', '.'], tree.dir, 300_000);
    const parallel = runPyops(['check', '--no-cache', '--format', 'json', '--jobs', '2', '.'], tree.dir, 300_000);
    assert.equal(parallel.stderr, serial.stderr);
    assert.equal(parallel.status, serial.status);
    assert.equal(parallel.stdout, serial.stdout);
    const findings = JSON.parse(serial.stdout) as { filename: string; code: string }[];
    const inBig = findings.filter((f) => f.filename.endsWith('generated_big.py'));
    assert.ok(inBig.length >= 14_000 * 3, `${inBig.length} findings in the big file`);
    const huge = findings.filter((f) => f.filename.endsWith('generated_huge.py'));
    assert.deepEqual(
      huge.map((f) => f.code),
      ['OPS003'],
    );
    assert.ok(new Set(findings.map((f) => f.filename)).size > 20, 'the normal files are reported too');
  });

  it('rejects --jobs 0 as a usage error', () => {
    const r = runPyops(['check', '--jobs', '0', '.'], tree.dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--jobs must be a whole number from 1 to 256/);
  });
});

describe('check worker pool: workers that die', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pyops-pool-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * A worker speaking the pool's protocol as dist/cli.js does (a batch answered in one message,
   * its progress slot kept) that dies on files named crash*.py or throw*.py, holds about 100 MB of
   * heap while checking hog*.py, and reports a grown parser after grow*.py. Each outcome's notes
   * are the thread that answered it and how many batches that thread had been sent. Started early
   * (see EarlyWorker), it takes its data from its setup message.
   */
  function writeWorker(startup = ''): string {
    const script = join(dir, 'worker.js');
    writeFileSync(
      script,
      `const { parentPort, threadId } = require('node:worker_threads');
let { workerData } = require('node:worker_threads');
${startup}
let batches = 0;
const configs = [];
parentPort.on('message', (message) => {
  if (message.type === 'setup') {
    workerData = message.workerData;
    return;
  }
  if (message.type === 'config') {
    configs[message.id] = message.config;
    return;
  }
  const { jobs } = message;
  batches++;
  const results = [];
  let grown = false;
  for (const job of jobs) {
    Atomics.store(workerData.progress, 0, job.index);
    const name = require('node:path').basename(job.path);
    if (name.startsWith('crash')) process.exit(7);
    if (name.startsWith('throw')) throw new Error('boom in ' + name);
    const held = [];
    if (name.startsWith('hog')) for (let i = 0; i < 12; i++) held.push(new Array(1e6).fill(i));
    grown ||= name.startsWith('grow');
    // A job naming a configuration past the first says what it was sent as.
    const notes = [String(threadId), String(batches)];
    if (job.config > 0) notes.push(configs[job.config] ?? workerData.configs?.[job.config] ?? 'no such configuration');
    results.push({ index: job.index, ruleErrors: [],
      outcome: { checked: { path: job.path, lines: { lastLine: 0, lines: {} }, findings: [], fixed: held.length }, failed: [], notes } });
  }
  Atomics.store(workerData.progress, 0, -1);
  parentPort.postMessage({ type: 'results', results, parserMemoryBytes: grown ? 1e9 : 1 });
});
`,
    );
    return script;
  }

  const jobsFor = (names: string[]): CheckJob[] =>
    names.map((name, index) => ({ index, path: join(dir, name), config: 0, relativePath: name }));

  /** Asserts that each file a worker died on failed with its reason, and every other file was checked. */
  function assertOnlyCrashesFailed(names: string[], outcomes: FileOutcome[]): void {
    assert.equal(outcomes.length, names.length);
    names.forEach((name, i) => {
      const outcome = outcomes[i];
      if (name.startsWith('crash') || name.startsWith('throw')) {
        assert.equal(outcome.checked, null, name);
        assert.equal(outcome.failed.length, 1, name);
        assert.equal(outcome.failed[0].path, join(dir, name));
        assert.match(outcome.failed[0].reason, /^internal error: the worker checking this file stopped: /, name);
        assert.match(outcome.failed[0].reason, name.startsWith('crash') ? /exit code 7/ : /boom in throw/);
        assert.match(outcome.failed[0].reason, /\(also when checked again on a fresh worker\)$/, name);
      } else {
        assert.equal(outcome.checked?.path, join(dir, name), `${name}: ${JSON.stringify(outcome.failed)}`);
        assert.deepEqual(outcome.failed, [], name);
      }
    });
  }

  it('fails only the file a worker died on, with a message, and checks the rest in order', async () => {
    const names = ['a.py', 'b.py', 'crash1.py', 'c.py', 'throw1.py', 'd.py', 'e.py', 'crash2.py', 'f.py', 'g.py'];
    const result = await runCheckPool(jobsFor(names), { script: writeWorker(), workerData: {}, size: 2 });
    assertOnlyCrashesFailed(names, result.outcomes);
  });

  it('hands out a big tree in batches, and a worker dying mid-batch loses only the file it died on', async () => {
    const names = Array.from({ length: 400 }, (_, i) => (i === 150 ? 'crash1.py' : i === 301 ? 'throw1.py' : `f${i}.py`));
    const result = await runCheckPool(jobsFor(names), { script: writeWorker(), workerData: {}, size: 2 });
    assertOnlyCrashesFailed(names, result.outcomes);
    // Files answered per batch (a worker's thread and its batch number).
    const filesPerBatch = new Map<string, number>();
    for (const { notes } of result.outcomes)
      if (notes.length > 0) filesPerBatch.set(notes.join(' '), (filesPerBatch.get(notes.join(' ')) ?? 0) + 1);
    assert.ok(filesPerBatch.size < names.length / 4, `${filesPerBatch.size} batches for ${names.length} files`);
    assert.ok(Math.max(...filesPerBatch.values()) > 1, 'a batch holds several files');
  });

  it('checks a file that ran a worker out of its heap limit again on a worker without it, and loses nothing', async () => {
    const names = ['a.py', 'b.py', 'hog1.py', 'c.py', 'd.py', 'e.py'];
    const result = await runCheckPool(jobsFor(names), {
      script: writeWorker(),
      workerData: {},
      size: 2,
      resourceLimits: { maxOldGenerationSizeMb: 32 },
    });
    names.forEach((name, i) => {
      const outcome = result.outcomes[i];
      assert.deepEqual(outcome.failed, [], name);
      assert.equal(outcome.checked?.path, join(dir, name), name);
    });
    assert.equal(result.outcomes[2].checked?.fixed, 12, 'the retry held the whole 100 MB');
    const hogThread = result.outcomes[2].notes[0];
    assert.ok(
      result.outcomes.every((outcome, i) => i === 2 || outcome.notes[0] !== hogThread),
      'a worker of its own checked it again',
    );
  });

  it('replaces a worker whose parser memory grew past the threshold once it has answered its files', async () => {
    const names = ['a.py', 'grow1.py', 'b.py', 'c.py', 'd.py', 'e.py', 'f.py'];
    const result = await runCheckPool(jobsFor(names), { script: writeWorker(), workerData: {}, size: 1, recycleAboveBytes: 1e6 });
    const threads = result.outcomes.map((outcome) => outcome.notes[0]);
    names.forEach((name, i) => assert.equal(result.outcomes[i].checked?.path, join(dir, name), name));
    assert.equal(threads[0], threads[1], 'the files before it on the same worker');
    assert.notEqual(threads.at(-1), threads[1], 'a fresh worker took over');
    assert.equal(new Set(threads).size, 2, `one replacement only: ${threads.join(' ')}`);
  });

  /**
   * The main thread's checker, as the pool sees it: it throws on files named mainthrow*.py (as an
   * engine bug would), and its parser memory passes any threshold once it checked grow*.py, or
   * from its first file with `grownFromStart`. Its outcomes are marked 'main'.
   */
  function localChecker(grownFromStart = false): () => Promise<LocalChecker> {
    return async () => {
      let grown = grownFromStart;
      return {
        check(job) {
          const name = basename(job.path);
          if (name.startsWith('mainthrow')) throw new Error(`boom on the main thread in ${name}`);
          grown ||= name.startsWith('grow');
          return {
            index: job.index,
            ruleErrors: [],
            outcome: {
              checked: { path: job.path, lines: { lastLine: 0, lines: {} }, findings: [], fixed: 0 },
              failed: [],
              notes: ['main'],
            },
          };
        },
        parserMemoryBytes: () => (grown ? 1e9 : 1),
      };
    };
  }

  const threadsOf = (outcomes: FileOutcome[]): string[] => outcomes.map((outcome) => outcome.notes[0] ?? 'none');

  it('checks files on the main thread too, in the same order, beside the workers', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `f${i}.py`);
    const result = await runCheckPool(jobsFor(names), { script: writeWorker(), workerData: {}, size: 2, local: localChecker() });
    names.forEach((name, i) => assert.equal(result.outcomes[i].checked?.path, join(dir, name), name));
    const threads = new Set(threadsOf(result.outcomes));
    assert.ok(threads.has('main'), 'the main thread checked files');
    assert.equal(threads.size, 2, `the main thread and one worker: ${[...threads].join(' ')}`);
  });

  it('fails only the file that made the main thread throw, with the reason, and checks the rest', async () => {
    // One thread in all: the main thread checks every file, no worker is started.
    const names = ['a.py', 'b.py', 'mainthrow1.py', 'c.py', 'd.py'];
    const result = await runCheckPool(jobsFor(names), { script: writeWorker(), workerData: {}, size: 1, local: localChecker() });
    names.forEach((name, i) => {
      const outcome = result.outcomes[i];
      if (name.startsWith('mainthrow')) {
        assert.equal(outcome.checked, null);
        assert.deepEqual(outcome.failed, [{ path: join(dir, name), reason: 'internal error: boom on the main thread in mainthrow1.py' }]);
      } else {
        assert.equal(outcome.checked?.path, join(dir, name), name);
        assert.deepEqual(outcome.notes, ['main'], name);
      }
    });
  });

  it("hands the main thread's share to a new worker once its parser memory passed the threshold", async () => {
    const names = Array.from({ length: 300 }, (_, i) => `f${i}.py`);
    const local = localChecker(true);
    const result = await runCheckPool(jobsFor(names), { script: writeWorker(), workerData: {}, size: 2, recycleAboveBytes: 1e6, local });
    names.forEach((name, i) => assert.equal(result.outcomes[i].checked?.path, join(dir, name), name));
    const threads = threadsOf(result.outcomes);
    const onMain = threads.filter((thread) => thread === 'main').length;
    assert.ok(onMain > 0 && onMain <= 8, `one small batch on the main thread, then no more: ${onMain}`);
    assert.equal(new Set(threads.filter((thread) => thread !== 'main')).size, 2, 'a second worker took its place');
  });

  it("starts a worker in the main thread's place when the main thread cannot load its checker", async () => {
    const names = Array.from({ length: 100 }, (_, i) => `f${i}.py`);
    const local = (): Promise<LocalChecker> => Promise.reject(new Error('cannot load the grammar'));
    const result = await runCheckPool(jobsFor(names), { script: writeWorker(), workerData: {}, size: 2, local });
    names.forEach((name, i) => assert.equal(result.outcomes[i].checked?.path, join(dir, name), name));
    assert.equal(new Set(threadsOf(result.outcomes)).size, 2, 'two workers');
  });

  it('takes a worker started early as its first worker, sets it up by message, and checks every file in order', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `f${i}.py`);
    const early = EarlyWorker.start(writeWorker(), dir, {});
    assert.ok(early, 'the early worker started');
    let earlyThread: string | undefined;
    const prestarted = (): Worker | undefined => {
      const worker = early.take();
      if (worker) earlyThread = String(worker.threadId);
      return worker;
    };
    try {
      const result = await runCheckPool(jobsFor(names), {
        script: writeWorker(),
        workerData: {},
        size: 2,
        local: localChecker(),
        prestarted,
      });
      names.forEach((name, i) => assert.equal(result.outcomes[i].checked?.path, join(dir, name), name));
      assert.ok(earlyThread, 'the pool took the early worker');
      assert.deepEqual(
        new Set(threadsOf(result.outcomes)),
        new Set(['main', earlyThread]),
        'the main thread and the early worker, no other',
      );
    } finally {
      early.dispose();
    }
  });

  it('loses nothing when the early worker ended before or after the pool took it', async () => {
    const names = Array.from({ length: 50 }, (_, i) => `f${i}.py`);
    // Started early, it dies before it answers anything; started by the pool, it works.
    const script = writeWorker("if (workerData.kind === 'pyops-check-worker-boot') setTimeout(() => process.exit(3), 20);");
    const early = EarlyWorker.start(script, dir, {});
    assert.ok(early);
    try {
      const result = await runCheckPool(jobsFor(names), { script, workerData: {}, size: 2, prestarted: () => early.take() });
      names.forEach((name, i) => {
        assert.deepEqual(result.outcomes[i].failed, [], name);
        assert.equal(result.outcomes[i].checked?.path, join(dir, name), name);
      });
    } finally {
      early.dispose();
    }
  });

  /** Resolves after `ms` milliseconds. */
  const pause = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

  /** Adds `names[from, to)` to an open pool as jobs of configuration 0. */
  const addJobs = (pool: ReturnType<typeof openCheckPool>, names: string[], from: number, to: number): void => {
    for (let i = from; i < to; i++) pool.add({ index: i, path: join(dir, names[i]), config: 0, relativePath: names[i] });
  };

  it('an open pool checks jobs as they are added, waits for more, and settles only once closed', async () => {
    const pool = openCheckPool({ script: writeWorker(), workerData: {}, size: 2 });
    let settled = false;
    void pool.result.then(() => (settled = true));
    const names = Array.from({ length: 240 }, (_, i) => (i === 130 ? 'crash1.py' : `f${i}.py`));
    // Files come in bursts, as folders are listed; the workers run out of them in between.
    addJobs(pool, names, 0, 3);
    await pause(300);
    addJobs(pool, names, 3, 120);
    await pause(300);
    addJobs(pool, names, 120, 240);
    await pause(300);
    assert.equal(settled, false, 'not settled while the pool is open, every job answered or not');
    pool.close();
    assertOnlyCrashesFailed(names, (await pool.result).outcomes);
  });

  it('the main thread of an open pool waits for jobs too, and stops once the pool is closed', async () => {
    // One thread in all: the main thread checks every file, no worker is started.
    const pool = openCheckPool({ script: writeWorker(), workerData: {}, size: 1, local: localChecker() });
    const names = Array.from({ length: 50 }, (_, i) => `f${i}.py`);
    addJobs(pool, names, 0, 10);
    await pause(100);
    addJobs(pool, names, 10, 50);
    await pause(100);
    pool.close();
    const result = await pool.result;
    names.forEach((name, i) => assert.equal(result.outcomes[i].checked?.path, join(dir, name), name));
    assert.deepEqual(new Set(threadsOf(result.outcomes)), new Set(['main']));
  });

  it('an open pool closed without jobs settles with none, and starts no worker', async () => {
    const early = EarlyWorker.start(writeWorker(), dir, {});
    assert.ok(early);
    let taken = false;
    try {
      const pool = openCheckPool({
        script: writeWorker(),
        workerData: {},
        size: 2,
        prestarted: () => ((taken = true), early.take()),
      });
      pool.close();
      assert.deepEqual((await pool.result).outcomes, []);
      assert.equal(taken, false, 'the early worker was not taken');
    } finally {
      early.dispose();
    }
  });

  it('an open pool tells running workers of a configuration before the jobs that name it, and later workers from the start', async () => {
    const configs = ['first'];
    const pool = openCheckPool({ script: writeWorker(), workerData: { configs }, size: 2, recycleAboveBytes: 1e6 });
    const names = Array.from({ length: 120 }, (_, i) => (i === 60 ? 'grow1.py' : `f${i}.py`));
    for (let i = 0; i < 40; i++) pool.add({ index: i, path: join(dir, names[i]), config: 0, relativePath: names[i] });
    await pause(300);
    // A configuration found later: told to the running worker first, then named by jobs.
    configs.push('second');
    pool.broadcast({ type: 'config', id: 1, config: 'second' });
    for (let i = 40; i < 120; i++) pool.add({ index: i, path: join(dir, names[i]), config: 1, relativePath: names[i] });
    pool.close();
    const result = await pool.result;
    names.forEach((name, i) => {
      assert.equal(result.outcomes[i].checked?.path, join(dir, name), name);
      if (i >= 40) assert.equal(result.outcomes[i].notes[2], 'second', `${name}: ${result.outcomes[i].notes.join(' ')}`);
    });
    assert.ok(new Set(threadsOf(result.outcomes)).size >= 2, 'a worker replaced the grown one');
  });

  it('ends with every file failed, not a hang, when no worker can start', async () => {
    const names = ['a.py', 'b.py', 'c.py', 'd.py', 'e.py', 'f.py'];
    const script = writeWorker("throw new Error('cannot load the grammar');");
    const result = await runCheckPool(jobsFor(names), { script, workerData: {}, size: 2 });
    for (const outcome of result.outcomes) {
      assert.equal(outcome.checked, null);
      assert.match(outcome.failed[0].reason, /cannot load the grammar/);
    }
  });
});
