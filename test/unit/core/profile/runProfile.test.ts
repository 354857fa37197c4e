import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ProfileError } from '../../../../src/core/profile/errors';
import type { AllocationSite, CallEdge, FunctionStats, MemoryStats, Profile } from '../../../../src/core/profile/model';
import { runProfile, type RunProfileOptions } from '../../../../src/core/profile/runProfile';
import { sortFunctions } from '../../../../src/core/profile/table';
import { fixture, helperDir, leftovers, makeTempRoot, python, readWithPstats, removeDir } from './support';
import { findPythons } from '../../../helpers/pythons';

function byName(profile: Profile, name: string) {
  const found = profile.functions.filter((fn) => fn.name === name && !fn.builtin);
  assert.equal(found.length, 1, `expected one function named ${name}`);
  return found[0]!;
}

/**
 * What the memory view shows can never contradict itself: the sites listed under a total are
 * parts of it (they come from one snapshot), and no total exceeds the peak. A loaded machine
 * changes the figures, never these relations.
 */
function assertFiguresAgree(memory: MemoryStats, label: string): void {
  const sum = (sites: AllocationSite[]) => sites.reduce((total, site) => total + site.sizeBytes, 0);
  assert.ok(sum(memory.topSites) <= memory.currentBytes, `end sites exceed the end total: ${label}`);
  assert.ok(memory.currentBytes <= memory.peakBytes, `end above the peak: ${label}`);
  if (!memory.peakSites) return;
  assert.ok(sum(memory.peakSites) <= memory.peakSitesBytes!, `peak sites exceed their total: ${label}`);
  assert.ok(memory.peakSitesBytes! <= memory.peakBytes, `peak sites' total above the peak: ${label}`);
}

