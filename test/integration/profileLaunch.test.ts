// "PyOps: Profile Launch Configuration…", the launch.json CodeLens and the pyops-profile debug
// type in the real VS Code, on the fixture workspace's .vscode/launch.json, with real Python:
// VS Code resolves the variables (an ${input:...} prompt included), PyOps applies the Python
// Debugger's rules for env, envFile, cwd and PYTHONPATH, and failing configurations are named.

import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { fixtureWorkspace, pyopsExtension, waitFor } from './helpers';
import { moduleFacts, type ModuleFacts, noticeMatching, profileNotices, profilePanelLabels, waitForProfilePanel } from './profileRuns';

describe('Profile Launch Configuration…', function () {
  this.timeout(120_000);
  let scratch: string;
  let factsFile: string;
  const previousFacts = process.env.PYOPS_FACTS_FILE;

  before(async () => {
    await pyopsExtension().activate();
    scratch = mkdtempSync(join(tmpdir(), 'pyops-launch-'));
    factsFile = join(scratch, 'facts.json');
    // The extension host's environment reaches every profiled script (the launch configurations
    // add to it): the fixture writes what it saw there.
    process.env.PYOPS_FACTS_FILE = factsFile;
  });

  after(async () => {
    if (previousFacts === undefined) delete process.env.PYOPS_FACTS_FILE;
    else process.env.PYOPS_FACTS_FILE = previousFacts;
    await vscode.commands.executeCommand('pyops.clearProfileHints');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(scratch, { recursive: true, force: true });
  });

  async function facts(accepting: boolean): Promise<ModuleFacts> {
    // A quick pick or an ${input:...} prompt may be open: take its first item / default.
    const accept = () => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    return moduleFacts(factsFile, accepting ? accept : undefined);
  }

  it('lists the Python launch configurations, resolves their variables as VS Code does and runs the module with their env, envFile and cwd', async () => {
    rmSync(factsFile, { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The picker lists "Inventory (module)" first; its ${input:hostGroup} prompt offers "eu-west".
    const command = vscode.commands.executeCommand('pyops.profileLaunchConfiguration');
    const seen = await facts(true);
    await command;

    assert.equal(seen.name, '__main__');
    assert.equal(seen.spec, 'opstools.inventory');
    const cwd = join(fixtureWorkspace, 'opstools');
    assert.equal(seen.cwd, cwd, '"cwd" with ${workspaceFolder}');
    assert.equal(seen.path0, cwd, 'python -m: the working directory first on sys.path');
    assert.deepEqual(seen.argv.slice(1), ['--hosts', 'eu-west', '--home', homedir(), '--folder', basename(fixtureWorkspace)]);
    // "envFile" replaces python.envFile (the workspace's .env says from-dotenv); "env" wins over it;
    // the file's ${...} see the configuration's env, as in the Python Debugger.
    assert.equal(seen.stage, 'from-launch-envfile');
    assert.equal(seen.region, 'from-launch-env');
    assert.equal(seen.echo, 'from-config');

    await waitForProfilePanel('Profile: Inventory (module)', 30_000);
  });

  it('puts "Profile with PyOps" above each Python launch configuration in launch.json, and its click profiles that one', async () => {
    const launchJson = vscode.Uri.file(join(fixtureWorkspace, '.vscode', 'launch.json'));
    await vscode.window.showTextDocument(launchJson);
    const lenses = await waitFor('the launch.json lenses', async () => {
      const found = ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', launchJson)) ?? []).filter(
        (lens) => lens.command?.command === 'pyops.profileLaunchConfiguration',
      );
      return found.length > 0 ? found : undefined;
    });
    const names = lenses.map((lens) => (lens.command!.arguments![0] as { name: string }).name);
    assert.deepEqual(names, [
      'Inventory (module)',
      'Hot loop (program)',
      'Missing program',
      'Bad interpreter',
      'Undefined input',
      'Unknown variable',
    ]);
    assert.ok(lenses.every((lens) => lens.command!.title.includes('Profile with PyOps')));

    const hotLoop = lenses[1]!.command!;
    await vscode.commands.executeCommand(hotLoop.command, ...hotLoop.arguments!);
    await waitForProfilePanel('Profile: Hot loop (program)');
  });

  it('profiles a pyops-profile configuration started like F5 or the Run and Debug view, and reruns it', async () => {
    rmSync(factsFile, { force: true });
    const folder = vscode.workspace.workspaceFolders![0];
    const started = await vscode.debug.startDebugging(folder, {
      type: 'pyops-profile',
      request: 'launch',
      name: 'Profile: inventory from the Run view',
      module: 'opstools.inventory',
      args: ['--from', '${workspaceFolderBasename}'],
    });
    assert.equal(started, false, 'no debug session: the profile runs instead');
    const seen = await facts(false);
    assert.deepEqual(seen.argv.slice(1), ['--from', basename(fixtureWorkspace)]);
    // No envFile: python.envFile, i.e. the workspace's .env.
    assert.equal(seen.stage, 'from-dotenv');
    assert.equal(vscode.debug.activeDebugSession, undefined);

    rmSync(factsFile, { force: true });
    await waitForProfilePanel('Profile: Profile: inventory from the Run view', 30_000);
    await vscode.commands.executeCommand('pyops.rerunProfile');
    assert.deepEqual((await facts(false)).argv.slice(1), ['--from', basename(fixtureWorkspace)], 'Rerun resolves and runs it again');
  });

  it('names the cause and the fix of a failing configuration: missing program, bad interpreter, undefined input, unknown variable', async () => {
    const cases: Array<[string, RegExp]> = [
      [
        'Missing program',
        /"Missing program" runs the program .*profiling\/not_there\.py .*which does not exist\. Fix "program" in launch\.json/,
      ],
      [
        'Bad interpreter',
        /"\/nonexistent\/bin\/python3" was not found\. It is the "python" of the launch configuration: fix the path in launch\.json/,
      ],
      [
        'Undefined input',
        /"Undefined input" uses \$\{input:notDefined\} in "args\[0\]", but no entry of "inputs" in its launch\.json has the id "notDefined"\. Add an input/,
      ],
      ['Unknown variable', /\$\{workspaceRot\} in "args\[0\]" is not a variable VS Code knows/],
    ];
    for (const [name, pattern] of cases) {
      const before = (await profileNotices()).length;
      // Not awaited: the error notification stays open until dismissed.
      void vscode.commands.executeCommand('pyops.profileLaunchConfiguration', name);
      await noticeMatching(pattern, before);
    }
    assert.equal(
      profilePanelLabels().filter((label) => /Missing program|Bad interpreter|Undefined input|Unknown variable/.test(label)).length,
      0,
      'no profile for a failing configuration',
    );
  });
});
