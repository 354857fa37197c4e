// What the profiling suites share: the profile panels' editor tabs, PyOps's notices, and the facts
// the fixture module opstools/inventory.py writes to $PYOPS_FACTS_FILE when it is profiled.
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './helpers';
import { PROFILE_VIEWER, type WorkbenchDriver } from './workbench';

const PANEL_VIEW_TYPE = 'pyops.profile';
const NOTICES_COMMAND = 'pyops.internal.profileNotices';
/** The rows of the profile panel's table. */
export const PROFILE_ROWS = '.vt-body .vt-row';

/** What opstools/inventory.py saw of its run. */
export interface ModuleFacts {
  name: string;
  spec: string;
  argv: string[];
  cwd: string;
  path0: string;
  stage: string | null;
  region: string | null;
  echo: string | null;
}

export function profilePanelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(PANEL_VIEW_TYPE));
}

export function profilePanelLabels(): string[] {
  return profilePanelTabs().map((tab) => tab.label);
}

export async function closeProfilePanels(): Promise<void> {
  const tabs = profilePanelTabs();
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

/** What a profiling suite leaves behind it: no hints, no profile panel, no editor. */
export async function clearProfilesAndEditors(): Promise<void> {
  await vscode.commands.executeCommand('pyops.clearProfileHints');
  await closeProfilePanels();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Waits for the profile panel titled `label` (e.g. "Profile: deploy.py"). */
export async function waitForProfilePanel(label: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(`the panel "${label}"`, () => (profilePanelLabels().includes(label) ? true : undefined), {
    timeoutMs,
    describeLast: () => profilePanelLabels().join(', '),
  });
}

/** Profiles a fixture with `command` and waits until its panel shows rows (read through the workbench driver). */
export async function profileFixture(
  driver: WorkbenchDriver,
  relativePath: string,
  command = 'pyops.profileFile',
): Promise<vscode.TextEditor> {
  const editor = await openFixture(relativePath);
  await vscode.commands.executeCommand(command);
  await waitForProfilePanel(`Profile: ${relativePath.split('/').pop()!}`);
  await waitFor(
    'rows in the profile panel',
    async () => ((await driver.count(PROFILE_ROWS, PROFILE_VIEWER).catch(() => 0)) > 0 ? true : undefined),
    { timeoutMs: 30_000 },
  );
  return editor;
}

/** The messages PyOps has shown about profile runs, oldest first. */
export async function profileNotices(): Promise<Array<{ severity: string; message: string }>> {
  return (await vscode.commands.executeCommand<Array<{ severity: string; message: string }>>(NOTICES_COMMAND)) ?? [];
}

/** The first notice after the first `skip` notices that matches `pattern`. */
export async function noticeMatching(pattern: RegExp, skip: number): Promise<string> {
  let last: string[] = [];
  return waitFor(
    `a message matching ${pattern}`,
    async () => {
      last = (await profileNotices()).slice(skip).map((n) => n.message);
      return last.find((message) => pattern.test(message));
    },
    { timeoutMs: 60_000, describeLast: () => JSON.stringify(last) },
  );
}

/** Waits for the profiled module to write its facts; `onEachTry` may act meanwhile (e.g. answer a prompt). */
export async function moduleFacts(factsFile: string, onEachTry?: () => PromiseLike<unknown>): Promise<ModuleFacts> {
  return waitFor(
    'the profiled module to write its facts',
    async () => {
      if (existsSync(factsFile)) return JSON.parse(readFileSync(factsFile, 'utf8')) as ModuleFacts;
      await onEachTry?.();
      return undefined;
    },
    { timeoutMs: 60_000, intervalMs: 700 },
  );
}
