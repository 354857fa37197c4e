// Finding pytest tests in a test file the way pytest's default collection does (for the
// "Profile Test" CodeLens).
import assert from 'node:assert/strict';
import { isPytestFileName, pytestItems } from '../../../../src/core/targets/pytestItems';

function ids(source: string): string[] {
  return pytestItems(source).map((item) => `${item.firstLine + 1}-${item.line + 1} ${item.nodeId}`);
}

describe('pytest items', () => {
  it('takes pytest\u2019s default test files only', () => {
    for (const name of ['test_backup.py', '/w/tests/test_x.py', 'C:\\w\\backup_test.py']) assert.ok(isPytestFileName(name), name);
    for (const name of ['backup.py', 'conftest.py', 'testing.py', 'test_x.txt', '_test.py']) assert.ok(!isPytestFileName(name), name);
  });

  it('finds module-level test functions and methods of Test classes, decorators included', () => {
    const source = [
      'import pytest', // 1
      '', // 2
      '@pytest.fixture', // 3
      'def hosts():', // 4
      '    return []', // 5
      '', // 6
      '@pytest.mark.slow', // 7
      '@pytest.mark.parametrize("n", [1, 2])', // 8
      'def test_backup(n):', // 9
      '    def test_inner():', // 10
      '        pass', // 11
      '', // 12
      'async def test_async():', // 13
      '    pass', // 14
      '', // 15
      'class TestRotate:', // 16
      '    def test_keeps_newest(self):', // 17
      '        pass', // 18
      '    def helper(self):', // 19
      '        pass', // 20
      '    class TestNested:', // 21
      '        def test_deep(self):', // 22
      '            pass', // 23
      '', // 24
      'def testing_helper():', // 25
      '    pass', // 26
    ].join('\n');
    assert.deepEqual(ids(source), [
      '7-9 ::test_backup',
      '13-13 ::test_async',
      '17-17 ::TestRotate::test_keeps_newest',
      '22-22 ::TestRotate::TestNested::test_deep',
      '25-25 ::testing_helper',
    ]);
  });

  it('skips classes pytest does not collect: other names, with __init__, inside functions', () => {
    const source = [
      'class Helpers:',
      '    def test_not_collected(self):',
      '        pass',
      'class TestWithInit:',
      '    def test_before_init(self):',
      '        pass',
      '    def __init__(self):',
      '        pass',
      'def make():',
      '    class TestLocal:',
      '        def test_local(self):',
      '            pass',
      'class TestOk(Base):',
      '    def test_ok(self): pass',
    ].join('\n');
    assert.deepEqual(ids(source), ['14-14 ::TestOk::test_ok']);
  });

  it('ignores def test_ inside strings, comments and bracketed continuations', () => {
    const source = [
      'DOC = """',
      'def test_in_docstring():',
      '    pass',
      '"""',
      "text = 'def test_in_string(): pass'",
      '# def test_commented():',
      'values = (',
      'def_x) if False else None',
      'call(',
      '    """',
      'class TestInString:',
      '    """)',
      'def test_real():',
      '    pass',
    ].join('\n');
    assert.deepEqual(ids(source), ['13-13 ::test_real']);
  });

  it('handles tabs, CRLF line endings and an indented def continuing a class body', () => {
    assert.deepEqual(ids('class TestTabs:\r\n\tdef test_tab(self):\r\n\t\tpass\r\n'), ['2-2 ::TestTabs::test_tab']);
  });
});
