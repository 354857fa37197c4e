// `pyops server`: the language server for any editor, over stdio. It is the same server the VS Code
// extension starts (dist/server.js, shipped beside the CLI), so every editor gets the same diagnostics.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_CLEAN, EXIT_ERROR } from './exitCodes';
import { SERVER_HELP } from './help';
import type { CliIo } from './io';

/** Transports vscode-languageserver reads from the process arguments; stdio is the one editors use. */
const TRANSPORT_FLAGS = /^--(stdio|node-ipc|socket=\d+|pipe=.+|clientProcessId=\d+)$/;

export function runServerCommand(argv: string[], io: CliIo): number {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(SERVER_HELP);
    return EXIT_CLEAN;
  }
  const unknown = argv.find((arg) => !TRANSPORT_FLAGS.test(arg));
  if (unknown !== undefined) {
    io.stderr(`error: unexpected argument '${unknown}'\n\n${SERVER_HELP}`);
    return EXIT_ERROR;
  }
  const serverPath = join(__dirname, 'server.js');
  if (!existsSync(serverPath)) {
    io.stderr(`error: the language server is not installed beside the CLI (${serverPath} is missing)\n`);
    return EXIT_ERROR;
  }
  // `pyops server` with no transport means stdio, as for ruff server.
  if (!argv.some((arg) => /^--(stdio|node-ipc|socket=|pipe=)/.test(arg))) process.argv.push('--stdio');
  // The server reads its transport from process.argv and runs until the client sends `exit`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(serverPath);
  return EXIT_CLEAN;
}
