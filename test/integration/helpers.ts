// Shared by the integration tests: finding the extension and the fixture workspace, polling.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PyOpsApi } from '../../src/extension/api';
import { fixtureWorkspace } from './paths';

export { fixtureWorkspace, repoRoot } from './paths';
export { waitFor } from '../helpers/waitFor';

export const EXTENSION_ID = 'pyops.pyops';

export function pyopsExtension(): vscode.Extension<PyOpsApi> {
  const extension = vscode.extensions.getExtension<PyOpsApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded in this VS Code`);
  return extension;
}

/** Opens a file of the fixture workspace in an editor. */
export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(join(fixtureWorkspace, relativePath));
  return vscode.window.showTextDocument(document);
}

/** Whether a process with this id exists. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Sets workspace settings for a test and returns the function that restores them, removing the
 * fixture workspace's .vscode/settings.json again when the test created it.
 */
export async function withWorkspaceSettings(section: string, values: Record<string, unknown>): Promise<() => Promise<void>> {
  const settingsFile = join(fixtureWorkspace, '.vscode', 'settings.json');
  const existed = existsSync(settingsFile);
  const config = vscode.workspace.getConfiguration(section);
  const before = Object.keys(values).map((key) => [key, config.inspect(key)?.workspaceValue] as const);
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  return async () => {
    for (const [key, value] of before)
      await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
    if (!existed && existsSync(settingsFile) && readFileSync(settingsFile, 'utf8').replace(/\s/g, '') === '{}') rmSync(settingsFile);
  };
}
