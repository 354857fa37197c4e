import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The "PyOps" log channel, created on first use so activation stays cheap. */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('PyOps', { log: true });
  return channel;
}
