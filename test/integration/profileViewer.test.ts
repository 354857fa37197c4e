// The profile panel as the user sees it in the real VS Code: what the filter leaves on screen,
// where the panel opens, and how it fits a narrow column. The DOM is read through the runner's
// workbench driver (test/integration/workbench.ts).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './helpers';
import { clearProfilesAndEditors, closeProfilePanels, PROFILE_ROWS, profileFixture, profilePanelTabs } from './profileRuns';
import { beforeWithWorkbenchDriver, PROFILE_VIEWER, type WorkbenchDriver } from './workbench';

async function countLabel(driver: WorkbenchDriver): Promise<string> {
  return (await driver.texts('.toolbar .count', PROFILE_VIEWER))[0] ?? '';
}

describe('profile panel in the editor', function () {
  this.timeout(120_000);
  let driver: WorkbenchDriver;

  beforeWithWorkbenchDriver((found) => (driver = found));

  after(clearProfilesAndEditors);

  it('shows only the rows that match the filter, and only user code with "Hide library frames"', async () => {
    await closeProfilePanels();
    await profileFixture(driver, 'profiling/hot_loop.py');
    const before = await driver.count(PROFILE_ROWS, PROFILE_VIEWER);
    assert.ok(before > 3, `only ${before} rows before filtering`);

    await driver.click('input.filter', PROFILE_VIEWER);
    await driver.type('crunch');
    await waitFor('the count to say one function', async () => ((await countLabel(driver)).startsWith('1 of ') ? true : undefined), {
      describeLast: () => 'see the count label',
    });
    const shown = await driver.texts(PROFILE_ROWS, PROFILE_VIEWER);
    assert.equal(shown.length, 1, `rows on screen: ${JSON.stringify(shown)}`);
    assert.match(shown[0]!, /crunch/);

    // Clearing the filter brings every row back; hiding library frames leaves the script's own.
    await driver.press('Escape');
    await waitFor('every row back', async () => ((await driver.count(PROFILE_ROWS, PROFILE_VIEWER)) === before ? true : undefined));
    await driver.click('#hide-library', PROFILE_VIEWER);
    const label = await waitFor('the count after hiding library frames', async () => {
      const text = await countLabel(driver);
      return / of /.test(text) ? text : undefined;
    });
    const expected = Number(/^(\d+) of/.exec(label)![1]);
    const rows = await driver.texts(PROFILE_ROWS, PROFILE_VIEWER);
    assert.equal(rows.length, expected, `"${label}" but rows on screen: ${JSON.stringify(rows)}`);
    assert.ok(
      rows.every((row) => !row.includes('<built-in')),
      `a built-in is still shown: ${JSON.stringify(rows)}`,
    );
    await driver.click('#hide-library', PROFILE_VIEWER);
  });

  it('reuses one profile column beside the source, and a CodeLens click never covers the source', async () => {
    await closeProfilePanels();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const fixture of ['profiling/hot_loop.py', 'profiling/fails_midway.py', 'profiling/hot_loop.py']) {
      const editor = await profileFixture(driver, fixture);
      // The editor keeps the focus and stays in view; the panel sits in the other column.
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), `${fixture} keeps the focus`);
      const tabs = profilePanelTabs();
      assert.equal(tabs.length, 1, `one profile panel after ${fixture}: ${tabs.map((t) => t.label).join(', ')}`);
      assert.equal(vscode.window.tabGroups.all.length, 2, `two columns after ${fixture}`);
      assert.notEqual(tabs[0]!.group.viewColumn, editor.viewColumn, 'the panel is beside the source');
      assert.ok(tabs[0]!.isActive, 'the panel is the visible tab of its column');
    }
    assert.equal(profilePanelTabs()[0]!.label, 'Profile: hot_loop.py');

    // The panel moved into the source's column, behind it: a CodeLens click brings it up beside.
    const source = vscode.window.activeTextEditor!;
    const panelTab = profilePanelTabs()[0]!;
    await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
    await vscode.commands.executeCommand('workbench.action.moveEditorToFirstGroup');
    await vscode.window.showTextDocument(source.document, { viewColumn: vscode.ViewColumn.One });
    await waitFor('the panel behind the source', () => {
      const tab = profilePanelTabs()[0];
      return tab && tab.group.viewColumn === vscode.ViewColumn.One && !tab.isActive ? true : undefined;
    });
    assert.ok(panelTab);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', source.document.uri)) ?? [];
    const crunch = lenses.find((lens) => lens.command?.title.includes('crunch'));
    assert.ok(crunch?.command, `a crunch lens among ${lenses.map((l) => l.command?.title).join(' | ')}`);
    await vscode.commands.executeCommand(crunch.command.command, ...(crunch.command.arguments ?? []));
    const shown = await waitFor('the panel beside the source', () => {
      const tab = profilePanelTabs()[0];
      return tab && tab.isActive && tab.group.viewColumn !== vscode.ViewColumn.One ? tab : undefined;
    });
    assert.equal(profilePanelTabs().length, 1);
    assert.ok(shown);
    assert.ok(
      vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === source.document.uri.toString()),
      'the source is still in view',
    );
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), source.document.uri.toString(), 'the source keeps the focus');
    // The row of the function is selected in the panel.
    await waitFor('crunch selected in the table', async () => {
      // The webview is rebuilt after the move: its frame may not be there yet.
      const selected = await driver.texts(`${PROFILE_ROWS}.selected`, PROFILE_VIEWER).catch(() => [] as string[]);
      return selected.some((row) => row.startsWith('crunch')) ? true : undefined;
    });
  });

  it('marks a memory run in the hints and the header, and Compare warns that a plain run differs in mode', async () => {
    await closeProfilePanels();
    await profileFixture(driver, 'profiling/hot_loop.py');
    const editor = await openFixture('profiling/hot_loop.py');
    await vscode.commands.executeCommand('pyops.profileFileWithMemory');
    const uri = editor.document.uri;
    const titles = await waitFor(
      'hints from the memory run',
      async () => {
        const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
        const found = lenses.map((lens) => lens.command?.title ?? '').filter((title) => title.includes('crunch'));
        return found.length > 0 && found.every((title) => title.endsWith('memory run')) ? found : undefined;
      },
      { timeoutMs: 60_000 },
    );
    assert.ok(titles.length > 0);
    await waitFor(
      'the memory run in the panel',
      async () => ((await driver.count('.badge.memory-run', PROFILE_VIEWER).catch(() => 0)) === 1 ? true : undefined),
      {
        timeoutMs: 30_000,
      },
    );

    await vscode.commands.executeCommand('pyops.compareWithPrevious');
    const warnings = await waitFor('the comparison\u2019s warnings', async () => {
      const found = await driver.texts('.compare-warnings li', PROFILE_VIEWER).catch(() => [] as string[]);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0]!, /^This run traced memory and the previous one did not/);
  });

  it('fits a half-width column: run details folded, columns that fit, paths cut at their start, columns hidden and resized', async () => {
    await closeProfilePanels();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    try {
      await driver.resize(1100, 720);
      await profileFixture(driver, 'profiling/hot_loop.py');
      // The editor area without the Output panel below it.
      await vscode.commands.executeCommand('workbench.action.closePanel');
      await waitFor('the panel to take the column\u2019s height', async () =>
        ((await driver.boxes('#root', PROFILE_VIEWER))[0]?.height ?? 0) > 500 ? true : undefined,
      );
      await waitFor('the run details folded to one line', async () =>
        (await driver.count('.run-facts[open]', PROFILE_VIEWER)) === 0 && (await driver.count('.run-facts .gist', PROFILE_VIEWER)) === 1
          ? true
          : undefined,
      );
      const [table] = await driver.boxes('#panel-table .vt-scroll', PROFILE_VIEWER);
      assert.ok(table && table.width < 600, `a narrow table: ${JSON.stringify(table)}`);
      // The table takes at least half of the panel's height (the callers/callees pane is below it).
      const [panel] = await driver.boxes('#root', PROFILE_VIEWER);
      assert.ok(table.height >= panel!.height / 2, `table ${table.height} px of ${panel!.height} px`);
      const headers = async (): Promise<string[]> =>
        (await driver.texts('#panel-table .vt-head', PROFILE_VIEWER)).map((t) => t.replace(/[\u25be\u25b4]/g, '').trim());
      const shown = await headers();
      for (const title of ['Function', 'Cumulative', 'Share']) assert.ok(shown.includes(title), `${title} among ${JSON.stringify(shown)}`);
      assert.ok(!shown.includes('Per call'), `per call left out of a narrow panel: ${JSON.stringify(shown)}`);
      // Nothing is cut off at the right edge.
      for (const cell of await driver.boxes('#panel-table .vt-head', PROFILE_VIEWER))
        assert.ok(cell.x + cell.width <= table.x + table.width + 1, JSON.stringify({ cell, table }));
      // File:Line cells keep the line number in view.
      const locationColumn = shown.indexOf('File:Line');
      if (locationColumn >= 0) {
        const cells = await driver.texts(`#panel-table .vt-row .vt-cell.ellipsis-start`, PROFILE_VIEWER);
        assert.ok(cells.length > 0 && cells.every((text) => /:\d+$/.test(text) || text.startsWith('~')), JSON.stringify(cells));
      }

      // The Columns menu hides and shows a column.
      await driver.click('.column-menu summary', PROFILE_VIEWER);
      await driver.click('#column-share', PROFILE_VIEWER);
      await waitFor('Share hidden', async () => (!(await headers()).includes('Share') ? true : undefined));
      await driver.click('#column-share', PROFILE_VIEWER);
      await waitFor('Share back', async () => ((await headers()).includes('Share') ? true : undefined));
      await driver.click('.column-menu summary', PROFILE_VIEWER);

      // Dragging a header's edge resizes its column.
      const nameHeader = '#panel-table .vt-head:first-child';
      const [before] = await driver.boxes(nameHeader, PROFILE_VIEWER);
      await driver.drag(`${nameHeader} .vt-resize`, 40, PROFILE_VIEWER);
      const after = await waitFor('the Function column wider', async () => {
        const [box] = await driver.boxes(nameHeader, PROFILE_VIEWER);
        return box && box.width > before!.width + 30 ? box : undefined;
      });
      assert.ok(after.width < before!.width + 50, `${before!.width} -> ${after.width}`);
    } finally {
      await driver.resize(1280, 720);
      await closeProfilePanels();
    }
  });
});