describe('runProfile (real Python)', function () {
  this.timeout(60_000);
  let tempRoot: string;
  let outDir: string;

  beforeEach(() => {
    tempRoot = makeTempRoot();
    outDir = makeTempRoot();
  });
  afterEach(() => {
    // Every run, failed or not, must leave its temporary folder empty.
    assert.deepEqual(leftovers(tempRoot), [], 'temporary files left behind');
    removeDir(tempRoot);
    removeDir(outDir);
  });

  function options(script: string, extra: Partial<RunProfileOptions> = {}): RunProfileOptions {
    return { python, script, helperDir, tempRoot, onStdout: () => {}, onStderr: () => {}, ...extra };
  }

  it('ranks the known hot function first by own time', async () => {
    const profile = await runProfile(options(fixture('hot.py')));
    assert.equal(profile.run.exitStatus, 'completed');
    assert.equal(profile.run.exitCode, 0);
    assert.equal(sortFunctions(profile.functions, 'tottime')[0]!.name, 'hot_loop');
    assert.equal(byName(profile, 'hot_loop').totalCalls, 3);
    assert.equal(byName(profile, 'helper').totalCalls, 50);
    assert.ok(profile.run.totalTime > 0);
    assert.ok(profile.run.interpreter.version.startsWith('3.'));
    assert.equal(profile.run.interpreter.path, python);
    // The helper's own runpy frames are not part of the script's profile: <module> is the root.
    assert.ok(
      profile.functions.every((fn) => !/runpy|pyops_profile/.test(fn.file)),
      'launcher frames left',
    );
    const module = profile.functions.find((fn) => fn.name === '<module>' && fn.file === fixture('hot.py'))!;
    assert.deepEqual(module.callers, []);
    assert.equal(module.totalCalls, 1);
    // All the time measured is the script's: every function is reached from <module>, so the
    // run's total (the sum of own times) is exactly what <module> covers. (Its cumulative time also
    // holds the sampler's ticks, whose frames are removed; a loaded machine stretches those, so
    // they are not compared against a fixed share.)
    const reached = new Set([module.id]);
    const pending = [module];
    for (let fn = pending.pop(); fn; fn = pending.pop()) {
      for (const edge of fn.callees) {
        if (reached.has(edge.id)) continue;
        reached.add(edge.id);
        pending.push(profile.functions.find((f) => f.id === edge.id)!);
      }
    }
    assert.deepEqual(
      profile.functions.filter((fn) => !reached.has(fn.id)).map((fn) => fn.name),
      [],
      'functions outside <module>',
    );
    const ownTimes = profile.functions.reduce((sum, fn) => sum + fn.ownTime, 0);
    assert.ok(Math.abs(ownTimes - profile.run.totalTime) <= 1e-9, `${ownTimes} vs ${profile.run.totalTime}`);
    assert.ok(module.cumulativeTime >= profile.run.totalTime - 1e-9, `<module> ${module.cumulativeTime} vs ${profile.run.totalTime}`);
  });

  it('writes a .prof whose call counts and callers agree with pstats', async () => {
    const outFile = join(outDir, 'hot.prof');
    const profile = await runProfile(options(fixture('hot.py'), { outFile, args: ['4'] }));
    assert.equal(profile.run.profFile, outFile);
    const rows = await readWithPstats(outFile);
    assert.equal(rows.length, profile.functions.length);
    const byId = new Map(profile.functions.map((fn) => [fn.id, fn]));
    for (const row of rows) {
      const fn: FunctionStats | undefined = byId.get(`${row.file}:${row.line}(${row.name})`);
      assert.ok(fn, `pstats has ${row.name} but the profile does not`);
      assert.equal(fn.totalCalls, row.totalCalls, row.name);
      assert.equal(fn.primitiveCalls, row.primitiveCalls, row.name);
      assert.equal(fn.callers.length, row.callers.length, `${row.name} callers`);
      for (const caller of row.callers) {
        const edge: CallEdge | undefined = fn.callers.find((e) => e.id === `${caller.file}:${caller.line}(${caller.name})`);
        assert.ok(edge, `${row.name} is missing caller ${caller.name}`);
        assert.equal(edge.totalCalls, caller.totalCalls);
      }
    }
    assert.equal(byName(profile, 'hot_loop').totalCalls, 4);
  });

  it('keeps the profile and the traceback of a script that raises', async () => {
    let stderr = '';
    let stdout = '';
    const profile = await runProfile(options(fixture('raises.py'), { onStderr: (t) => (stderr += t), onStdout: (t) => (stdout += t) }));
    assert.equal(profile.run.exitStatus, 'raised');
    assert.equal(profile.run.exitCode, 1);
    const exception = profile.run.exception!;
    assert.equal(exception.type, 'FileNotFoundError');
    assert.match(exception.message, /no config at/);
    assert.deepEqual(
      exception.frames.map((f) => [f.name, f.line]),
      [
        ['<module>', 10],
        ['main', 7],
        ['load_config', 2],
      ],
    );
    assert.ok(exception.frames.every((f) => f.file === fixture('raises.py')));
    assert.equal(byName(profile, 'load_config').totalCalls, 1);
    // The traceback reaches the user as Python prints it, without helper/runpy frames.
    assert.match(stderr, /Traceback \(most recent call last\)/);
    assert.doesNotMatch(stderr, /pyops_profile|runpy/);
    assert.equal(stdout, 'starting\n');
  });

  it('records sys.exit(3) as exit code 3', async () => {
    let stderr = '';
    const profile = await runProfile(options(fixture('exits3.py'), { onStderr: (t) => (stderr += t) }));
    assert.equal(profile.run.exitStatus, 'exited');
    assert.equal(profile.run.exitCode, 3);
    assert.equal(profile.run.exception, undefined);
    assert.equal(stderr, 'check failed\n');
    assert.equal(byName(profile, 'check').totalCalls, 1);
  });

  it('gives stdin EOF, so a script waiting for input ends instead of hanging', async () => {
    const profile = await runProfile(options(fixture('reads_stdin.py')));
    assert.equal(profile.run.exitStatus, 'raised');
    assert.equal(profile.run.exception?.type, 'EOFError');
    assert.equal(byName(profile, 'ask').totalCalls, 1);
  });

  it('cancels a script that never ends and returns what was profiled', async () => {
    const controller = new AbortController();
    const profile = await runProfile(
      options(fixture('forever.py'), {
        signal: controller.signal,
        onStdout: (text) => {
          if (text.includes('started')) controller.abort();
        },
      }),
    );
    assert.equal(profile.run.exitStatus, 'cancelled');
    assert.equal(profile.run.exitCode, 130);
    assert.equal(byName(profile, 'poll_forever').totalCalls, 1);
  });

  it('saves a partial profile via SIGTERM when the script swallows Ctrl-C', async () => {
    const controller = new AbortController();
    const profile = await runProfile(
      options(fixture('swallows_interrupt.py'), {
        signal: controller.signal,
        cancelGraceMs: 300,
        onStdout: (text) => {
          if (text.includes('started')) controller.abort();
        },
      }),
    );
    assert.equal(profile.run.exitStatus, 'cancelled');
    assert.equal(profile.run.exitCode, 143);
    assert.ok(byName(profile, 'retry_forever'));
  });

  it('kills a script that ignores SIGINT and SIGTERM and says so', async () => {
    const controller = new AbortController();
    await assert.rejects(
      runProfile(
        options(fixture('ignores_signals.py'), {
          signal: controller.signal,
          cancelGraceMs: 200,
          killGraceMs: 200,
          onStdout: (text) => {
            if (text.includes('started')) controller.abort();
          },
        }),
      ),
      (error: unknown) => error instanceof ProfileError && error.kind === 'killed' && /killed/.test(error.message),
    );
  });

  it('streams 100 MB of output without holding it in memory', async () => {
    let bytes = 0;
    let lines = 0;
    let badChunk = false;
    const baseline = process.memoryUsage();
    let peak = 0;
    const sample = (): void => {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.heapUsed + now.arrayBuffers - (baseline.heapUsed + baseline.arrayBuffers));
    };
    const sampler = setInterval(sample, 5);
    try {
      const profile = await runProfile(
        options(fixture('prints_100mb.py'), {
          onStdout: (text) => {
            bytes += Buffer.byteLength(text);
            for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
            if (!/^[x\n]*$/.test(text)) badChunk = true;
            sample();
          },
        }),
      );
      assert.equal(profile.run.exitStatus, 'completed');
    } finally {
      clearInterval(sampler);
    }
    assert.equal(bytes, 100 * 1024 * 1024);
    assert.equal(lines, 102_400);
    assert.equal(badChunk, false, 'helper text mixed into the script output');
    assert.ok(peak < 64 * 1024 * 1024, `memory grew by ${(peak / 1048576).toFixed(1)} MiB while streaming`);
  });

  it('runs a script whose path has spaces and non-ASCII characters', async () => {
    const script = fixture('dir with spaces', 'skript ünïcødé.py');
    let stdout = '';
    const outFile = join(outDir, 'prøfile with space.prof');
    const profile = await runProfile(options(script, { outFile, onStdout: (t) => (stdout += t) }));
    assert.equal(profile.run.exitStatus, 'exited');
    assert.equal(profile.run.exitCode, 0);
    assert.equal(profile.run.script, script);
    assert.equal(byName(profile, 'wörk').file, script);
    assert.equal(stdout, 'ünïcødé output ✓\n');
    assert.ok(existsSync(outFile));
  });

  it('gives the script the right argv, sys.path[0], cwd and __name__', async () => {
    const script = fixture('argv_report.py');
    let stdout = '';
    const args = ['--flag', 'two words', 'ü', ''];
    const profile = await runProfile(options(script, { args, cwd: outDir, onStdout: (t) => (stdout += t) }));
    const line = stdout.split('\n').find((l) => l.startsWith('PYOPS-ARGV '))!;
    const seen = JSON.parse(line.slice('PYOPS-ARGV '.length)) as { argv: string[]; path0: string; cwd: string; name: string };
    assert.deepEqual(seen.argv, [script, ...args]);
    assert.equal(seen.path0, fixture());
    assert.equal(seen.cwd, outDir);
    assert.equal(seen.name, '__main__');
    assert.deepEqual(profile.run.args, args);
    assert.equal(profile.run.cwd, outDir);
  });

  it('reports memory when tracemalloc is on', async () => {
    const profile = await runProfile(options(fixture('allocates.py'), { memory: true }));
    const memory = profile.memory!;
    assert.ok(memory.peakBytes >= 20_000 * 1000, `peak ${memory.peakBytes}`);
    assert.ok(memory.currentBytes >= 20_000 * 1000);
    assertFiguresAgree(memory, JSON.stringify(memory));
    const top = memory.topSites[0]!;
    assert.equal(top.file, fixture('allocates.py'));
    assert.equal(top.line, 2);
    const withoutMemory = await runProfile(options(fixture('allocates.py')));
    assert.equal(withoutMemory.memory, undefined);
  });

  it('reports the allocation sites near the peak, not only what is alive at the end, on every Python 3.8+', async function () {
    const pythons = findPythons().filter((p) => p.version[0] === 3 && p.version[1] >= 8);
    assert.ok(pythons.length > 0, 'no Python 3.8+ found');
    this.timeout(60_000 * pythons.length);
    const script = fixture('peak_then_free.py');
    for (const interpreter of pythons) {
      const memory = (await runProfile(options(script, { python: interpreter.path, memory: true }))).memory!;
      const label = `${interpreter.label}: ${JSON.stringify({ ...memory, topSites: memory.topSites.slice(0, 3), peakSites: memory.peakSites?.slice(0, 3) })}`;
      // 100,000 dicts at the peak; 1.5 MB of bytes at the end.
      assert.ok(memory.peakBytes > 15_000_000, label);
      assert.ok(memory.currentBytes < memory.peakBytes / 4, label);
      const peak = memory.peakSites![0]!;
      assert.deepEqual([peak.file, peak.line], [script, 3], label);
      assert.ok(peak.sizeBytes > 1_000_000, label);
      assertFiguresAgree(memory, label);
      assert.deepEqual([memory.topSites[0]!.file, memory.topSites[0]!.line], [script, 14], label);
      // What build_rows() made is gone at the end (a few free-list blocks aside).
      const leftAtEnd = memory.topSites.find((site) => site.file === script && site.line === 3)?.sizeBytes ?? 0;
      assert.ok(leftAtEnd < peak.sizeBytes / 100, label);
    }
  });

  it('fails with a typed error naming a missing interpreter', async () => {
    const missing = join(outDir, 'no-such-python3');
    await assert.rejects(
      runProfile(options(fixture('hot.py'), { python: missing })),
      (error: unknown) =>
        error instanceof ProfileError &&
        error.kind === 'interpreter-missing' &&
        error.message.includes(missing) &&
        /pyops\.python\.path|--python/.test(error.fix),
    );
  });

  it('fails with a typed error for a missing script or working directory', async () => {
    await assert.rejects(
      runProfile(options(join(outDir, 'nope.py'))),
      (error: unknown) => error instanceof ProfileError && error.kind === 'script-not-found',
    );
    await assert.rejects(
      runProfile(options(fixture('hot.py'), { cwd: join(outDir, 'missing-dir') })),
      (error: unknown) => error instanceof ProfileError && error.kind === 'cwd-not-found',
    );
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      runProfile(options(fixture('hot.py'), { signal: controller.signal })),
      (error: unknown) => error instanceof ProfileError && error.kind === 'cancelled',
    );
  });
});
