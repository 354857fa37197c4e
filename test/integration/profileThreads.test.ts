// A threaded script's profile in the real VS Code: the worker function in the table, every thread
// in the header, and the flame graph drawn from the sampled stacks with a root per thread. The DOM
// is read through the runner's workbench driver (test/integration/workbench.ts).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
import { clearProfilesAndEditors, closeProfilePanels, PROFILE_ROWS, profileFixture } from './profileRuns';
import { beforeWithWorkbenchDriver, PROFILE_VIEWER, type WorkbenchDriver } from './workbench';

async function flameStatus(driver: WorkbenchDriver): Promise<string> {
  return (await driver.texts('.flame-status', PROFILE_VIEWER))[0] ?? '';
}

describe('profile of a threaded script', function () {
  this.timeout(120_000);
  let driver: WorkbenchDriver;

  beforeWithWorkbenchDriver((found) => (driver = found));

  after(clearProfilesAndEditors);

  it('shows a thread pool\u2019s worker function in the table and under the worker threads in the flame graph', async () => {
    await closeProfilePanels();
    // A toast left by an earlier suite would cover the panel's controls.
    await vscode.commands.executeCommand('notifications.clearAll');
    await profileFixture(driver, 'profiling/thread_pool.py');

    // In a narrow column the run details start folded: open them as a user would.
    if ((await driver.count('.thread-table', PROFILE_VIEWER)) === 0) await driver.click('.run-facts > summary', PROFILE_VIEWER);
    const threads = await waitFor('the thread list', async () => {
      const rows = await driver.texts('.thread-table tbody tr', PROFILE_VIEWER);
      return rows.length > 0 ? rows : undefined;
    });
    const workers = threads.filter((row) => row.includes('ThreadPoolExecutor'));
    assert.equal(workers.length, 4, `threads in the header: ${JSON.stringify(threads)}`);

    await driver.click('input.filter', PROFILE_VIEWER);
    await driver.type('deploy_host');
    await waitFor('the count to say one function', async () =>
      ((await driver.texts('.toolbar .count', PROFILE_VIEWER))[0] ?? '').startsWith('1 of ') ? true : undefined,
    );
    const shown = await driver.texts(PROFILE_ROWS, PROFILE_VIEWER);
    assert.equal(shown.length, 1, `rows on screen: ${JSON.stringify(shown)}`);
    assert.match(shown[0]!, /deploy_host/);

    // The flame graph is drawn from sampled stacks: the filter finds the worker function under
    // the worker threads' roots (the status line names them), and the legend says no frame is estimated.
    await driver.click('#tab-flame', PROFILE_VIEWER);
    const status = await waitFor('the flame graph to find deploy_host', async () => {
      const text = await flameStatus(driver);
      return /matching frame/.test(text) ? text : undefined;
    });
    assert.match(status, /in threads ThreadPoolExecutor-0_\d/);
    assert.doesNotMatch(status, /MainThread/);
    const legend = (await driver.texts('.flame-toolbar .legend', PROFILE_VIEWER))[0] ?? '';
    assert.match(legend, /waiting \(off CPU\)/);
    assert.match(legend, /true stacks sampled every 5 ms: every frame ran/);
    const [canvas] = await driver.boxes('canvas.flame-canvas', PROFILE_VIEWER);
    assert.ok(canvas && canvas.height >= 5 * 20, `flame graph ${JSON.stringify(canvas)}: fewer than 5 rows drawn`);

    // Merged, the threads' roots are gone: the matches are no longer named by thread.
    await vscode.commands.executeCommand('notifications.clearAll');
    await driver.click('#flame-merge-threads', PROFILE_VIEWER);
    await waitFor('the merged graph', async () => {
      const text = await flameStatus(driver);
      return /matching frame/.test(text) && !/in thread/.test(text) ? true : undefined;
    });
    await driver.click('#flame-merge-threads', PROFILE_VIEWER);
    await driver.click('#tab-table', PROFILE_VIEWER);
    await driver.click('input.filter', PROFILE_VIEWER);
    await driver.press('Escape');
  });

  it('profiles with the sampler alone from "Profile Current File (Sampling Only)": times from samples, no call counts', async () => {
    await closeProfilePanels();
    await vscode.commands.executeCommand('notifications.clearAll');
    await profileFixture(driver, 'profiling/thread_pool.py', 'pyops.profileFileSamplingOnly');
    if ((await driver.count('.facts', PROFILE_VIEWER)) === 0) await driver.click('.run-facts > summary', PROFILE_VIEWER);
    const facts = await waitFor('the run facts', async () => {
      const found = await driver.texts('.facts .fact', PROFILE_VIEWER);
      return found.length > 0 ? found : undefined;
    });
    assert.ok(
      facts.some((fact) => /Measured by\s*stack sampling every 5 ms \(no call counts\)/.test(fact)),
      `facts: ${JSON.stringify(facts)}`,
    );
    await driver.click('input.filter', PROFILE_VIEWER);
    await driver.type('deploy_host');
    const rows = await waitFor('the deploy_host row', async () => {
      const found = await driver.texts(PROFILE_ROWS, PROFILE_VIEWER);
      return found.length === 1 ? found : undefined;
    });
    assert.match(rows[0]!, /deploy_host/);
    await driver.press('Escape');
  });
});
