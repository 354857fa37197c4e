// Launch configurations as PyOps profiles them (pure parts): which can be profiled, the variables
// checked before VS Code resolves them, and the run a resolved configuration describes.
import assert from 'node:assert/strict';
import { dirname, isAbsolute, join } from 'node:path';
import {
  checkVariables,
  isProfilableLaunch,
  planLaunch,
  variablesIn,
  withInterpreterCommand,
  type LaunchPlan,
  type LaunchProblem,
  type VariableFacts,
} from '../../../../src/extension/profiling/targets/launchConfig';

const facts: VariableFacts = {
  inputIds: new Set(['stage']),
  commandExists: (id) => id === 'extension.pickHost',
  settingExists: (name) => name === 'deploy.region',
  workspaceFolderNames: ['ops', 'web'],
  activeFile: { path: '/w/ops/deploy.py', python: true },
};

function plan(
  config: Record<string, unknown>,
  folder: { workspaceFolder?: string; defaultEnvFile?: string } = { workspaceFolder: '/w/ops', defaultEnvFile: '/w/ops/.env' },
): LaunchPlan {
  const { workspaceFolder, defaultEnvFile } = folder;
  const result = planLaunch(config, { name: String(config.name ?? 'Deploy'), workspaceFolder, defaultEnvFile, isAbsolute, join, dirname });
  if ('problems' in result) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.plan;
}

function problems(config: Record<string, unknown>): LaunchProblem[] {
  const result = planLaunch(config, { name: 'Deploy', workspaceFolder: '/w/ops', defaultEnvFile: undefined, isAbsolute, join, dirname });
  return 'problems' in result ? result.problems : [];
}

describe('launch configurations: which can be profiled', () => {
  it('takes Python launch configurations with a program, module or code', () => {
    assert.ok(isProfilableLaunch({ name: 'a', type: 'debugpy', request: 'launch', program: '${file}' }));
    assert.ok(isProfilableLaunch({ name: 'b', type: 'python', request: 'launch', module: 'tools.deploy' }));
    assert.ok(isProfilableLaunch({ name: 'c', type: 'pyops-profile', request: 'launch', program: 'x.py' }));
  });

  it('leaves out attach, other debuggers, test templates and configurations without a target', () => {
    assert.ok(!isProfilableLaunch({ name: 'a', type: 'debugpy', request: 'attach', connect: { port: 5678 } }));
    assert.ok(!isProfilableLaunch({ name: 'b', type: 'node', request: 'launch', program: 'x.js' }));
    assert.ok(!isProfilableLaunch({ name: 'c', type: 'debugpy', request: 'launch', purpose: ['debug-test'], program: 'x.py' }));
    assert.ok(!isProfilableLaunch({ name: 'd', type: 'debugpy', request: 'launch' }));
    assert.ok(!isProfilableLaunch({ type: 'debugpy', request: 'launch', program: 'x.py' }));
    assert.ok(!isProfilableLaunch('debugpy'));
  });
});

describe('launch configurations: variables before VS Code resolves them', () => {
  const config = {
    name: 'Deploy',
    program: '${file}',
    args: ['--stage', '${input:stage}', '--host', '${command:extension.pickHost}', '${input:missing}'],
    env: { REGION: '${config:deploy.region}', OTHER: '${config:nope.setting}', HOME_DIR: '${env:HOME}' },
    cwd: '${workspaceFolder:web}/src',
    python: '${command:python.interpreterPath}',
  };

  it('finds every variable with the field it is in', () => {
    assert.deepEqual(
      variablesIn(config).map((v) => `${v.field}=${v.variable}`),
      [
        'program=file',
        'args[1]=input:stage',
        'args[3]=command:extension.pickHost',
        'args[4]=input:missing',
        'env.REGION=config:deploy.region',
        'env.OTHER=config:nope.setting',
        'env.HOME_DIR=env:HOME',
        'cwd=workspaceFolder:web',
        'python=command:python.interpreterPath',
      ],
    );
  });

  it('reports an undefined input, a missing setting, and lets the rest through (python.interpreterPath included)', () => {
    const found = checkVariables('Deploy', config, facts).map((p) => `${p.message} ${p.fix}`);
    assert.equal(found.length, 2, found.join('\n'));
    assert.match(
      found[0]!,
      /"Deploy" uses \$\{input:missing\} in "args\[4\]", but no entry of "inputs" .* id "missing"\. Add an input with "id": "missing"/,
    );
    assert.match(found[1]!, /\$\{config:nope\.setting\} in "env\.OTHER", but the setting "nope\.setting" is not set/);
  });

  it('reports a command nobody provides, an unknown folder name, and ${file} without a (Python) editor', () => {
    const unknown = { name: 'X', program: '${file}', args: ['${command:missing.command}'], cwd: '${workspaceFolder:nowhere}' };
    const found = checkVariables('X', unknown, { ...facts, activeFile: undefined }).map((p) => p.message);
    assert.equal(found.length, 3, found.join('\n'));
    assert.match(found[0]!, /\$\{file\} in "program", which is the file of the active editor, and no editor is active/);
    assert.match(found[1]!, /no installed extension provides the command "missing\.command"/);
    assert.match(found[2]!, /no open workspace folder is named "nowhere"/);
    const inLaunchJson = checkVariables(
      'X',
      { name: 'X', program: '${file}' },
      { ...facts, activeFile: { path: '/w/.vscode/launch.json', python: false } },
    );
    assert.match(inLaunchJson[0]!.message, /which is \/w\/\.vscode\/launch\.json: not a Python file/);
  });

  it('puts an interpreter where ${command:python.interpreterPath} stands when no Python extension answers it', () => {
    assert.deepEqual(
      withInterpreterCommand(
        { python: '${command:python.interpreterPath}', args: ['${command:python.interpreterPath} -V'] },
        '/usr/bin/python3',
      ),
      {
        python: '/usr/bin/python3',
        args: ['/usr/bin/python3 -V'],
      },
    );
  });
});

