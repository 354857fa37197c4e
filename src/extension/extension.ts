import * as vscode from 'vscode';
import type { PyOpsApi } from './api';
import { LanguageServerController } from './languageClient';
import { createLanguageStatus } from './languageStatus';
import { disposeLog, log } from './log';

let server: LanguageServerController | undefined;

export function activate(context: vscode.ExtensionContext): PyOpsApi {
  const controller = new LanguageServerController(context);
  server = controller;
  const status = createLanguageStatus(controller.state());

  context.subscriptions.push(
    controller,
    status.item,
    controller.onDidChangeState((state) => status.update(state)),
    vscode.commands.registerCommand('pyops.restartServer', () => controller.restart()),
    vscode.commands.registerCommand('pyops.showLogs', () => log().show()),
  );

  // Not awaited: activation must stay cheap; the server reports its own progress.
  void controller.start();

  return {
    languageServerState: () => controller.state(),
    languageServerPid: () => controller.pid(),
  };
}

export async function deactivate(): Promise<void> {
  const controller = server;
  server = undefined;
  await controller?.stop();
  disposeLog();
}
