// Entry point of dist/cli.js (`pyops`). Check workers run dist/checkWorker.js (checkWorkerMain.ts).
import { endsOnceAnswered, exitOnceWritten } from './exitWhenDone';
import { startHeadStart } from './headStart';

const argv = process.argv.slice(2);
// Before the rest of the CLI is loaded (a require() here is loaded when it runs; an import would
// be loaded before this line): a big check's worker loads beside it (see headStart.ts).
startHeadStart(argv);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runCli } = require('./cli') as typeof import('./cli');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { processIo } = require('./io') as typeof import('./io');

void runCli(argv, processIo()).then((code) => {
  // exitCode rather than exit(): let buffered output reach a pipe before the process ends.
  process.exitCode = code;
  if (endsOnceAnswered(argv)) exitOnceWritten(code);
});
