// "Profile Test" in the real VS Code with real pytest: the CodeLens above each test of
// tests/test_inventory.py, the command at the cursor, the Testing view's context menu on a
// pytest item of the Python extension's test controller, Rerun, the profile panel with pytest's
// frames folded (and the toggle that shows them), and the messages for runs that test nothing.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { fixtureWorkspace, openFixture, pyopsExtension, waitFor } from './helpers';
import { closeProfilePanels, noticeMatching, profileNotices, waitForProfilePanel } from './profileRuns';
import { PROFILE_VIEWER, workbenchDriver, type WorkbenchDriver } from './workbench';

const TEST_FILE = join(fixtureWorkspace, 'tests', 'test_inventory.py');
const SETTINGS_FILE = join(fixtureWorkspace, '.vscode', 'settings.json');

interface Facts {
  test: string;
  cwd: string;
  stage: string | null;
}

async function testLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.filter((lens) => lens.command?.command === 'pyops.profileTest');
}

/** With the run's panel open: pytest's frames are folded into one row; unticking "Hide pytest frames" lists them. */
async function checkPytestFolding(driver: WorkbenchDriver): Promise<void> {
  const count = async (): Promise<string> => (await driver.texts('.toolbar .count', PROFILE_VIEWER).catch(() => []))[0] ?? '';
  await waitFor('rows in the panel', async () => ((await count()) !== '' ? true : undefined), { timeoutMs: 30_000 });

  // pytest's functions are all folded: a filter on their files finds nothing.
  await driver.click('input.filter', PROFILE_VIEWER);
  await driver.type('/_pytest/');
  let label = '';
  await waitFor('the filtered count', async () => ((label = await count()).startsWith('0 of ') ? true : undefined), {
    describeLast: () => label,
  });
  await driver.press('Escape');
  await driver.click('input.filter', PROFILE_VIEWER);
  await driver.type('<pytest');
  await waitFor('the <pytest> row', async () => ((label = await count()).startsWith('1 of ') ? true : undefined), {
    describeLast: () => label,
  });
  const rows = await driver.texts('.vt-body .vt-row', PROFILE_VIEWER);
  assert.match(rows.join('\n'), /<pytest: \d+ functions of pytest and its helpers>/);
  await driver.press('Escape');

  await driver.click('#hide-pytest', PROFILE_VIEWER);
  await driver.click('input.filter', PROFILE_VIEWER);
  await driver.type('/_pytest/');
  await waitFor(
    'pytest\u2019s own functions listed',
    async () => {
      label = await count();
      const shown = Number(/^(\d+) of /.exec(label)?.[1] ?? 0);
      return shown > 20 ? true : undefined;
    },
    { describeLast: () => label },
  );
  const pytestRows = await driver.texts('.vt-body .vt-row', PROFILE_VIEWER);
  assert.ok(
    pytestRows.some((row) => row.startsWith('pytest_cmdline_main\n')),
    JSON.stringify(pytestRows.slice(0, 5)),
  );
  // Back to the defaults for the next profile.
  await driver.press('Escape');
  await driver.click('#hide-pytest', PROFILE_VIEWER);
  await waitFor('pytest folded again', async () => ((await driver.count('#hide-pytest:checked', PROFILE_VIEWER)) === 1 ? true : undefined));
}

