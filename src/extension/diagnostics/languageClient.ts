import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CHECK_WORKSPACE_REQUEST, type CheckWorkspaceResult } from '../../core/lspProtocol';
import { SERVER_NODE_FLAGS } from '../../core/serverProcess';
import type { LanguageServerState } from '../api';
import { log } from '../log';

/** Restarts allowed within RESTART_WINDOW_MS before PyOps stops trying. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/**
 * Owns the language client: start, restart, stop, and the crash policy
 * (tell the user once, restart a few times, then give up).
 */
export class LanguageServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly crashTimes: number[] = [];
  private crashReported = false;
  /** "Check Workspace" ran in this window: every server started after it checks the workspace again. */
  private workspaceChecked = false;
  private readonly stateEmitter = new vscode.EventEmitter<LanguageServerState>();
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(private readonly context: vscode.ExtensionContext) {}

  state(): LanguageServerState {
    switch (this.client?.state) {
      case State.Running:
        return 'running';
      case State.Starting:
        return 'starting';
      default:
        return 'stopped';
    }
  }

  /** The running client, for requests; undefined while stopped. */
  runningClient(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  pid(): number | undefined {
    return this.client?.state === State.Running ? this.client.serverProcess?.pid : undefined;
  }

  async start(): Promise<void> {
    if (this.client) return;
    const client = this.createClient();
    this.client = client;
    client.onDidChangeState((event) => {
      this.stateEmitter.fire(this.state());
      // A restarted server (by the user or after a crash) knows nothing of the workspace check.
      if (event.newState === State.Running && this.workspaceChecked) void this.checkWorkspaceAgain(client);
    });
    try {
      await client.start();
    } catch (error) {
      log().error('The PyOps language server failed to start:', error);
      this.reportCrashOnce('The PyOps language server failed to start.');
    }
  }

  async restart(): Promise<void> {
    this.crashTimes.length = 0;
    this.crashReported = false;
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      if (client.state !== State.Stopped) await client.stop(5000);
    } catch (error) {
      log().warn('Stopping the language server did not finish cleanly:', error);
    } finally {
      await client.dispose().catch(() => undefined);
      this.stateEmitter.fire('stopped');
    }
  }

  /** Called after "Check Workspace" ran: its results are restored whenever the server restarts. */
  noteWorkspaceChecked(): void {
    this.workspaceChecked = true;
  }

  private async checkWorkspaceAgain(client: LanguageClient): Promise<void> {
    try {
      const result = await client.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE_REQUEST, {});
      log().info(`Checked the workspace again after the server restarted: ${result.files} files, ${result.findings} findings.`);
    } catch (error) {
      log().warn('Could not check the workspace again after the server restarted:', error);
    }
  }

  dispose(): void {
    void this.stop();
    this.stateEmitter.dispose();
  }

  private createClient(): LanguageClient {
    const serverModule = this.context.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
      debug: {
        module: serverModule,
        transport: TransportKind.ipc,
        options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=127.0.0.1:6010'] },
      },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'python' },
        { scheme: 'untitled', language: 'python' },
        // The config files, so unsaved edits re-check open scripts at once.
        { scheme: 'file', pattern: '**/.pyops.yaml' },
        { scheme: 'file', pattern: '**/pyproject.toml' },
      ],
      diagnosticPullOptions: { onChange: true, onSave: true },
      // Pushed diagnostics are only the config files' problems; the pulled ones own the name 'pyops'
      // (the server's diagnostic provider id), and two collections may not share a name.
      diagnosticCollectionName: 'pyops-config',
      outputChannel: log(),
      // Hovers link to rule pages through this one command; no other command link is trusted.
      markdown: { isTrusted: { enabledCommands: ['pyops.showRuleDocumentation'] } },
      errorHandler: this.errorHandler(),
      initializationOptions: { extensionPath: this.context.extensionPath },
    };
    // The id 'pyops' makes the client honour the `pyops.trace.server` setting.
    return new LanguageClient('pyops', 'PyOps Language Server', serverOptions, clientOptions);
  }

  private errorHandler(): ErrorHandler {
    return {
      error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue, handled: true }),
      closed: (): CloseHandlerResult => {
        const now = Date.now();
        this.crashTimes.push(now);
        while (this.crashTimes.length > 0 && now - this.crashTimes[0]! > RESTART_WINDOW_MS) this.crashTimes.shift();
        if (this.crashTimes.length > MAX_RESTARTS) {
          log().error(`The language server stopped ${this.crashTimes.length} times in a few minutes; not restarting it.`);
          this.reportCrashOnce(
            'The PyOps language server keeps stopping and will not be restarted. Use "PyOps: Restart Language Server" after checking the logs.',
          );
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        log().warn('The language server stopped unexpectedly; restarting it.');
        this.reportCrashOnce('The PyOps language server stopped unexpectedly and is being restarted.');
        return { action: CloseAction.Restart, handled: true };
      },
    };
  }

  private reportCrashOnce(message: string): void {
    if (this.crashReported) return;
    this.crashReported = true;
    void vscode.window.showWarningMessage(message, 'Show Logs').then((choice) => {
      if (choice === 'Show Logs') log().show();
    });
  }
}
