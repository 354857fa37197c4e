// Profiling in the real VS Code host: the command runs a fixture under cProfile, the panel opens,
// CodeLens hints appear over the profiled functions and go away on edit / "Clear Profile Hints";
// a script that raises gets a diagnostic at the raising line. Real Python (python3 on PATH).

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { fixtureWorkspace, openFixture, pyopsExtension, waitFor } from './helpers';
import { clearProfilesAndEditors, closeProfilePanels, profilePanelTabs } from './profileRuns';

const RENDER_REPORTS_COMMAND = 'pyops.internal.profileViewerRenders';

interface RenderReport {
  title: string;
  view: 'profile' | 'comparison';
  functionCount: number;
  milliseconds: number;
}

async function renderReports(): Promise<RenderReport[]> {
  return (await vscode.commands.executeCommand<RenderReport[]>(RENDER_REPORTS_COMMAND)) ?? [];
}

async function lensTitles(uri: vscode.Uri): Promise<Array<{ line: number; title: string }>> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses
    .filter((lens) => lens.command?.command === 'pyops.revealInProfile')
    .map((lens) => ({ line: lens.range.start.line, title: lens.command!.title }));
}

function lineOf(document: vscode.TextDocument, text: string): number {
  for (let i = 0; i < document.lineCount; i++) if (document.lineAt(i).text.startsWith(text)) return i;
  throw new Error(`"${text}" not found in ${document.uri.fsPath}`);
}

/** "… 45.6 % …" -> 0.456 */
function shareIn(title: string): number {
  const match = /([\d.]+) %/.exec(title);
  return match ? Number(match[1]) / 100 : title.includes('<0.1 %') ? 0 : Number.NaN;
}

