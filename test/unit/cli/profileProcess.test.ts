// `pyops profile` run as a process (the built dist/cli.js), as a user runs it: signals, stdin and
// stdout bytes, processes the script leaves behind, odd exits. Each case is a regression test of
// issue 9 (items 10-15).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Profile } from '../../../src/core/profile/model';
import { runProfile } from '../../../src/core/profile/runProfile';
import {
  fixture,
  threadPoolScript,
  helperDir,
  leftovers,
  makeTempRoot,
  python,
  readWithPstats,
  removeDir,
  repoRoot,
} from '../core/profile/support';

const cli = join(repoRoot, 'dist', 'cli.js');

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  /** Milliseconds from the signal (or the start) to the CLI's exit. */
  elapsed: number;
}

/** True while a process with this pid exists (zombies of others' children count as gone once reaped). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 50));
  }
  return true;
}

/**
 * Starts `pyops profile` on `script`, sends `signal` to the CLI process once stdout contains
 * `trigger`, and resolves when the CLI exits (not when its pipes close: a process the script left
 * behind may hold them). Rejects if the CLI is still alive after `limitMs`.
 */
function runCli(
  script: string,
  options: { signal?: NodeJS.Signals; trigger?: string; limitMs?: number; input?: Buffer; env?: NodeJS.ProcessEnv; args?: string[] },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'profile', '--python', python, ...(options.args ?? []), script], {
      cwd: join(script, '..'),
      env: { ...process.env, ...options.env },
      // Its own process group, like a shell job: the signal reaches the CLI only, as a terminal's
      // Ctrl-C reaches the foreground job.
      detached: true,
      stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    let started = Date.now();
    let sent = options.signal === undefined;
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      if (!sent && Buffer.concat(stdout).includes(options.trigger ?? 'started')) {
        sent = true;
        started = Date.now();
        child.kill(options.signal);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    if (options.input) child.stdin!.end(options.input);
    const limit = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(new Error(`pyops profile still running after ${options.limitMs ?? 15_000} ms; stderr:\n${stderr}`));
    }, options.limitMs ?? 15_000);
    child.once('exit', (code, signal) => {
      clearTimeout(limit);
      // Output written before the exit is in the pipe already: give it a moment to arrive.
      setTimeout(() => {
        child.stdout!.destroy();
        child.stderr!.destroy();
        resolve({ code, signal, stdout: Buffer.concat(stdout), stderr, elapsed: Date.now() - started });
      }, 100);
    });
  });
}