describe('launch configurations: the run a resolved configuration describes', () => {
  it('uses the Python Debugger\u2019s defaults: cwd the workspace folder, envFile python.envFile, the selected interpreter', () => {
    assert.deepEqual(plan({ name: 'Deploy', program: 'bin/deploy.py', args: ['--dry-run'] }), {
      program: '/w/ops/bin/deploy.py',
      args: ['--dry-run'],
      cwd: '/w/ops',
      env: {},
      envFile: { path: '/w/ops/.env', explicit: false },
      pythonArgs: [],
      memory: false,
      notes: [],
    });
  });

  it('resolves program against cwd, cwd and envFile against the workspace folder', () => {
    const planned = plan({
      name: 'Deploy',
      program: 'deploy.py',
      cwd: 'bin',
      envFile: 'config/prod.env',
      env: { N: 3, T: true, GONE: null },
    });
    assert.equal(planned.cwd, '/w/ops/bin');
    assert.equal(planned.program, '/w/ops/bin/deploy.py');
    assert.deepEqual(planned.envFile, { path: '/w/ops/config/prod.env', explicit: true });
    assert.deepEqual(planned.env, { N: '3', T: 'true', GONE: null });
  });

  it('runs a module, takes python as a path or [path, ...options] with pythonArgs, and "memory"', () => {
    const planned = plan({
      name: 'M',
      module: ' tools.deploy ',
      python: ['/venv/bin/python', '-X', 'dev'],
      pythonArgs: ['-W', 'error'],
      memory: true,
    });
    assert.equal(planned.module, 'tools.deploy');
    assert.equal(planned.program, undefined);
    assert.equal(planned.python, '/venv/bin/python');
    assert.deepEqual(planned.pythonArgs, ['-X', 'dev', '-W', 'error']);
    assert.equal(planned.memory, true);
    assert.equal(
      plan({ name: 'L', program: '/x.py', pythonPath: '/old/python' }).python,
      '/old/python',
      'the deprecated pythonPath still counts',
    );
  });

  it('splits a string "args" like a shell line without a shell, and says so when it looks like shell syntax', () => {
    const planned = plan({ name: 'S', program: '/x.py', args: '--host "eu west" $HOME' });
    assert.deepEqual(planned.args, ['--host', 'eu west', '$HOME']);
    assert.match(planned.notes[0]!, /without running a shell/);
    assert.deepEqual(plan({ name: 'S', program: '/x.py', args: '--a b' }).notes, []);
  });

  it('without a workspace folder, runs in the program\u2019s folder and reads no default env file', () => {
    const planned = plan({ name: 'Lone', program: '/tmp/jobs/run.py' }, {});
    assert.equal(planned.cwd, '/tmp/jobs');
    assert.equal(planned.envFile, undefined);
  });

  it('names what cannot run: code, program and module together, a bad module name, a variable VS Code left as written, bad field types', () => {
    assert.match(problems({ code: 'print(1)' })[0]!.message, /runs "code".*cannot profile/);
    assert.match(problems({ program: 'a.py', module: 'b' })[0]!.message, /sets both "program" and "module"/);
    assert.match(problems({ module: 'tools/deploy.py' })[0]!.message, /not a module name \(did you mean tools\.deploy\?\)/);
    const leftover = problems({ program: '${workspaceRot}/x.py' });
    assert.match(leftover[0]!.message, /\$\{workspaceRot\} in "program" is not a variable VS Code knows/);
    assert.match(problems({ program: 'x.py', env: ['A=1'] })[0]!.message, /"env" must be an object/);
    assert.match(problems({ program: 'x.py', args: 3 })[0]!.message, /"args" must be a list of strings/);
    assert.match(problems({ program: 'x.py', python: 3 })[0]!.message, /"python" must be the path of an interpreter/);
    assert.match(problems({ program: 'x.py', args: '--name "open' })[0]!.message, /cannot be split into arguments/);
  });
});
