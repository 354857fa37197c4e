// The pure input handling of the extension's profiling commands (src/extension/profiling/*
// modules without a vscode import): arguments, setting variables, timed selections (env files:
// test/unit/env).

import assert from 'node:assert/strict';
import { joinArgs, splitArgs } from '../../../../src/extension/profiling/argv';
import { dedent, hasCode, selectionSetup } from '../../../../src/extension/profiling/selectionCode';
import { renameScriptFile } from '../../../../src/extension/profiling/untitledProfile';
import { substituteVariables } from '../../../../src/extension/profiling/variables';
import { compareProfiles } from '../../../../src/core/profile/compare';
import { buildProfile } from '../../webview/profileBuilder';

describe('profile arguments', () => {
  it('splits like a POSIX shell without running one', () => {
    assert.deepEqual(splitArgs('--target "staging eu" --tag=v1 \'$HOME\' a\\ b').args, [
      '--target',
      'staging eu',
      '--tag=v1',
      '$HOME',
      'a b',
    ]);
    assert.deepEqual(splitArgs('  ').args, []);
    assert.deepEqual(splitArgs('"" x').args, ['', 'x']);
    assert.deepEqual(splitArgs('"say \\"hi\\""').args, ['say "hi"']);
  });

  it('reports an unclosed quote instead of guessing', () => {
    assert.match(splitArgs('--name "open').error!, /double quote/);
    assert.deepEqual(splitArgs('--name "open').args, []);
  });

  it('joins arguments back into text that splits to the same list', () => {
    const args = ['--target', 'staging eu', "it's", '', '$HOME', 'plain'];
    assert.deepEqual(splitArgs(joinArgs(args)).args, args);
  });
});

describe('setting variables', () => {
  const context = { workspaceFolder: '/work/ops', file: '/work/ops/jobs/backup.py', userHome: '/home/ops', env: { STAGE: 'prod' } };

  it('substitutes the variables VS Code users know', () => {
    assert.equal(substituteVariables('${workspaceFolder}/.env', context).value, '/work/ops/.env');
    assert.equal(substituteVariables('${fileDirname}/data', context).value, '/work/ops/jobs/data');
    assert.equal(substituteVariables('${fileBasename}', context).value, 'backup.py');
    assert.equal(substituteVariables('${workspaceFolderBasename}', context).value, 'ops');
    assert.equal(substituteVariables('${userHome}/.aws', context).value, '/home/ops/.aws');
    assert.equal(substituteVariables('${env:STAGE}-${env:UNSET}', context).value, 'prod-');
  });

  it('leaves what it cannot resolve and says so', () => {
    const result = substituteVariables('${workspaceFolder}/x ${config:foo}', { ...context, workspaceFolder: undefined });
    assert.equal(result.value, '${workspaceFolder}/x ${config:foo}');
    assert.deepEqual(result.unresolved, ['${workspaceFolder}', '${config:foo}']);
  });
});

