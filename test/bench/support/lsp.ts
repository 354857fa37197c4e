// A small LSP client for the memory bench: starts the real dist/server.js over stdio and answers
// the requests a client must answer (settings, capability registration, progress) the way a
// plain VS Code would, so the server runs as in the editor.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { SERVER_NODE_FLAGS } from '../../../src/core/serverProcess';
import { builtFile, repoRoot } from './paths';

export interface ServerProcess {
  connection: ProtocolConnection;
  child: ChildProcessWithoutNullStreams;
  pid: number;
  initializeResult: InitializeResult;
  stderr(): string;
  close(): Promise<void>;
}

/**
 * @param otherServer another server to start (the LSP bench's trivial server); by default PyOps's
 * (dist/server.js, or PYOPS_BENCH_SERVER to compare another build), with the Node.js flags the
 * VS Code client starts it with.
 */
export async function startLanguageServer(workspaceFolder: string, otherServer?: string): Promise<ServerProcess> {
  const command0 =
    otherServer === undefined ? [...SERVER_NODE_FLAGS, process.env.PYOPS_BENCH_SERVER ?? builtFile('server.js')] : [otherServer];
  const command = [...(process.env.EXP_FLAGS ?? '').split(' ').filter(Boolean), ...command0];
  const child = spawn(process.execPath, [...command, '--stdio'], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  // What VS Code answers with no user settings: the defaults (null lets the server use its own).
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.listen();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const folderUri = pathToFileURL(workspaceFolder).href;
  const initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'stdlib' }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } },
      textDocument: {
        synchronization: { didSave: true },
        diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
    },
    initializationOptions: { extensionPath: repoRoot },
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    child,
    pid: child.pid!,
    initializeResult,
    stderr: () => stderr,
    async close() {
      if (child.exitCode === null) {
        await connection.sendRequest('shutdown').catch(() => undefined);
        await connection.sendNotification('exit').catch(() => undefined);
        const deadline = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(deadline);
      }
      connection.dispose();
    },
  };
}

/** VmRSS and VmHWM (peak) of a process, in MB, from /proc/<pid>/status. */
export function processMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]);
  };
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/**
 * RSS once it has settled: sampled every 100 ms until three samples in a row are within 1% of
 * each other (or the deadline passes; the last sample is returned then, with `settled: false`).
 */
export async function settledMemory(pid: number, deadlineMs = 10_000): Promise<{ rssMb: number; peakMb: number; settled: boolean }> {
  const until = Date.now() + deadlineMs;
  const samples: number[] = [];
  for (;;) {
    const memory = processMemory(pid);
    samples.push(memory.rssMb);
    const last = samples.slice(-3);
    if (last.length === 3 && Math.max(...last) - Math.min(...last) <= 0.01 * Math.max(...last)) return { ...memory, settled: true };
    if (Date.now() > until) return { ...memory, settled: false };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
