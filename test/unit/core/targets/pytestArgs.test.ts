// The pytest command line of "Profile Test" (python.testing.pytestArgs' options, the test's node id)
// and the node ids of the Python extension's Testing view items.
import assert from 'node:assert/strict';
import { pytestCommandLine, pytestOptions, splitTestItemId } from '../../../../src/core/targets/pytestArgs';

describe('pytest command line for one test', () => {
  it('keeps the user\u2019s options with their values and drops the paths to collect', () => {
    assert.deepEqual(pytestOptions(['tests', '-x', '-k', 'not slow', '--tb=short', 'integration/', '-p', 'no:cacheprovider', '-vv']), [
      '-x',
      '-k',
      'not slow',
      '--tb=short',
      '-p',
      'no:cacheprovider',
      '-vv',
    ]);
    assert.deepEqual(pytestOptions(['--ignore', 'tests/legacy', '-m', 'unit', 'tests']), ['--ignore', 'tests/legacy', '-m', 'unit']);
    // An option that is last keeps no value that is not there.
    assert.deepEqual(pytestOptions(['-k']), ['-k']);
  });

  it('runs the node id with --rootdir the working directory unless the user set one', () => {
    assert.deepEqual(pytestCommandLine(['tests', '-q'], '/w/tests/test_x.py::test_a', '/w'), [
      '-q',
      '--rootdir',
      '/w',
      '/w/tests/test_x.py::test_a',
    ]);
    assert.deepEqual(pytestCommandLine(['--rootdir', '/w/sub'], '/w/sub/test_x.py::T::test_b[1]', '/w'), [
      '--rootdir',
      '/w/sub',
      '/w/sub/test_x.py::T::test_b[1]',
    ]);
    assert.deepEqual(pytestCommandLine(['--rootdir=/r'], '/w/test_x.py', '/w'), ['--rootdir=/r', '/w/test_x.py']);
  });
});

describe('Testing view item ids', () => {
  it('splits a pytest node id into its file and the rest', () => {
    assert.deepEqual(splitTestItemId('/w/tests/test_x.py::TestA::test_b[eu-west]'), {
      file: '/w/tests/test_x.py',
      rest: '::TestA::test_b[eu-west]',
    });
    assert.deepEqual(splitTestItemId('/w/tests/test_x.py'), { file: '/w/tests/test_x.py', rest: '' });
    assert.deepEqual(splitTestItemId('C:\\w\\test_x.py::test_a'), { file: 'C:\\w\\test_x.py', rest: '::test_a' });
  });

  it('removes the project prefix of project mode, and only a URI prefix', () => {
    assert.deepEqual(splitTestItemId('file:///w/api@@vsc@@/w/api/test_x.py::test_a'), { file: '/w/api/test_x.py', rest: '::test_a' });
    // A parameter holding the separator text is part of the node id.
    assert.deepEqual(splitTestItemId('/w/test_x.py::test_a[x@@vsc@@y]'), { file: '/w/test_x.py', rest: '::test_a[x@@vsc@@y]' });
  });

  it('rejects what is not a test file\u2019s node id: folders, unittest ids, relative paths', () => {
    for (const id of ['/w/tests', 'test_x.TestA.test_b', 'tests/test_x.py::test_a', '']) assert.equal(splitTestItemId(id), undefined, id);
  });
});
