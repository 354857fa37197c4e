import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Profile } from '../../../../src/core/profile/model';
import { runProfile, type RunProfileOptions } from '../../../../src/core/profile/runProfile';
import { helperDir, leftovers, makeTempRoot, python, removeDir } from './support';

// Asks two questions with input() and prints both answers.
const TWO_QUESTIONS = [
  'def ask(prompt):',
  '    return input(prompt)',
  '',
  'first = ask("first? ")',
  'second = ask("second? ")',
  'print("got %r and %r" % (first, second))',
  '',
].join('\n');

// Never reads stdin: says so and exits while input may still be arriving.
const IGNORES_STDIN = ['import sys', 'sys.stdout.write("bye\\n")', ''].join('\n');

function calls(profile: Profile, name: string): number {
  const found = profile.functions.filter((fn) => fn.name === name && !fn.builtin);
  assert.equal(found.length, 1, `expected one function named ${name}`);
  return found[0]!.totalCalls;
}

describe('runProfile with stdin (real Python)', function () {
  this.timeout(60_000);
  let tempRoot: string;
  let scriptDir: string;

  beforeEach(() => {
    tempRoot = makeTempRoot();
    scriptDir = makeTempRoot();
  });
  afterEach(() => {
    assert.deepEqual(leftovers(tempRoot), [], 'temporary files left behind');
    removeDir(tempRoot);
    removeDir(scriptDir);
  });

  function script(name: string, source: string): string {
    const file = join(scriptDir, name);
    writeFileSync(file, source);
    return file;
  }

  function options(file: string, extra: Partial<RunProfileOptions> = {}): RunProfileOptions & { stdout: () => string } {
    let stdout = '';
    return {
      python,
      script: file,
      helperDir,
      tempRoot,
      env: { PYTHONUNBUFFERED: '1' },
      onStdout: (text) => (stdout += text),
      onStderr: () => {},
      stdout: () => stdout,
      ...extra,
    };
  }

  it('feeds the lines of the stream to input() and the script completes', async () => {
    const stdin = new PassThrough();
    stdin.end('alpha\nbeta\n');
    const run = options(script('two_questions.py', TWO_QUESTIONS), { stdin });
    const profile = await runProfile(run);
    assert.equal(run.stdout(), "first? second? got 'alpha' and 'beta'\n");
    assert.equal(profile.run.exitStatus, 'completed');
    assert.equal(profile.run.exitCode, 0);
    assert.equal(calls(profile, 'ask'), 2);
  });

  it('keeps stdin open until the answer is typed after each prompt', async () => {
    const stdin = new PassThrough();
    const answered = new Set<string>();
    let stdout = '';
    // Answer only once the prompt is on screen, as a person at the terminal would.
    const onStdout = (text: string): void => {
      stdout += text;
      if (stdout.includes('first? ') && !answered.has('first')) {
        answered.add('first');
        stdin.write('typed one\n');
      }
      if (stdout.includes('second? ') && !answered.has('second')) {
        answered.add('second');
        stdin.write('typed two\n');
      }
    };
    const profile = await runProfile(options(script('two_questions.py', TWO_QUESTIONS), { stdin, onStdout }));
    assert.equal(stdout, "first? second? got 'typed one' and 'typed two'\n");
    assert.equal(profile.run.exitStatus, 'completed');
    assert.ok(!stdin.writableEnded, 'the caller still owns its stream');
  });

  it("ends the script's stdin when the stream ends, so the next input() raises EOFError", async () => {
    const stdin = new PassThrough();
    stdin.write('only one\n');
    const run = options(script('two_questions.py', TWO_QUESTIONS), {
      stdin,
      onStdout: (text) => {
        // Ctrl+D at the second prompt.
        if (text.includes('second? ')) stdin.end();
      },
    });
    const profile = await runProfile(run);
    assert.equal(profile.run.exitStatus, 'raised');
    assert.equal(profile.run.exception?.type, 'EOFError');
    assert.equal(calls(profile, 'ask'), 2);
  });

  it('without a stream, input() gets EOF at once instead of waiting', async () => {
    const run = options(script('two_questions.py', TWO_QUESTIONS));
    const profile = await runProfile(run);
    assert.equal(run.stdout(), 'first? ');
    assert.equal(profile.run.exitStatus, 'raised');
    assert.equal(profile.run.exception?.type, 'EOFError');
    assert.equal(calls(profile, 'ask'), 1);
  });

  it('gives EOF to the first input() when the stream ended before the script started', async () => {
    // Ctrl+D typed while the interpreter was still starting.
    const stdin = new PassThrough();
    stdin.end();
    const run = options(script('two_questions.py', TWO_QUESTIONS), { stdin });
    const profile = await runProfile(run);
    assert.equal(run.stdout(), 'first? ');
    assert.equal(profile.run.exitStatus, 'raised');
    assert.equal(profile.run.exception?.type, 'EOFError');
  });

  it("ends the script's stdin when the stream fails, instead of leaving the script waiting", async () => {
    const stdin = new PassThrough();
    const run = options(script('two_questions.py', TWO_QUESTIONS), {
      stdin,
      onStdout: (text) => {
        if (text.includes('first? ')) stdin.destroy(new Error('terminal went away'));
      },
    });
    const profile = await runProfile(run);
    assert.equal(profile.run.exitStatus, 'raised');
    assert.equal(profile.run.exception?.type, 'EOFError');
  });

  it('does not fail when the script exits while input is still being written (EPIPE)', async () => {
    const stdin = new PassThrough();
    // More than a pipe buffer holds, so writes are still pending when the script exits.
    const megabyte = 'x'.repeat(1023) + '\n';
    for (let i = 0; i < 1024; i++) stdin.write(megabyte);
    const uncaught: Error[] = [];
    const onUncaught = (error: Error): void => {
      uncaught.push(error);
    };
    process.on('uncaughtException', onUncaught);
    try {
      const run = options(script('ignores_stdin.py', IGNORES_STDIN), { stdin });
      const profile = await runProfile(run);
      assert.equal(run.stdout(), 'bye\n');
      assert.equal(profile.run.exitStatus, 'completed');
      // The stream stays usable by its owner after the run: more input goes nowhere, harmlessly.
      stdin.write('late line\n');
      stdin.end();
      await new Promise<void>((resolve) => setImmediate(resolve));
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
    assert.deepEqual(uncaught, []);
  });

  it('cancels a script waiting for input and still returns its profile', async () => {
    const stdin = new PassThrough();
    const controller = new AbortController();
    const profile = await runProfile(
      options(script('two_questions.py', TWO_QUESTIONS), {
        stdin,
        signal: controller.signal,
        onStdout: (text) => {
          if (text.includes('first? ')) controller.abort();
        },
      }),
    );
    assert.equal(profile.run.exitStatus, 'cancelled');
    assert.equal(calls(profile, 'ask'), 1);
  });
});
