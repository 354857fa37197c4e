// Entry point of dist/cli.js (`pyops`). Check workers run dist/checkWorker.js (checkWorkerMain.ts).
import { runCli } from './cli';
import { processIo } from './io';

void runCli(process.argv.slice(2), processIo()).then((code) => {
  // exitCode rather than exit(): let buffered output reach a pipe before the process ends.
  process.exitCode = code;
});
