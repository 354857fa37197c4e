// Messages profiling shows in notifications, also kept (the last few) for the integration tests,
// which cannot read notifications: the internal command NOTICES_COMMAND returns them.

import * as vscode from 'vscode';

export type NoticeSeverity = 'error' | 'warning' | 'information';

export interface Notice {
  severity: NoticeSeverity;
  message: string;
}

/** Not in the palette: lets tests see what PyOps told the user. */
export const NOTICES_COMMAND = 'pyops.internal.profileNotices';
const KEPT = 20;
const recent: Notice[] = [];

/** Shows `message` with `actions` as buttons; resolves to the button chosen, if any. */
export function showNotice(severity: NoticeSeverity, message: string, ...actions: string[]): Thenable<string | undefined> {
  recent.push({ severity, message });
  if (recent.length > KEPT) recent.shift();
  switch (severity) {
    case 'error':
      return vscode.window.showErrorMessage(message, ...actions);
    case 'warning':
      return vscode.window.showWarningMessage(message, ...actions);
    default:
      return vscode.window.showInformationMessage(message, ...actions);
  }
}

export function recentNotices(): Notice[] {
  return recent.slice();
}
