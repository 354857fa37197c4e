// A minimal LSP client for tests: starts the real built server (dist/server.js) as a child
// process and talks JSON-RPC to it over stdio. No mocks.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type InitializeResult,
  type PublishDiagnosticsParams,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from '../helpers/repoRoot';

export interface ServerSession {
  connection: ProtocolConnection;
  /** What `workspace/configuration` answers for the `pyops` section; change it, then notify. */
  settings: { diagnostics: Record<string, unknown> };
  /** How many `workspace/diagnostic/refresh` requests the server has sent. */
  refreshCount: () => number;
  /** The last diagnostics pushed per URI (the server pushes only for config files). */
  published: Map<string, Diagnostic[]>;
  process: ChildProcessWithoutNullStreams;
  initializeResult: InitializeResult;
  stderr: () => string;
  /** Sends shutdown + exit and resolves with the process exit code. */
  close(): Promise<number | null>;
}

export async function startServer(options: { workspaceFolder?: string; initializationOptions?: unknown } = {}): Promise<ServerSession> {
  const child = spawn(process.execPath, [join(repoRoot, 'dist/server.js'), '--stdio'], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const settings: ServerSession['settings'] = { diagnostics: { enable: true, run: 'onType' } };
  const published = new Map<string, Diagnostic[]>();
  let refreshes = 0;
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
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    published.set(params.uri, params.diagnostics);
  });
  connection.onNotification('window/showMessage', () => undefined);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const folder = options.workspaceFolder;
  const initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: folder ? pathToFileURL(folder).href : null,
    workspaceFolders: folder ? [{ uri: pathToFileURL(folder).href, name: 'workspace' }] : null,
    capabilities: {
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
    initializationOptions: options.initializationOptions ?? { extensionPath: repoRoot },
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

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