describe('Profile Test (pytest)', function () {
  this.timeout(120_000);
  let scratch: string;
  let factsFile: string;
  let controller: vscode.TestController | undefined;

  before(async () => {
    await pyopsExtension().activate();
    scratch = mkdtempSync(join(tmpdir(), 'pyops-pytest-'));
    factsFile = join(scratch, 'facts.jsonl');
    // python.testing.* belong to the Python extension, which the test VS Code does not have:
    // VS Code reads them from the file all the same, as PyOps does when the user set them.
    assert.ok(!existsSync(SETTINGS_FILE), 'the fixture workspace has no settings.json of its own');
    mkdirSync(join(fixtureWorkspace, '.vscode'), { recursive: true });
    writeFileSync(
      SETTINGS_FILE,
      JSON.stringify({
        'pyops.profile.env': { PYOPS_FACTS_FILE: factsFile },
        // The user's options reach pytest; the paths ("tests") give way to the one test.
        'python.testing.pytestArgs': ['tests', '-p', 'no:cacheprovider'],
      }),
    );
    await waitFor('the workspace settings', () =>
      vscode.workspace.getConfiguration('python.testing').get<string[]>('pytestArgs')?.includes('no:cacheprovider') ? true : undefined,
    );
  });

  after(async () => {
    controller?.dispose();
    rmSync(SETTINGS_FILE, { force: true });
    await vscode.commands.executeCommand('pyops.clearProfileHints');
    await closeProfilePanels();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(scratch, { recursive: true, force: true });
  });

  /** The tests that ran since the facts file was last removed, once `count` of them did. */
  async function testsThatRan(count: number): Promise<Facts[]> {
    return waitFor(
      `${count} test(s) to write their facts`,
      () => {
        if (!existsSync(factsFile)) return undefined;
        const lines = readFileSync(factsFile, 'utf8').split('\n').filter(Boolean);
        return lines.length >= count ? lines.map((line) => JSON.parse(line) as Facts) : undefined;
      },
      { timeoutMs: 60_000 },
    );
  }

  it('puts "Profile Test" above each test and its click runs that one test under pytest, with the workspace\u2019s environment', async () => {
    rmSync(factsFile, { force: true });
    await closeProfilePanels();
    const editor = await openFixture('tests/test_inventory.py');
    const lenses = await waitFor('the Profile Test lenses', async () => {
      const found = await testLenses(editor.document.uri);
      return found.length === 2 ? found : undefined;
    });
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line + 1, (lens.command!.arguments![0] as { nodeId: string }).nodeId]),
      [
        [32, '::test_tally_counts'],
        // Above the decorator of a decorated test.
        [37, '::TestTally::test_whole_cycles'],
      ],
    );
    assert.ok(lenses.every((lens) => lens.command!.title.includes('Profile Test')));

    const first = lenses[0]!.command!;
    await vscode.commands.executeCommand(first.command, ...first.arguments!);
    const ran = await testsThatRan(1);
    assert.deepEqual(ran, [{ test: 'tests/test_inventory.py::test_tally_counts', cwd: fixtureWorkspace, stage: 'from-dotenv' }]);
    await waitForProfilePanel('Profile: test_tally_counts');
    // The panel as the user sees it (only scripts/run-integration.mjs can read the page).
    const driver = workbenchDriver();
    if (driver) await checkPytestFolding(driver);

    // The code under test gets its hints, as after any profile run.
    const inventory = (await openFixture('opstools/inventory.py')).document.uri;
    let titles: string[] = [];
    await waitFor(
      'a hint over tally()',
      async () => {
        const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', inventory)) ?? [];
        titles = all.filter((lens) => lens.command?.command === 'pyops.revealInProfile').map((lens) => lens.command!.title);
        return titles.some((title) => /tally: .*1 call/.test(title)) ? true : undefined;
      },
      { timeoutMs: 30_000, describeLast: () => JSON.stringify(titles) },
    );
  });

  it('profiles the test at the cursor (every parameter of it), and Rerun repeats it', async () => {
    rmSync(factsFile, { force: true });
    const editor = await openFixture('tests/test_inventory.py');
    // Inside the body of test_whole_cycles.
    editor.selection = new vscode.Selection(38, 8, 38, 8);
    await vscode.commands.executeCommand('pyops.profileTest');
    const expected = [
      'tests/test_inventory.py::TestTally::test_whole_cycles[11]',
      'tests/test_inventory.py::TestTally::test_whole_cycles[22]',
    ];
    assert.deepEqual(
      (await testsThatRan(2)).map((facts) => facts.test),
      expected,
    );
    await waitForProfilePanel('Profile: test_whole_cycles');

    rmSync(factsFile, { force: true });
    await vscode.commands.executeCommand('pyops.rerunProfile');
    assert.deepEqual(
      (await testsThatRan(2)).map((facts) => facts.test),
      expected,
      'Rerun runs the same test again',
    );
  });

  it('profiles a pytest item of the Python extension\u2019s Testing view, and names what it cannot profile', async () => {
    rmSync(factsFile, { force: true });
    // The Python extension's controller ("python-tests") makes items whose ids are pytest node ids
    // with an absolute path; the Testing view hands the item to the menu's command.
    controller = vscode.tests.createTestController('python-tests', 'Python');
    const file = controller.createTestItem(TEST_FILE, 'test_inventory.py', vscode.Uri.file(TEST_FILE));
    const klass = controller.createTestItem(`${TEST_FILE}::TestTally`, 'TestTally', vscode.Uri.file(TEST_FILE));
    const folder = controller.createTestItem(join(fixtureWorkspace, 'tests'), 'tests', vscode.Uri.file(join(fixtureWorkspace, 'tests')));
    file.children.add(klass);
    folder.children.add(file);
    controller.items.add(folder);

    await vscode.commands.executeCommand('pyops.profileTestItem', klass);
    assert.deepEqual(
      (await testsThatRan(2)).map((facts) => facts.test),
      ['tests/test_inventory.py::TestTally::test_whole_cycles[11]', 'tests/test_inventory.py::TestTally::test_whole_cycles[22]'],
    );
    await waitForProfilePanel('Profile: TestTally');

    const before = (await profileNotices()).length;
    await vscode.commands.executeCommand('pyops.profileTestItem', folder);
    assert.match(await noticeMatching(/profiles pytest tests/, before), /"tests" is not one/);
  });

  it('says so when pytest finds no such test, and when the interpreter has no pytest', async () => {
    const before = (await profileNotices()).length;
    await vscode.commands.executeCommand('pyops.profileTest', {
      file: vscode.Uri.file(TEST_FILE).toString(),
      nodeId: '::test_renamed_since',
    });
    assert.match(await noticeMatching(/pytest found no test/, before), /test_renamed_since.*exit code 4.*still has this name/);

    // A virtual environment without pytest, as the interpreter of the workspace.
    const venv = join(scratch, 'venv');
    execFileSync('python3', ['-m', 'venv', '--without-pip', venv]);
    const python = vscode.workspace.getConfiguration('pyops.python');
    await python.update('path', join(venv, 'bin', 'python'), vscode.ConfigurationTarget.Workspace);
    try {
      const count = (await profileNotices()).length;
      await vscode.commands.executeCommand('pyops.profileTest', {
        file: vscode.Uri.file(TEST_FILE).toString(),
        nodeId: '::test_tally_counts',
      });
      assert.match(await noticeMatching(/could not profile/, count), /pytest is not installed for the interpreter.*pip install pytest/);
    } finally {
      await python.update('path', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
