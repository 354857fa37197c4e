import * as vscode from 'vscode';
import type { PyOpsApi } from './api';
import { SELECT_RANGE_COMMAND } from '../core/lspProtocol';
import { checkWorkspace, selectRange, showRuleDocumentation } from './diagnostics/diagnosticsCommands';
import { LanguageServerController } from './diagnostics/languageClient';
import { LanguageStatus } from './diagnostics/languageStatus';
import { log } from './log';
import { registerProfiling } from './profiling/index';
import { registerSnippetPicker } from './snippetPicker';

let server: LanguageServerController | undefined;

export function activate(context: vscode.ExtensionContext): PyOpsApi {
  const activationStart = performance.now();
  const controller = new LanguageServerController(context);
  server = controller;

  context.subscriptions.push(
    controller,
    new LanguageStatus(controller),
    vscode.commands.registerCommand('pyops.restartServer', () => controller.restart()),
    vscode.commands.registerCommand('pyops.showLogs', () => log().show()),
    vscode.commands.registerCommand('pyops.checkWorkspace', () => checkWorkspace(controller)),
    vscode.commands.registerCommand('pyops.showRuleDocumentation', (code: unknown) => showRuleDocumentation(context, controller, code)),
    vscode.commands.registerCommand(SELECT_RANGE_COMMAND, selectRange),
  );

  registerSnippetPicker(context);
  registerProfiling(context);

  const activationTimeMs = performance.now() - activationStart;
  // Not awaited: activation must stay cheap; the server's state shows in the language status item.
  void controller.start();
  log().info(`Activated in ${activationTimeMs.toFixed(1)} ms; starting the language server.`);

  return {
    languageServerState: () => controller.state(),
    languageServerPid: () => controller.pid(),
    activationTimeMs: () => activationTimeMs,
  };
}

export async function deactivate(): Promise<void> {
  const controller = server;
  server = undefined;
  // The log channel is left open: the client still writes to it as the server process exits.
  await controller?.stop();
}
