import * as vscode from 'vscode';
import type { LanguageServerState } from './api';

const LABELS: Record<LanguageServerState, { text: string; severity: vscode.LanguageStatusSeverity; busy: boolean }> = {
  running: { text: 'PyOps', severity: vscode.LanguageStatusSeverity.Information, busy: false },
  starting: { text: 'PyOps: starting…', severity: vscode.LanguageStatusSeverity.Information, busy: true },
  stopped: { text: 'PyOps: stopped', severity: vscode.LanguageStatusSeverity.Warning, busy: false },
};

/** The "{}" item next to Python in the status bar: server state, with a link to the logs. */
export function createLanguageStatus(initial: LanguageServerState): {
  item: vscode.LanguageStatusItem;
  update(state: LanguageServerState): void;
} {
  const item = vscode.languages.createLanguageStatusItem('pyops.server', { language: 'python' });
  item.name = 'PyOps Language Server';
  item.command = { title: 'Show Logs', command: 'pyops.showLogs' };
  const update = (state: LanguageServerState): void => {
    const label = LABELS[state];
    item.text = label.text;
    item.detail = state === 'running' ? 'diagnostics running' : undefined;
    item.severity = label.severity;
    item.busy = label.busy;
  };
  update(initial);
  return { item, update };
}
