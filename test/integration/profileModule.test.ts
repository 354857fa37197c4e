// "PyOps: Profile Module…" in the real VS Code: runs `python -m opstools.inventory` from the
// fixture workspace with real Python, with the environment the user set up (the workspace's
// .env, read as python.envFile, and pyops.profile.env), then shows the profile and its hints.

import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { fixtureWorkspace, openFixture, pyopsExtension, waitFor, withWorkspaceSettings } from './helpers';
import { moduleFacts, type ModuleFacts, waitForProfilePanel } from './profileRuns';

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.filter((lens) => lens.command?.command === 'pyops.revealInProfile').map((lens) => lens.command!.title);
}

describe('Profile Module…', function () {
  this.timeout(120_000);
  let scratch: string;
  let factsFile: string;
  let restoreSettings: () => Promise<void>;

  before(async () => {
    await pyopsExtension().activate();
    scratch = mkdtempSync(join(tmpdir(), 'pyops-module-'));
    factsFile = join(scratch, 'facts.json');
    restoreSettings = await withWorkspaceSettings('pyops.profile', { env: { PYOPS_FACTS_FILE: factsFile } });
  });

  after(async () => {
    await restoreSettings();
    await vscode.commands.executeCommand('pyops.clearProfileHints');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(scratch, { recursive: true, force: true });
  });

  const facts = (): Promise<ModuleFacts> => moduleFacts(factsFile);

  it('proposes the open file\u2019s module, runs it as python -m with the workspace\u2019s .env, and shows its profile and hints', async () => {
    rmSync(factsFile, { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await openFixture('opstools/inventory.py');
    // The input box opens with "opstools.inventory" (the open file as a module): accept it.
    const command = vscode.commands.executeCommand('pyops.profileModule');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await command;

    const seen = await facts();
    assert.equal(seen.name, '__main__');
    assert.equal(seen.spec, 'opstools.inventory');
    assert.equal(seen.cwd, fixtureWorkspace);
    assert.equal(seen.path0, fixtureWorkspace, 'python -m puts the working directory first on sys.path');
    assert.deepEqual(seen.argv, [join(fixtureWorkspace, 'opstools', 'inventory.py')]);
    // From the workspace's .env (python.envFile's default), with its ${...} reference resolved.
    assert.equal(seen.stage, 'from-dotenv');
    assert.equal(seen.region, 'eu-from-dotenv');

    await waitForProfilePanel('Profile: opstools.inventory', 30_000);
    let titles: string[] = [];
    await waitFor(
      'a hint over tally()',
      async () => {
        titles = await lensTitles(editor.document.uri);
        return titles.some((title) => /tally: .*3 calls/.test(title)) ? true : undefined;
      },
      { timeoutMs: 30_000, describeLast: () => JSON.stringify(titles) },
    );
  });

  it('takes the module and its arguments from a keybinding\u2019s args, and reruns them', async () => {
    rmSync(factsFile, { force: true });
    await vscode.commands.executeCommand('pyops.profileModule', { module: 'opstools.inventory', args: ['--hosts', 'eu west'] });
    const seen = await facts();
    assert.deepEqual(seen.argv.slice(1), ['--hosts', 'eu west']);

    rmSync(factsFile, { force: true });
    await vscode.commands.executeCommand('pyops.rerunProfile');
    assert.deepEqual((await facts()).argv.slice(1), ['--hosts', 'eu west'], 'Rerun repeats the module with its arguments');
  });
});
