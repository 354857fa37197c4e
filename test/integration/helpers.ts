// Shared by the integration tests: finding the extension and the fixture workspace, polling.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PyOpsApi } from '../../src/extension/api';
import { fixtureWorkspace } from './paths';

export { fixtureWorkspace, repoRoot } from './paths';

export const EXTENSION_ID = 'pyops.pyops';

export function pyopsExtension(): vscode.Extension<PyOpsApi> {
  const extension = vscode.extensions.getExtension<PyOpsApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded in this VS Code`);
  return extension;
}

/**
 * Polls `probe` until it returns a value other than undefined, or fails at the deadline with
 * `what` and the last value seen by `describeLast`.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; describeLast?: () => string } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const last = options.describeLast ? ` (last seen: ${options.describeLast()})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
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
