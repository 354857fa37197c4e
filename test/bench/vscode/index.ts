// Suite index for the activation benchmark, loaded by VS Code as extensionTestsPath through
// scripts/lib/integration.ts: opens a Python file so PyOps activates, then prints the
// extension's own activationTimeMs() in a line scripts/bench.ts parses.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { PyOpsApi } from '../../../src/extension/api';
import { repoRoot } from '../../helpers/repoRoot';

/** scripts/bench.ts parses this prefix followed by a JSON object. */
const ACTIVATION_MARKER = 'PYOPS_BENCH_ACTIVATION';
/** What scripts/lib/integration.ts expects from every suite (see test/integration/index.ts). */
const SUMMARY_MARKER = 'PYOPS_INTEGRATION_SUMMARY';
const OUTPUT_TAG_VARIABLE = 'PYOPS_TEST_OUTPUT_TAG';
const EXTENSION_ID = 'pyops.pyops';

function emit(line: string): void {
  console.log((process.env[OUTPUT_TAG_VARIABLE] ?? '') + line);
}

async function measure(): Promise<{ activationMs: number; openToActiveMs: number }> {
  const extension = vscode.extensions.getExtension<PyOpsApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  if (extension.isActive) throw new Error('PyOps was active before a Python file was opened: the figure would not be a first activation');
  const opened = performance.now();
  const document = await vscode.workspace.openTextDocument(join(repoRoot, 'test', 'fixtures', 'workspace', 'jobs', 'backup.py'));
  await vscode.window.showTextDocument(document);
  const deadline = Date.now() + 30_000;
  while (!extension.isActive) {
    if (Date.now() > deadline) throw new Error('PyOps did not activate within 30 s of opening a Python file');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const openToActiveMs = performance.now() - opened;
  // Resolves with the exports of the activation that already happened; rejects with its error if it failed.
  const api = await extension.activate();
  if (!api || typeof api.activationTimeMs !== 'function')
    throw new Error('activate() did not return the PyOps API with activationTimeMs()');
  const activationMs = api.activationTimeMs();
  if (typeof activationMs !== 'number' || !Number.isFinite(activationMs))
    throw new Error(`activationTimeMs() returned ${String(activationMs)}`);
  return { activationMs, openToActiveMs };
}

export async function run(): Promise<void> {
  try {
    const figures = await measure();
    emit(`${ACTIVATION_MARKER} ${JSON.stringify(figures)}`);
    emit(`${SUMMARY_MARKER} ${JSON.stringify({ passed: 1, failed: 0, pending: 0 })}`);
  } catch (error) {
    emit(`${ACTIVATION_MARKER} ${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}`);
    emit(`${SUMMARY_MARKER} ${JSON.stringify({ passed: 0, failed: 1, pending: 0 })}`);
    throw error;
  }
}
