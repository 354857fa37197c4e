// Stopping the sampler on a loaded machine: its thread may not have ended when stop() stops
// waiting for it, and may still send the main thread a SIGPROF. The script must live on to save its
// profile (SIGPROF's default action ends a process), on every Python 3.8+ the machine has.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { findPythons } from '../../../helpers/pythons';
import { helperDir, python as defaultPython } from './support';

/** Starts a quiet sampler (the main thread kicked by SIGPROF from its thread), stops it, reports. */
function stopScript(threadLate: boolean): string {
  return [
    'import signal, sys, time',
    `sys.path.insert(0, ${JSON.stringify(helperDir)})`,
    'import pyops_sampler',
    's = pyops_sampler.Sampler(0.002, ((), ()), quiet=True)',
    's.start()',
    'time.sleep(0.05)',
    // A thread the OS does not run before stop() gives up waiting: stop() returns while it lives.
    ...(threadLate ? ['s.thread.join = lambda timeout=None: None'] : []),
    's.stop()',
    'time.sleep(0.1)',
    'h = signal.getsignal(signal.SIGPROF)',
    'print("handler after stop:", "SIG_IGN" if h == signal.SIG_IGN else "SIG_DFL" if h == signal.SIG_DFL else h)',
  ].join('\n');
}

const pythons = findPythons().filter((p) => p.version[0] === 3 && p.version[1] >= 8);

describe('profiling: stopping the sampler', () => {
  for (const interpreter of pythons.length > 0 ? pythons : [{ path: defaultPython, label: defaultPython }]) {
    it(`a sampler thread still running after stop() does not kill the script (${interpreter.label})`, () => {
      const run = spawnSync(interpreter.path, ['-c', stopScript(true)], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(run.signal, null, `killed by ${run.signal}: ${run.stderr}`);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /handler after stop: SIG_IGN/);
    });

    it(`a sampler thread that ended in time leaves SIGPROF as it found it (${interpreter.label})`, () => {
      const run = spawnSync(interpreter.path, ['-c', stopScript(false)], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /handler after stop: SIG_DFL/);
    });
  }
});
