import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { SERVER_NODE_FLAGS } from '../../src/core/serverProcess';
import { openFixture, processExists, pyopsExtension, waitFor } from './helpers';

const SERVER_START_TIMEOUT_MS = 30_000;

/** A diagnostic's code, whether given plainly or with a documentation link. */
function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return String(typeof code === 'object' ? code.value : code);
}

describe('language server', () => {
  it('reaches the running state with a live server process', async () => {
    await openFixture('jobs/rotate_logs.py');
    const api = await pyopsExtension().activate();

    await waitFor('the language server to run', () => (api.languageServerState() === 'running' ? true : undefined), {
      timeoutMs: SERVER_START_TIMEOUT_MS,
      describeLast: () => api.languageServerState(),
    });
    const pid = api.languageServerPid();
    assert.ok(pid !== undefined, 'running language server without a process id');
    assert.ok(processExists(pid), `language server process ${pid} does not exist`);
    assert.notEqual(pid, process.pid, 'the language server must run in its own process');
    // Started with the Node.js flags the server relies on (its idle collection needs --expose-gc).
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const script = args.findIndex((arg) => arg.endsWith('server.js'));
    assert.ok(script > 0, args.join(' '));
    for (const flag of SERVER_NODE_FLAGS) assert.ok(args.slice(0, script).includes(flag), `${flag} not in: ${args.join(' ')}`);
  });

  it('publishes diagnostics for an open script: an unchecked subprocess.run() is flagged on its line', async () => {
    const editor = await openFixture('jobs/backup.py');
    const uri = editor.document.uri;
    const callLine = editor.document
      .getText()
      .split('\n')
      .findIndex((line) => line.includes('subprocess.run('));
    assert.ok(callLine >= 0, 'fixture jobs/backup.py lost its subprocess.run() call');

    const unchecked = await waitFor(
      'an OPS101 diagnostic on the subprocess.run() line',
      () => vscode.languages.getDiagnostics(uri).find((d) => diagnosticCode(d) === 'OPS101' && d.range.start.line === callLine),
      {
        timeoutMs: SERVER_START_TIMEOUT_MS,
        describeLast: () => JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => `${diagnosticCode(d)}@${d.range.start.line}`)),
      },
    );
    assert.match(unchecked.message, /check/i);
  });

  it('"PyOps: Restart Language Server" replaces the server process', async () => {
    const api = await pyopsExtension().activate();
    await waitFor('the language server to run', () => (api.languageServerState() === 'running' ? true : undefined), {
      timeoutMs: SERVER_START_TIMEOUT_MS,
      describeLast: () => api.languageServerState(),
    });
    const before = api.languageServerPid();
    assert.ok(before !== undefined);

    await vscode.commands.executeCommand('pyops.restartServer');

    const after = await waitFor(
      'a new running language server',
      () => {
        const pid = api.languageServerPid();
        return api.languageServerState() === 'running' && pid !== undefined && pid !== before ? pid : undefined;
      },
      { timeoutMs: SERVER_START_TIMEOUT_MS, describeLast: () => `${api.languageServerState()}, pid ${api.languageServerPid()}` },
    );
    assert.ok(processExists(after), `new language server process ${after} does not exist`);
    await waitFor(`the old server process ${before} to exit`, () => (processExists(before) ? undefined : true));
  });

  it('brings the "Check Workspace" results back after "Restart Language Server"', async () => {
    const api = await pyopsExtension().activate();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const unopenedWithFindings = (): string[] =>
      vscode.languages
        .getDiagnostics()
        .filter(([uri, list]) => uri.path.endsWith('.py') && list.some((d) => d.source === 'PyOps'))
        .filter(([uri]) => !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()))
        .map(([uri]) => uri.path)
        .sort();
    await vscode.commands.executeCommand('pyops.checkWorkspace');
    const before = await waitFor('workspace results', () => {
      const files = unopenedWithFindings();
      return files.length > 0 ? files : undefined;
    });
    const pid = api.languageServerPid();
    await vscode.commands.executeCommand('pyops.restartServer');
    await waitFor('a new server', () => (api.languageServerState() === 'running' && api.languageServerPid() !== pid ? true : undefined), {
      timeoutMs: SERVER_START_TIMEOUT_MS,
    });
    let last: string[] = [];
    await waitFor(
      'the same workspace results from the new server',
      () => {
        last = unopenedWithFindings();
        return JSON.stringify(last) === JSON.stringify(before) ? true : undefined;
      },
      { timeoutMs: SERVER_START_TIMEOUT_MS, describeLast: () => `${last.length} of ${before.length} files: ${last.join(', ')}` },
    );
  });
});
