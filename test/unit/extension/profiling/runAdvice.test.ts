// What PyOps suggests after a run that wanted keyboard input or command-line arguments, from the
// real output of Python scripts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../../../../src/core/profile/model';
import { adviseAfterRun } from '../../../../src/extension/profiling/runAdvice';

function runOf(fields: Partial<Profile['run']>): Profile {
  return { run: { exitStatus: 'completed', exitCode: 0, ...fields } } as Profile;
}

/** The stderr and exit code of a real Python script. */
function pythonStderr(source: string, args: string[] = []): { stderr: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'pyops-advice-'));
  try {
    writeFileSync(join(dir, 'deploy.py'), source);
    const result = spawnSync('python3', [join(dir, 'deploy.py'), ...args], { encoding: 'utf8', input: '' });
    return { stderr: result.stderr, status: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('advice after a profile run', () => {
  it('offers the terminal to a script that asked for input and got EOF', () => {
    const eof = runOf({
      exitStatus: 'raised',
      exitCode: 1,
      exception: { type: 'EOFError', message: 'EOF when reading a line', frames: [], formatted: '' },
    });
    assert.deepEqual(adviseAfterRun(eof, { stdinClosed: true, stderrTail: '' }), { kind: 'needs-terminal' });
    // In the terminal the user could type: an EOF there was theirs (Ctrl+D).
    assert.equal(adviseAfterRun(eof, { stdinClosed: false, stderrTail: '' }), undefined);
  });

  it('offers arguments to a script that stopped with argparse\u2019s usage error', () => {
    const { stderr, status } = pythonStderr(
      'import argparse\np = argparse.ArgumentParser()\np.add_argument("--env", required=True)\np.parse_args()\n',
    );
    assert.equal(status, 2);
    const advice = adviseAfterRun(runOf({ exitStatus: 'exited', exitCode: 2 }), { stdinClosed: true, stderrTail: stderr });
    assert.deepEqual(advice, { kind: 'needs-arguments', error: 'the following arguments are required: --env' });
  });

  it('offers arguments after optparse\u2019s usage error too', () => {
    const { stderr, status } = pythonStderr(
      'import optparse\np = optparse.OptionParser()\nopts, args = p.parse_args()\nif not args:\n    p.error("a host is required")\n',
    );
    assert.equal(status, 2);
    const advice = adviseAfterRun(runOf({ exitStatus: 'exited', exitCode: 2 }), { stdinClosed: true, stderrTail: stderr });
    assert.deepEqual(advice, { kind: 'needs-arguments', error: 'a host is required' });
  });

  it('says nothing about a script that exits 2 for its own reasons, or ends well', () => {
    assert.equal(
      adviseAfterRun(runOf({ exitStatus: 'exited', exitCode: 2 }), { stdinClosed: true, stderrTail: 'error: disk full\n' }),
      undefined,
    );
    assert.equal(adviseAfterRun(runOf({}), { stdinClosed: true, stderrTail: 'usage: x\nx: error: y\n' }), undefined);
  });
});
