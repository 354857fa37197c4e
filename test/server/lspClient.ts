// A minimal LSP client for tests: starts the real built server (dist/server.js) as a child
// process and talks JSON-RPC to it over stdio. No mocks.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  ErrorCodes,
  ResponseError,
  type ClientCapabilities,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type InitializeResult,
  type PublishDiagnosticsParams,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { SERVER_NODE_FLAGS } from '../../src/core/serverProcess';
import { repoRoot } from '../helpers/repoRoot';

export interface ServerSession {
  connection: ProtocolConnection;
  /** What `workspace/configuration` answers for the `pyops` section; change it, then notify. */
  settings: { diagnostics: Record<string, unknown>; showSyntaxErrors?: boolean };
  /** How many `workspace/diagnostic/refresh` requests the server has sent. */
  refreshCount: () => number;
  /** The last diagnostics pushed per URI (the server pushes only for config files). */
  published: Map<string, Diagnostic[]>;
  process: ChildProcessWithoutNullStreams;
  initializeResult: InitializeResult;
  /** Methods of the requests the server sent to a minimal client (which answers each with an error). */
  serverRequests: string[];
  /** window/logMessage notifications (type 1 is an error). */
  logs: { type: number; message: string }[];
  /** window/showMessage notifications (1 error, 2 warning, 3 info). */
  messages: { type: number; message: string }[];
  stderr: () => string;
  /** Sends shutdown + exit and resolves with the process exit code. */
  close(): Promise<number | null>;
}

const SERVER_TO_CLIENT_REQUESTS = [
  'workspace/configuration',
  'workspace/workspaceFolders',
  'workspace/applyEdit',
  'workspace/diagnostic/refresh',
  'workspace/semanticTokens/refresh',
  'workspace/inlayHint/refresh',
  'workspace/inlineValue/refresh',
  'workspace/codeLens/refresh',
  'client/registerCapability',
  'client/unregisterCapability',
  'window/showMessageRequest',
  'window/showDocument',
  'window/workDoneProgress/create',
];

export interface StartOptions {
  workspaceFolder?: string;
  initializationOptions?: unknown;
  /** The program to start; default: this node. */
  executable?: string;
  /** Its arguments; default: the built server with --stdio, started with the Node.js flags the VS Code client gives it. */
  command?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * A client as small as an editor's built-in LSP support can be: the given capabilities (default
   * none), no handlers for server requests (each gets "method not found"), no initializationOptions.
   */
  minimal?: { capabilities?: ClientCapabilities };
}

export async function startServer(options: StartOptions = {}): Promise<ServerSession> {
  const child = spawn(
    options.executable ?? process.execPath,
    options.command ?? [...SERVER_NODE_FLAGS, join(repoRoot, 'dist/server.js'), '--stdio'],
    {
      stdio: 'pipe',
      cwd: options.cwd,
      env: options.env ?? process.env,
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const settings: ServerSession['settings'] = { diagnostics: { enable: true, run: 'onType' } };
  const published = new Map<string, Diagnostic[]>();
  let refreshes = 0;
  const serverRequests: string[] = [];
  if (options.minimal) {
    // Every request a server can send a client; any other gets "method not found" from the library.
    for (const method of SERVER_TO_CLIENT_REQUESTS) {
      connection.onRequest(method, () => {
        serverRequests.push(method);
        return new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
      });
    }
  } else {
    // The requests a real client answers.
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'pyops' ? settings : null)),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => {
      refreshes++;
      return null;
    });
  }
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    published.set(params.uri, params.diagnostics);
  });
  const messages: { type: number; message: string }[] = [];
  connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
    messages.push(params);
  });
  const logs: { type: number; message: string }[] = [];
  connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
    logs.push(params);
  });
  connection.listen();
  const folder = options.workspaceFolder;
  const initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: folder ? pathToFileURL(folder).href : null,
    workspaceFolders: folder ? [{ uri: pathToFileURL(folder).href, name: 'workspace' }] : null,
    capabilities: options.minimal
      ? (options.minimal.capabilities ?? {})
      : {
          workspace: {
            configuration: true,
            workspaceFolders: true,
            diagnostics: { refreshSupport: true },
            didChangeWatchedFiles: { dynamicRegistration: true },
          },
          textDocument: {
            diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
            hover: { contentFormat: ['markdown', 'plaintext'] },
          },
        },
    initializationOptions: options.minimal ? undefined : (options.initializationOptions ?? { extensionPath: repoRoot }),
  });
  await connection.sendNotification('initialized', {});
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    connection,
    settings,
    refreshCount: () => refreshes,
    published,
    process: child,
    initializeResult,
    serverRequests,
    logs,
    messages,
    stderr: () => stderr,
    async close() {
      if (child.exitCode !== null) return child.exitCode;
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}
