import assert from 'node:assert/strict';
import { isLibraryFunction, isStdlibOrSitePackages } from '../../../../src/core/profile/library';
import { checkInterpreter } from '../../../../src/core/profile/interpreter';
import { execa } from 'execa';
import { python } from './support';

describe('isStdlibOrSitePackages', () => {
  const paths = ['/usr/lib/python3.11', '/home/me/.venv/lib/python3.11/site-packages'];

  it('recognises stdlib, site-packages and frozen modules', () => {
    assert.equal(isStdlibOrSitePackages('/usr/lib/python3.11/subprocess.py', paths, false), true);
    assert.equal(isStdlibOrSitePackages('/home/me/.venv/lib/python3.11/site-packages/yaml/__init__.py', paths, false), true);
    assert.equal(isStdlibOrSitePackages('/opt/other/dist-packages/x.py', paths, false), true);
    assert.equal(isStdlibOrSitePackages('<frozen runpy>', paths, false), true);
  });

  it('keeps user code, built-ins and look-alike folders out', () => {
    assert.equal(isStdlibOrSitePackages('/home/me/project/deploy.py', paths, false), false);
    assert.equal(isStdlibOrSitePackages('/usr/lib/python3.11x/evil.py', paths, false), false);
    assert.equal(isStdlibOrSitePackages('~', paths, false), false);
    assert.equal(isStdlibOrSitePackages('<string>', paths, false), false);
    assert.equal(isLibraryFunction('~', paths), true);
  });

  it('compares Windows paths without regard to case or slashes', () => {
    const windows = ['C:\\Python311\\Lib'];
    assert.equal(isStdlibOrSitePackages('c:\\python311\\lib\\json\\decoder.py', windows, true), true);
    assert.equal(isStdlibOrSitePackages('C:/Python311/Lib/json/decoder.py', windows, true), true);
    assert.equal(isStdlibOrSitePackages('C:\\Users\\me\\lib\\x.py', windows, true), false);
  });

  it('agrees with the real interpreter about its own modules', async function () {
    this.timeout(30_000);
    const info = await checkInterpreter(python);
    const { stdout } = await execa(python, ['-c', 'import subprocess, json; print(subprocess.__file__)']);
    assert.equal(isStdlibOrSitePackages(stdout.trim(), info.libraryPaths), true);
    assert.equal(isStdlibOrSitePackages(__filename, info.libraryPaths), false);
  });
});