describe('timed selections', () => {
  it('removes the common indentation of a selection inside a function', () => {
    assert.equal(dedent('    total = 0\n    for x in data:\n        total += x\n'), 'total = 0\nfor x in data:\n    total += x');
    assert.equal(dedent('\tx = 1\n\n\ty = 2'), 'x = 1\n\ny = 2');
    assert.equal(dedent('   \n  '), '');
  });

  it('collects the top-level imports as setup, multi-line ones included, skipping the selection', () => {
    const source = [
      'from __future__ import annotations',
      'import os',
      'from pathlib import (',
      '    Path,',
      '    PurePath,',
      ')',
      'def main():',
      '    import json',
      'import shutil',
    ].join('\n');
    assert.equal(selectionSetup(source, 'x = 1').code, 'import os\nfrom pathlib import (\n    Path,\n    PurePath,\n)\nimport shutil');
    const skipping = selectionSetup(source, 'x = 1', 8, 8);
    assert.equal(skipping.code, 'import os\nfrom pathlib import (\n    Path,\n    PurePath,\n)');
    assert.equal(skipping.importLines, 5);
    assert.deepEqual(skipping.definitions, []);
  });

  it('adds the top-level functions, classes and variables the selection uses, through one another, in file order', () => {
    const source = [
      'import re',
      '',
      'PATTERN = re.compile(r"host-(\\d+)")',
      'UNUSED = open("/etc/passwd")',
      '',
      '',
      '@functools.lru_cache()',
      'def parse(name):',
      '    """Docstring with',
      'an unindented line: def fake(): and PATTERN"""',
      '    return Host(int(PATTERN.match(name).group(1)))',
      '',
      '# a comment at the top level',
      'class Host:',
      '    def __init__(self, number):',
      '        self.number = number',
      '',
      'def unrelated():',
      '    return parse("x")',
      '',
      'if __name__ == "__main__":',
      '    print(parse("host-1"))',
    ].join('\n');
    const setup = selectionSetup(source, 'hosts = [parse(n) for n in names]');
    assert.deepEqual(setup.definitions, ['PATTERN', 'parse', 'Host']);
    assert.equal(
      setup.code,
      [
        'import re',
        'PATTERN = re.compile(r"host-(\\d+)")',
        '@functools.lru_cache()',
        'def parse(name):',
        '    """Docstring with',
        'an unindented line: def fake(): and PATTERN"""',
        '    return Host(int(PATTERN.match(name).group(1)))',
        'class Host:',
        '    def __init__(self, number):',
        '        self.number = number',
      ].join('\n'),
    );
    // A name only mentioned as an attribute (obj.parse) is not the top-level function.
    assert.deepEqual(selectionSetup(source, 'obj.parse(1)').definitions, []);
    // The selected definition itself is not repeated in the setup.
    assert.deepEqual(selectionSetup(source, 'Host(1)', 13, 15).definitions, []);
  });

  it('counts a setup of comments and blank lines as no setup', () => {
    assert.equal(hasCode('# only a comment\n\n   # another\n'), false);
    assert.equal(hasCode('# header\nimport os\n'), true);
  });
});

describe('untitled buffer profiles', () => {
  const run = (copy: string) =>
    buildProfile(
      [
        { name: '<module>', file: copy, line: 1, calls: 1, own: 0.001, cumulative: 0.5 },
        { name: 'busy', file: copy, line: 1, calls: 1, own: 0.3, cumulative: 0.499 },
        { name: 'helper', file: '/work/lib/helper.py', line: 3, calls: 2, own: 0.199, cumulative: 0.199 },
      ],
      [
        { caller: '<module>', callee: 'busy', calls: 1, own: 0.3, cumulative: 0.499 },
        { caller: 'busy', callee: 'helper', calls: 2, own: 0.199, cumulative: 0.199 },
      ],
    );

  it('names the buffer instead of the deleted temporary copy, in paths and ids', () => {
    const copy = '/tmp/pyops-untitled-a1/Untitled-1.py';
    const original = run(copy);
    original.run.script = copy;
    const renamed = renameScriptFile(original, copy, 'untitled:Untitled-1');
    assert.equal(renamed.run.script, 'untitled:Untitled-1');
    const busy = renamed.functions.find((f) => f.name === 'busy')!;
    assert.equal(busy.file, 'untitled:Untitled-1');
    assert.equal(busy.id, 'untitled:Untitled-1:1(busy)');
    assert.deepEqual(
      busy.callers.map((e) => e.id),
      ['untitled:Untitled-1:1(<module>)'],
    );
    // Other files are left alone.
    assert.equal(renamed.functions.find((f) => f.name === 'helper')!.id, '/work/lib/helper.py:3(helper)');
  });

  it('lets two runs of one buffer compare function by function although each ran from another copy', () => {
    const first = renameScriptFile(
      run('/tmp/pyops-untitled-a1/Untitled-1.py'),
      '/tmp/pyops-untitled-a1/Untitled-1.py',
      'untitled:Untitled-1',
    );
    const second = renameScriptFile(
      run('/tmp/pyops-untitled-b2/Untitled-1.py'),
      '/tmp/pyops-untitled-b2/Untitled-1.py',
      'untitled:Untitled-1',
    );
    const statuses = compareProfiles(first, second).functions.map((d) => d.status);
    assert.ok(!statuses.includes('added') && !statuses.includes('removed'), statuses.join(', '));
  });
});
