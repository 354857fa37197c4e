// Dispatches `pyops <command>` and turns anything unexpected into exit code 2 with a message.
import { runCheckCommand } from './checkCommand';
import { EXIT_CLEAN, EXIT_ERROR } from './exitCodes';
import { MAIN_HELP } from './help';
import type { CliIo } from './io';
import { runRulesCommand } from './rulesCommand';
import { runServerCommand } from './serverCommand';
import { PYOPS_VERSION } from './version';

/** `pyops profile` belongs to the profiler; its module is loaded only when asked for. */
async function runProfile(argv: string[]): Promise<number> {
  const { runProfileCommand } = await import('./profileCommand');
  return runProfileCommand(argv);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await runCheckCommand(rest, io);
      case 'rules':
        return runRulesCommand(rest, io);
      case 'profile':
        return await runProfile(rest);
      case 'server':
        return runServerCommand(rest, io);
      case '-V':
      case '--version':
        io.stdout(`pyops ${PYOPS_VERSION}\n`);
        return EXIT_CLEAN;
      case '-h':
      case '--help':
      case 'help':
        io.stdout(MAIN_HELP);
        return EXIT_CLEAN;
      case undefined:
        io.stderr(MAIN_HELP);
        return EXIT_ERROR;
      default:
        io.stderr(`error: unknown command '${command}'\n\n${MAIN_HELP}`);
        return EXIT_ERROR;
    }
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`error: internal error: ${detail}\n`);
    return EXIT_ERROR;
  }
}