describe('profiling', function () {
  // Real Python runs; the first run also warms up the interpreter.
  this.timeout(90_000);

  before(async () => {
    await pyopsExtension().activate();
  });

  after(clearProfilesAndEditors);

  it('profiles the current file: the panel opens and CodeLens hints show the hot function', async () => {
    await closeProfilePanels();
    const editor = await openFixture('profiling/hot_loop.py');
    const document = editor.document;
    await vscode.commands.executeCommand('pyops.profileFile');

    const tab = await waitFor('the profile panel to open', () => profilePanelTabs()[0], {
      timeoutMs: 60_000,
      describeLast: () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)).join(', '),
    });
    assert.equal(tab.label, 'Profile: hot_loop.py');
    // The viewer's script ran in the webview and drew the table (it reports back when painted).
    const rendered = await waitFor(
      'the viewer to render the profile',
      async () => (await renderReports()).find((r) => r.title === 'hot_loop.py' && r.view === 'profile'),
      {
        timeoutMs: 30_000,
      },
    );
    assert.ok(rendered.functionCount > 3, `only ${rendered.functionCount} functions rendered`);

    let last: Array<{ line: number; title: string }> = [];
    const lenses = await waitFor(
      'CodeLens hints over the profiled functions',
      async () => {
        last = await lensTitles(document.uri);
        return last.some((l) => l.title.includes('crunch')) ? last : undefined;
      },
      { timeoutMs: 30_000, describeLast: () => JSON.stringify(last) },
    );
    const crunch = lenses.find((l) => l.title.includes('crunch'))!;
    const light = lenses.find((l) => l.title.includes('light'))!;
    const main = lenses.find((l) => l.title.includes(' main:'))!;
    assert.equal(crunch.line, lineOf(document, 'def crunch'), 'the hint sits on the def line');
    assert.equal(light.line, lineOf(document, 'def light'));
    assert.equal(main.line, lineOf(document, 'def main'));
    assert.match(crunch.title, /4 calls/);
    assert.match(light.title, /1 call\b/);
    // crunch does almost all of main's work; light almost none.
    assert.ok(shareIn(crunch.title) > 0.5, crunch.title);
    assert.ok(shareIn(crunch.title) > shareIn(light.title), `${crunch.title} vs ${light.title}`);
    assert.ok(shareIn(main.title) >= shareIn(crunch.title), `${main.title} vs ${crunch.title}`);
  });

  it('clears a file\u2019s hints when it is edited, and all hints on "Clear Profile Hints"', async () => {
    const editor = await openFixture('profiling/hot_loop.py');
    const uri = editor.document.uri;
    if ((await lensTitles(uri)).length === 0) {
      await vscode.commands.executeCommand('pyops.profileFile');
      await waitFor('hints after a new run', async () => ((await lensTitles(uri)).length > 0 ? true : undefined), { timeoutMs: 60_000 });
    }

    const edited = await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), '# edited\n'));
    assert.ok(edited);
    try {
      await waitFor('hints to clear after an edit', async () => ((await lensTitles(uri)).length === 0 ? true : undefined));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(editor.document.isDirty, false, 'the fixture was restored');

    await vscode.commands.executeCommand('pyops.profileFile');
    await waitFor('hints after profiling again', async () => ((await lensTitles(uri)).length > 0 ? true : undefined), {
      timeoutMs: 60_000,
    });
    await vscode.commands.executeCommand('pyops.clearProfileHints');
    await waitFor('hints to clear on the command', async () => ((await lensTitles(uri)).length === 0 ? true : undefined));
  });

  it('reruns the last profile and compares it with the previous run', async () => {
    await openFixture('profiling/hot_loop.py');
    await closeProfilePanels();
    const drawnBefore = (await renderReports()).filter((r) => r.view === 'profile' && r.title === 'hot_loop.py').length;
    await vscode.commands.executeCommand('pyops.rerunProfile');
    // The rerun's panel has drawn its profile: its webview is up and takes the comparison at once.
    // (Each step waits for what it needs, not for a time: a loaded machine only makes them slower.)
    await waitFor(
      'the rerun\u2019s profile to be drawn',
      async () =>
        (await renderReports()).filter((r) => r.view === 'profile' && r.title === 'hot_loop.py').length > drawnBefore ? true : undefined,
      { timeoutMs: 60_000 },
    );
    assert.ok(
      profilePanelTabs().some((t) => t.label === 'Profile: hot_loop.py'),
      'the rerun opens its panel',
    );

    const comparisonsBefore = (await renderReports()).filter((r) => r.view === 'comparison').length;
    await vscode.commands.executeCommand('pyops.compareWithPrevious');
    const shown = await waitFor(
      'the comparison to be drawn',
      async () => {
        const comparisons = (await renderReports()).filter((r) => r.view === 'comparison');
        return comparisons.length > comparisonsBefore ? comparisons[comparisons.length - 1] : undefined;
      },
      { timeoutMs: 60_000 },
    );
    assert.equal(shown.title, 'hot_loop.py');
    // Same script twice: the same functions on both sides.
    assert.ok(shown.functionCount >= 3, `the comparison lists ${shown.functionCount} functions`);
  });

  it('opens a .prof file written by python -m cProfile in the viewer', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pyops-prof-'));
    try {
      const prof = join(folder, 'hot loop run.prof');
      execFileSync('python3', ['-m', 'cProfile', '-o', prof, join(fixtureWorkspace, 'profiling', 'hot_loop.py')], { stdio: 'ignore' });
      await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(prof), 'pyops.profileViewer');
      const rendered = await waitFor(
        'the .prof file to render',
        async () => (await renderReports()).find((r) => r.title === 'hot loop run.prof'),
        {
          timeoutMs: 30_000,
        },
      );
      assert.ok(rendered.functionCount > 3, `only ${rendered.functionCount} functions`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('profiles an untitled buffer through a temporary copy that is removed afterwards', async () => {
    await closeProfilePanels();
    const document = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'def busy():\n    return sum(i * i for i in range(200_000))\n\n\nbusy()\n',
    });
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('pyops.profileFile');

    const tab = await waitFor('the untitled buffer\u2019s panel', () => profilePanelTabs()[0], { timeoutMs: 60_000 });
    assert.equal(tab.label, `Profile: ${document.uri.path}`);
    const lenses = await waitFor('hints in the untitled buffer', async () => {
      const found = await lensTitles(document.uri);
      return found.some((l) => l.title.includes('busy')) ? found : undefined;
    });
    assert.equal(lenses.find((l) => l.title.includes('busy'))!.line, 0);
    // The copy lives in <tmp>/pyops-untitled-XXXXXX/ for the run only.
    const leftovers = readdirSync(tmpdir()).filter((name) => name.startsWith('pyops-untitled-') && existsSync(join(tmpdir(), name)));
    assert.deepEqual(leftovers, []);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('still shows the profile of a script that raises, with the raising line as a diagnostic', async () => {
    await closeProfilePanels();
    const editor = await openFixture('profiling/fails_midway.py');
    const document = editor.document;
    await vscode.commands.executeCommand('pyops.profileFile');

    const tab = await waitFor('the profile panel of the failing script', () => profilePanelTabs()[0], { timeoutMs: 60_000 });
    assert.equal(tab.label, 'Profile: fails_midway.py');
    const diagnostic = await waitFor('the traceback diagnostic', () =>
      vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'PyOps profile'),
    );
    assert.equal(diagnostic.range.start.line, lineOf(document, '    with open(path'));
    assert.match(diagnostic.message, /FileNotFoundError/);
    const related = (diagnostic.relatedInformation ?? []).map((info) => info.location.range.start.line);
    assert.ok(related.includes(lineOf(document, '    return read_config(')), `related frames: ${related.join(', ')}`);

    await vscode.commands.executeCommand('pyops.clearProfileHints');
    await waitFor('the diagnostic to clear', () =>
      vscode.languages.getDiagnostics(document.uri).some((d) => d.source === 'PyOps profile') ? undefined : true,
    );
  });
});
