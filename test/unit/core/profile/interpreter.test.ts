import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ProfileError } from '../../../../src/core/profile/errors';
import { checkInterpreter, findInterpreter, isSupportedVersion } from '../../../../src/core/profile/interpreter';
import { makeTempRoot, python, removeDir } from './support';

function isError(kind: ProfileError['kind'], mentions: string) {
  return (error: unknown): boolean =>
    error instanceof ProfileError && error.kind === kind && error.message.includes(mentions) && error.fix.length > 0;
}

/** Where pyenv keeps its interpreters (the test machines have 2.7 and 3.6 to 3.13 there). */
function pyenvVersions(): string {
  return join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
}

/** Real CPython interpreters older than 3.8 under pyenv, with their full versions. */
function oldPyenvInterpreters(): { path: string; version: string }[] {
  if (!existsSync(pyenvVersions())) return [];
  return readdirSync(pyenvVersions())
    .filter((version) => /^(?:2\.\d+|3\.[0-7])\.\d+$/.test(version))
    .map((version) => ({ path: join(pyenvVersions(), version, 'bin', `python${version.split('.').slice(0, 2).join('.')}`), version }))
    .filter(({ path }) => existsSync(path));
}

describe('checkInterpreter / findInterpreter', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = makeTempRoot();
  });
  afterEach(() => removeDir(dir));

  /** An executable shell script standing in for an interpreter. */
  function fakeInterpreter(name: string, body: string): string {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it('reports version, executable and library folders of a real interpreter', async () => {
    const info = await checkInterpreter(python);
    assert.equal(info.path, python);
    assert.ok(isSupportedVersion(info.version), info.version);
    assert.ok(info.executable.length > 0);
    assert.ok(info.libraryPaths.length > 0);
  });

  it('names a missing interpreter and says what to do', async () => {
    const missing = join(dir, 'python-that-is-not-here');
    await assert.rejects(checkInterpreter(missing), isError('interpreter-missing', missing));
  });

  it('rejects a file that is not runnable', async () => {
    const notExecutable = join(dir, 'python3');
    writeFileSync(notExecutable, 'not a program');
    await assert.rejects(checkInterpreter(notExecutable), isError('interpreter-not-runnable', notExecutable));
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    await assert.rejects(checkInterpreter(folder), isError('interpreter-not-runnable', folder));
  });

  it('rejects a program that is not Python', async () => {
    const fake = fakeInterpreter('not-python', 'echo "hello"; exit 0');
    await assert.rejects(checkInterpreter(fake), isError('interpreter-not-runnable', fake));
    const failing = fakeInterpreter('crashing-python', 'echo "Fatal Python error" >&2; exit 1');
    await assert.rejects(
      checkInterpreter(failing),
      (error: unknown) => isError('interpreter-not-runnable', failing)(error) && /Fatal Python error/.test((error as Error).message),
    );
  });

  it('rejects Python older than 3.8 with the version found', async () => {
    const old = fakeInterpreter(
      'python3.6',
      'echo \'PYOPS-INTERPRETER {"executable": "/usr/bin/python3.6", "version": "3.6.15", "implementation": "CPython", "libraryPaths": []}\'',
    );
    await assert.rejects(
      checkInterpreter(old),
      (error: unknown) => isError('interpreter-too-old', old)(error) && (error as Error).message.includes('3.6.15'),
    );
  });

  it('rejects each real Python older than 3.8 installed under pyenv, naming its version', async () => {
    const old = oldPyenvInterpreters();
    assert.ok(old.length > 0, `no Python older than 3.8 under ${pyenvVersions()}: install one with pyenv (3.6 and 3.7 are expected)`);
    for (const { path, version } of old) {
      await assert.rejects(
        checkInterpreter(path),
        (error: unknown) => isError('interpreter-too-old', path)(error) && (error as Error).message.includes(version),
      );
    }
  });

  it('compares versions numerically', () => {
    assert.equal(isSupportedVersion('3.8.0'), true);
    assert.equal(isSupportedVersion('3.10.1'), true);
    assert.equal(isSupportedVersion('3.7.16'), false);
    assert.equal(isSupportedVersion('2.7.18'), false);
    assert.equal(isSupportedVersion('4.0.0'), true);
  });

  it('finds an interpreter on PATH, and uses only the configured one when given', async () => {
    const found = await findInterpreter();
    assert.ok(isSupportedVersion(found.version));
    const missing = join(dir, 'configured-python');
    await assert.rejects(findInterpreter(missing), isError('interpreter-missing', missing));
  });

  it('says which names it tried when PATH has no Python', async () => {
    await assert.rejects(
      findInterpreter(undefined, { env: { PATH: dir } }),
      (error: unknown) => error instanceof ProfileError && /tried python3, python/.test(error.message),
    );
  });
});
