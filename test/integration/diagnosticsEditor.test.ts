// Diagnostics as the user meets them in the real VS Code: the hover over a finding, the rule
// documentation picker and the language status item.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RULES } from '../../src/core/diagnostics';
import { openFixture, pyopsExtension, waitFor } from './helpers';
import { beforeWithWorkbenchDriver, type WorkbenchDriver } from './workbench';

function previewTab(code: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((tab) => tab.label === `Preview ${code}.md`);
}

async function closePreviews(): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => tab.label.startsWith('Preview OPS'));
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

describe('diagnostics in the editor', function () {
  this.timeout(60_000);

  before(async () => {
    await pyopsExtension().activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('hovers one short line per finding, and its link opens the full rule page', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'import subprocess\n\nsubprocess.run("ls " + folder, shell=True)\n',
    });
    await vscode.window.showTextDocument(document);
    await waitFor('three findings', () =>
      vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'PyOps').length === 3 ? true : undefined,
    );
    const hovers =
      (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(2, 3))) ?? [];
    const ours = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : content.value))
      .find((text) => text.includes('**OPS101**'));
    assert.ok(ours, `a PyOps hover among ${hovers.length}`);
    const lines = ours.split(/\n+/);
    assert.deepEqual(
      lines.map((line) => /^\*\*(OPS\d{3})\*\*/.exec(line)?.[1]),
      ['OPS101', 'OPS102', 'OPS103'],
    );
    assert.ok(ours.length < 900, `the hover is short (${ours.length} characters)`);

    // What a click on the OPS103 line's link runs.
    const link = /\(command:([\w.]+)\?([^ )]+)/.exec(lines[2]!);
    assert.ok(link, lines[2]);
    await closePreviews();
    await vscode.commands.executeCommand(link[1]!, ...(JSON.parse(decodeURIComponent(link[2]!)) as unknown[]));
    await waitFor('the OPS103 page in the Markdown preview', () => previewTab('OPS103'));
    await closePreviews();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  describe('with the workbench driver', () => {
    let driver: WorkbenchDriver;

    beforeWithWorkbenchDriver((found) => (driver = found));

    it('"Show Rule Documentation…" picks a rule by its summary from a list of every rule', async () => {
      await closePreviews();
      const done = vscode.commands.executeCommand('pyops.showRuleDocumentation');
      const rows = await waitFor('the rule list', async () => {
        const labels = await driver.texts('.quick-input-list .monaco-list-row .label-name');
        return labels.length > 5 ? labels : undefined;
      });
      // Each rule shows its code, and its summary below it.
      assert.ok(rows.filter((label) => /^OPS\d{3}$/.test(label.trim())).length >= 5, JSON.stringify(rows));
      assert.ok(
        rows.some((label) => label.includes('can hang the job forever')),
        JSON.stringify(rows),
      );
      await driver.type('communicate');
      await waitFor('OPS102 alone in the list', async () => {
        const labels = await driver.texts('.quick-input-list .monaco-list-row .label-name');
        const codes = labels.filter((label) => /^OPS\d{3}$/.test(label.trim()));
        return codes.length === 1 && codes[0]!.trim() === 'OPS102' ? true : undefined;
      });
      await driver.press('Enter');
      await done;
      await waitFor('the OPS102 page in the Markdown preview', () => previewTab('OPS102'));
      await closePreviews();
    });

    it('the language status item says how many rules run and what configured them', async () => {
      await openFixture('configured/deploy_hook.py');
      await driver.click('.statusbar-item[id="status.languageStatus"]');
      const shown = await waitFor('the PyOps entry in the language status hover', async () => {
        const texts = await driver.texts('.hover-language-status .element');
        const ours = texts.find((text) => text.includes('PyOps:'));
        return ours?.includes('configured by configured/.pyops.yaml') ? ours : undefined;
      });
      // configured/.pyops.yaml ignores one rule (OPS305).
      assert.match(shown, new RegExp(`PyOps: ${RULES.length - 1} of ${RULES.length} rules`));
      await driver.press('Escape');
    });
  });
});