describe('pyops profile as a process (signals, I/O, exits)', function () {
  this.timeout(60_000);
  let dir: string;
  let tmp: string;
  const leftoverPids: number[] = [];

  before(function () {
    if (!existsSync(cli) || !existsSync(join(repoRoot, 'dist', 'python', 'pyops_profile.py'))) {
      throw new Error('dist/cli.js is missing: run `node scripts/build.mjs` first');
    }
  });
  beforeEach(() => {
    dir = makeTempRoot();
    tmp = join(dir, 'tmp');
    mkdirSync(tmp);
  });
  afterEach(() => {
    for (const pid of leftoverPids.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
    removeDir(dir);
  });

  function script(name: string, source: string): string {
    const file = join(dir, name);
    writeFileSync(file, source);
    return file;
  }

  function pidFrom(file: string): number {
    const pid = Number(readFileSync(file, 'utf8').trim());
    assert.ok(Number.isInteger(pid) && pid > 0, `no pid in ${file}`);
    leftoverPids.push(pid);
    return pid;
  }

  it('--memory reports the lines that made the peak, what was left at exit, and that the times are inflated', async () => {
    const file = fixture('peak_then_free.py');
    const result = await runCli(file, { args: ['--memory'], limitMs: 30_000 });
    assert.equal(result.code, 0, result.stderr);
    const report = result.stdout.toString('utf8');
    assert.match(report, /Memory \(tracemalloc\): peak .*; times above are inflated by tracemalloc/);
    const peakAt = report.indexOf('Largest allocation sites');
    const endAt = report.indexOf('Still allocated at exit:');
    assert.ok(peakAt > 0 && endAt > peakAt, report);
    assert.match(report.slice(peakAt, endAt).split('\n')[1]!, /peak_then_free\.py:3$/);
    assert.match(report.slice(endAt).split('\n')[1]!, /peak_then_free\.py:14$/);
  });

  it('stops on Ctrl-C while the script waits in os.system(), and the child goes too', async () => {
    const pidFile = join(dir, 'child.pid');
    const file = script(
      'system.py',
      ['import os', `os.system("echo $$ > '${pidFile}'; echo started; exec sleep 1000")`, 'print("after", flush=True)', ''].join('\n'),
    );
    const result = await runCli(file, { signal: 'SIGINT', trigger: 'started', env: { TMPDIR: tmp } });
    assert.ok(result.elapsed < 8000, `took ${result.elapsed} ms to stop`);
    assert.match(result.stderr, /stopping the script \(Ctrl-C\)/);
    const child = pidFrom(pidFile);
    assert.ok(await waitFor(() => !alive(child), 3000), 'the sleep child outlived the cancel');
    assert.deepEqual(readdirSync(tmp), [], 'temporary folder left behind');
  });

  it('stops on Ctrl-C while the script waits on Popen().wait(), with a partial profile', async () => {
    const pidFile = join(dir, 'child.pid');
    const file = script(
      'popen.py',
      [
        'import subprocess',
        'def wait_for_child():',
        '    child = subprocess.Popen(["sleep", "1000"])',
        `    open(${JSON.stringify(pidFile)}, "w").write(str(child.pid))`,
        '    print("started", flush=True)',
        '    child.wait()',
        'wait_for_child()',
        '',
      ].join('\n'),
    );
    const result = await runCli(file, { signal: 'SIGINT', trigger: 'started', env: { TMPDIR: tmp } });
    assert.equal(result.code, 130, result.stderr);
    assert.ok(result.elapsed < 8000, `took ${result.elapsed} ms to stop`);
    assert.match(result.stdout.toString('utf8'), /popen\.py:2\(wait_for_child\)/);
    assert.match(result.stderr, /script cancelled; the profile covers what ran until then/);
    const child = pidFrom(pidFile);
    assert.ok(await waitFor(() => !alive(child), 3000), 'the sleep child outlived the cancel');
    assert.deepEqual(readdirSync(tmp), []);
  });

  it('ends when the script exits, even though a background child still holds stdout', async () => {
    const pidFile = join(dir, 'child.pid');
    const file = script(
      'daemon.py',
      [
        'import subprocess',
        'child = subprocess.Popen(["sleep", "30"])',
        `open(${JSON.stringify(pidFile)}, "w").write(str(child.pid))`,
        'print("done")',
        '',
      ].join('\n'),
    );
    const result = await runCli(file, { limitMs: 10_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.elapsed < 8000, `took ${result.elapsed} ms`);
    assert.match(result.stdout.toString('utf8'), /^done\n/);
    // Not cancelled: what the script started on purpose keeps running, as under plain Python.
    assert.ok(alive(pidFrom(pidFile)), 'a background child of a finished run was killed');
  });

  it('the editor path too: Cancel stops a script in os.system() with its child, and a left-behind child holding the output does not keep the run open', async () => {
    const pidFile = join(dir, 'child.pid');
    const waits = script('system.py', ['import os', `os.system("echo $$ > '${pidFile}'; echo started; exec sleep 1000")`, ''].join('\n'));
    const tempRoot = makeTempRoot();
    try {
      const controller = new AbortController();
      const started = Date.now();
      const profile = await runProfile({
        python,
        script: waits,
        helperDir,
        tempRoot,
        signal: controller.signal,
        onStdout: (text) => text.includes('started') && controller.abort(),
        onStderr: () => {},
      });
      assert.ok(Date.now() - started < 8000);
      assert.ok(profile.functions.some((fn) => fn.name.includes('posix.system')));
      const child = pidFrom(pidFile);
      assert.ok(await waitFor(() => !alive(child), 3000), 'the sleep child outlived the cancel');

      const daemonPid = join(dir, 'daemon.pid');
      const leaves = script(
        'daemon.py',
        [
          'import subprocess',
          'child = subprocess.Popen(["sleep", "30"])',
          `open(${JSON.stringify(daemonPid)}, "w").write(str(child.pid))`,
          'print("done")',
          '',
        ].join('\n'),
      );
      let stdout = '';
      const before = Date.now();
      const finished = await runProfile({
        python,
        script: leaves,
        helperDir,
        tempRoot,
        onStdout: (text) => (stdout += text),
        onStderr: () => {},
      });
      assert.equal(finished.run.exitStatus, 'completed');
      assert.ok(Date.now() - before < 8000, `waited ${Date.now() - before} ms for the background child`);
      assert.equal(stdout, 'done\n');
      assert.ok(alive(pidFrom(daemonPid)));
      assert.deepEqual(leftovers(tempRoot), []);
    } finally {
      removeDir(tempRoot);
    }
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`passes ${signal} on to the script and its children, saves the profile, removes its temporary folder, exits ${code}`, async () => {
      const pidFile = join(dir, 'child.pid');
      const file = script(
        'loop.py',
        [
          'import subprocess, time',
          `child = subprocess.Popen(["sleep", "1000"])`,
          `open(${JSON.stringify(pidFile)}, "w").write(str(child.pid))`,
          'def poll_forever():',
          '    print("started", flush=True)',
          '    while True:',
          '        time.sleep(0.01)',
          'poll_forever()',
          '',
        ].join('\n'),
      );
      const out = join(dir, 'run.prof');
      const result = await runCli(file, { signal, trigger: 'started', env: { TMPDIR: tmp }, args: ['--out', out, '--top', '1000'] });
      assert.equal(result.code, code, result.stderr);
      assert.ok(result.elapsed < 6000, `took ${result.elapsed} ms`);
      if (signal === 'SIGTERM') {
        assert.match(result.stderr, /stopping the script \(SIGTERM received\)/);
        assert.match(result.stderr, /script stopped by SIGTERM; the profile covers what ran until then/);
        assert.match(result.stdout.toString('utf8'), /loop\.py:4\(poll_forever\)/);
      }
      assert.ok(existsSync(out), 'no profile saved');
      const child = pidFrom(pidFile);
      assert.ok(await waitFor(() => !alive(child), 3000), `the script's child outlived ${signal}`);
      assert.deepEqual(readdirSync(tmp), [], 'temporary folder left behind');
    });
  }

  it('writes collapsed stacks, speedscope, the JSON run summary and a .prof merged over threads', async () => {
    const files = {
      collapsed: join(dir, 'run.folded'),
      speedscope: join(dir, 'run.speedscope.json'),
      json: join(dir, 'run.json'),
      out: join(dir, 'run.prof'),
    };
    const script = threadPoolScript;
    const result = await runCli(script, {
      args: ['--collapsed', files.collapsed, '--speedscope', files.speedscope, '--json', files.json, '--out', files.out, '--top', '5'],
    });
    assert.equal(result.code, 0, result.stderr);
    const stdout = result.stdout.toString('utf8');
    assert.match(stdout, /Run: wall \d+\.\d{3} s, CPU \d+\.\d{3} s, main thread waiting \d+\.\d{3} s, 5 threads, no child processes/);
    assert.match(stdout, /ThreadPoolExecutor-0_0: (exact calls|sampled), \d+\.\d{3} s CPU, \d+\.\d{3} s waiting/);

    const lines = readFileSync(files.collapsed, 'utf8').trimEnd().split('\n');
    for (const line of lines) assert.match(line, /^thread:[^;]+(;[^;]+ \([^;]*:\d+\))+(;\[waiting\])? \d+$/, line);
    assert.ok(
      lines.some((line) => /^thread:ThreadPoolExecutor-0_\d;.*;deploy_host \(thread_pool\.py:16\) \d+$/.test(line)),
      'no working sample of deploy_host',
    );
    assert.ok(
      lines.some((line) => /;deploy_host \(thread_pool\.py:16\);\[waiting\] \d+$/.test(line)),
      'no waiting sample of deploy_host',
    );
    assert.ok(lines.some((line) => line.startsWith('thread:MainThread;<module> (thread_pool.py:1);main (thread_pool.py:22);')));

    const speedscope = JSON.parse(readFileSync(files.speedscope, 'utf8')) as {
      $schema: string;
      profiles: Array<{ name: string; type: string }>;
    };
    assert.equal(speedscope.$schema, 'https://www.speedscope.app/file-format-schema.json');
    assert.deepEqual(
      speedscope.profiles.map((p) => p.name).sort(),
      ['thread: MainThread', ...[0, 1, 2, 3].map((i) => `thread: ThreadPoolExecutor-0_${i}`)].sort(),
    );

    const summary = JSON.parse(readFileSync(files.json, 'utf8')) as Record<string, unknown> & { threads: Array<Record<string, unknown>> };
    for (const key of ['wall_s', 'cpu_s', 'waiting_s']) assert.equal(typeof summary[key], 'number', key);
    assert.equal(summary.exit_code, 0);
    assert.deepEqual(summary.children, { count: 0, cpu_s: 0 });
    assert.equal(summary.threads.length, 5);
    for (const thread of summary.threads) {
      assert.equal(typeof thread.name, 'string');
      assert.equal(typeof thread.cpu_s, 'number');
      assert.equal(typeof thread.wait_s, 'number');
      assert.equal(typeof thread.profiled, 'boolean');
    }

    // The .prof is pstats merged over threads: pstats reads it, and sees every worker's calls.
    const rows = await readWithPstats(files.out);
    const deploy = rows.find((row) => row.name === 'deploy_host');
    assert.ok(deploy, 'deploy_host is not in the .prof');
    if (summary.timing === 'cprofile') assert.equal(deploy.totalCalls, 8);
  });

  it('samples only with --sampling-only, at the --interval asked for', async () => {
    const json = join(dir, 'run.json');
    const result = await runCli(fixture('truth', 'two_callers.py'), {
      args: ['--sampling-only', '--interval', '2', '--json', json, '--top', '5'],
    });
    assert.equal(result.code, 0, result.stderr);
    const stdout = result.stdout.toString('utf8');
    assert.match(stdout, /Sampling only: times from samples every 2\.0 ms, calls not counted/);
    assert.match(stdout, /functions sampled in/);
    assert.match(stdout, /^ +- +\d+\.\d{3} +- +\d+\.\d{3} +- +two_callers\.py:\d+\(\w+\)$/m);
    const summary = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
    assert.equal(summary.mode, 'sampling');
    assert.equal(summary.interval_ms, 2);
    const bad = await runCli(fixture('truth', 'two_callers.py'), { args: ['--interval', '0'] });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--interval needs milliseconds between 0\.1 and 1000/);
  });

  it('gives the script the piped stdin, and passes its stdout bytes through unchanged', async () => {
    const file = script(
      'echo_bytes.py',
      [
        'import sys',
        'data = sys.stdin.buffer.read()',
        'sys.stdout.buffer.write(b"got:" + data)',
        'sys.stdout.buffer.write(bytes(range(256)) * 4096)',
        '',
      ].join('\n'),
    );
    const input = Buffer.from('hi\n\xff\x00 caf\xc3\xa9\n', 'latin1');
    const plain = spawnSync(python, [file], { input });
    const result = await runCli(file, { input });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(plain.stdout.length, 4 + input.length + 256 * 4096);
    assert.ok(result.stdout.subarray(0, plain.stdout.length).equals(plain.stdout), 'stdout bytes differ from python3 script.py');
    // The table follows the script's own output.
    assert.match(result.stdout.subarray(plain.stdout.length).toString('utf8'), /ncalls {2}tottime/);
  });

  it("passes stdout bytes through unchanged when the output goes to the caller's stream (the extension's path)", async () => {
    const file = script('bytes.py', ['import sys', 'sys.stdout.buffer.write(bytes(range(256)) * 4096 + b"\\xe9")', ''].join('\n'));
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    const tempRoot = makeTempRoot();
    try {
      await runProfile({ python, script: file, helperDir, tempRoot, stdoutStream: sink, onStderr: () => {} });
      assert.deepEqual(leftovers(tempRoot), []);
    } finally {
      removeDir(tempRoot);
    }
    const block = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const expected = Buffer.concat([...Array.from({ length: 4096 }, () => block), Buffer.from([0xe9])]);
    assert.ok(Buffer.concat(chunks).equals(expected), 'stdout bytes changed on the way');
  });

  it('runs a script with json.py, traceback.py, datetime.py and re.py beside it, which it imports as its own', async () => {
    for (const name of ['json', 'traceback', 'datetime', 're', 'linecache', 'tokenize', 'signal']) {
      writeFileSync(join(dir, `${name}.py`), `MARK = "local ${name}"\n`);
    }
    const file = script(
      'uses_local.py',
      [
        'import json, traceback, datetime, re',
        'def report():',
        // re may be loaded at start-up already (site); then plain Python gives the standard one too.
        '    print(json.MARK, traceback.MARK, datetime.MARK, getattr(re, "MARK", "standard re"), flush=True)',
        '    raise RuntimeError("after report")',
        'report()',
        '',
      ].join('\n'),
    );
    const plain = spawnSync(python, [file], { cwd: dir, encoding: 'utf8' });
    assert.match(plain.stdout, /^local json local traceback local datetime /);
    const result = await runCli(file, { args: ['--top', '50'] });
    assert.equal(result.code, 1, result.stderr);
    const stdout = result.stdout.toString('utf8');
    assert.ok(stdout.startsWith(plain.stdout), `the script saw other modules than under plain Python:\n${stdout.slice(0, 200)}`);
    assert.match(stdout, /uses_local\.py:2\(report\)/);
    assert.match(result.stderr, /script raised RuntimeError: after report/);
  });

  it('keeps the profile when names and messages hold undecodable bytes (lone surrogates)', async () => {
    const file = script(
      'surrogates.py',
      [
        'import os',
        'code = "def load():\\n    raise ValueError(os.fsdecode(b\\"caf\\\\xe9\\"))\\nload()\\n"',
        'exec(compile(code, os.fsdecode(b"/tmp/conf-caf\\xe9.py"), "exec"), {"os": os})',
        '',
      ].join('\n'),
    );
    const tempRoot = makeTempRoot();
    let profile: Profile;
    try {
      profile = await runProfile({ python, script: file, helperDir, tempRoot, onStdout: () => {}, onStderr: () => {} });
    } finally {
      removeDir(tempRoot);
    }
    assert.equal(profile.run.exitStatus, 'raised');
    assert.equal(profile.run.exception?.message, 'caf\ufffd');
    const load = profile.functions.find((fn) => fn.name === 'load');
    assert.equal(load?.file, '/tmp/conf-caf\ufffd.py');
    const cliResult = await runCli(file, {});
    assert.equal(cliResult.code, 1, cliResult.stderr);
    assert.match(cliResult.stderr, /script raised ValueError: caf\ufffd/);
  });

  it('exits with the status a script passes to os._exit, and keeps its profile', async () => {
    const file = script(
      'hard_exit.py',
      [
        'import os, sys',
        'def work():',
        '    return sum(range(1000))',
        'work()',
        'sys.stdout.write("buffered, lost as under plain Python")',
        'os._exit(7)',
        '',
      ].join('\n'),
    );
    const plain = spawnSync(python, [file]);
    assert.equal(plain.status, 7);
    const result = await runCli(file, {});
    assert.equal(result.code, 7, result.stderr);
    const stdout = result.stdout.toString('utf8');
    assert.match(stdout, /hard_exit\.py:2\(work\)/);
    assert.equal(stdout.includes('buffered'), plain.stdout.toString().includes('buffered'));
    assert.match(result.stderr, /script exited with code 7/);
  });
});
