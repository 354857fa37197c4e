// "Profile Module…": the module a file is, and the input "package.module args" (pure parts).
import assert from 'node:assert/strict';
import { isModuleName, moduleNameFor, suggestModuleName } from '../../../../src/core/targets/moduleName';
import { moduleRequestArgument, parseModuleInput } from '../../../../src/extension/profiling/targets/moduleInput';

describe('module names (python -m)', () => {
  it('accepts dotted identifiers only', () => {
    for (const name of ['deploy', 'tools.deploy', '_private.mod', 'pkg2.sub_3', 'données.tâche']) assert.ok(isModuleName(name), name);
    for (const name of ['', 'tools/deploy', 'deploy.py.', '.relative', 'tools..deploy', '2fast', 'a-b'])
      assert.ok(!isModuleName(name), name);
  });

  it('suggests the module a path means', () => {
    assert.equal(suggestModuleName('tools/deploy.py'), 'tools.deploy');
    assert.equal(suggestModuleName('tools\\deploy'), 'tools.deploy');
    assert.equal(suggestModuleName('a-b'), undefined);
  });

  it('names the module of a file (or package folder) run from a folder', () => {
    assert.equal(moduleNameFor('/w/ops/tools/deploy/cli.py', '/w/ops'), 'tools.deploy.cli');
    assert.equal(moduleNameFor('/w/ops/tools/deploy/__main__.py', '/w/ops/'), 'tools.deploy');
    assert.equal(moduleNameFor('/w/ops/tools/__init__.py', '/w/ops'), 'tools');
    assert.equal(moduleNameFor('/w/ops/tools/deploy', '/w/ops'), 'tools.deploy');
    assert.equal(moduleNameFor('C:\\w\\ops\\jobs\\backup.py', 'C:\\w\\ops'), 'jobs.backup');
    assert.equal(moduleNameFor('/w/ops/my-scripts/run.py', '/w/ops'), undefined, 'a folder name that is no identifier');
    assert.equal(moduleNameFor('/elsewhere/run.py', '/w/ops'), undefined);
    assert.equal(moduleNameFor('/w/ops', '/w/ops'), undefined);
  });
});

describe('Profile Module… input', () => {
  it('splits "module args" like a shell line, without a shell', () => {
    assert.deepEqual(parseModuleInput('tools.deploy --env "eu west" $HOME'), {
      module: 'tools.deploy',
      args: ['--env', 'eu west', '$HOME'],
    });
    assert.deepEqual(parseModuleInput('  tools  '), { module: 'tools', args: [] });
  });

  it('explains what is wrong with the text', () => {
    assert.match((parseModuleInput('') as { error: string }).error, /Type a module name/);
    assert.match((parseModuleInput('tools/deploy.py --x') as { error: string }).error, /did you mean tools\.deploy/);
    assert.match((parseModuleInput('tools "open') as { error: string }).error, /quote/);
  });

  it('reads a keybinding\u2019s { module, args } and ignores what a menu passes', () => {
    assert.deepEqual(moduleRequestArgument({ module: 'tools.deploy', args: ['--dry-run'] }), {
      module: 'tools.deploy',
      args: ['--dry-run'],
    });
    assert.deepEqual(moduleRequestArgument({ module: ' tools ' }), { module: 'tools', args: [] });
    assert.match((moduleRequestArgument({ module: 3 }) as { error: string }).error, /must be a module name/);
    assert.match((moduleRequestArgument({ module: 'x', args: '--a' }) as { error: string }).error, /list of strings/);
    assert.equal(moduleRequestArgument('file:///w/x.py'), undefined);
    assert.equal(moduleRequestArgument(undefined), undefined);
  });
});
