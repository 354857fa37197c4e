// Runs a mocha suite inside a real VS Code (see lib/integration.ts) from the command line:
//   node out/scripts/run-integration.mjs [--extension DIR] [--suite FILE] [--workspace DIR]
//                                        [--timeout MS] [--grep TEXT] [--verbose]
// Exits with the suite's exit code; prints `integration: N passed, N failed` last.
import { runIntegration, type IntegrationOptions } from './lib/integration';

function parseArgs(argv: string[]): IntegrationOptions {
  const options: IntegrationOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--extension') options.extensionPath = value();
    else if (flag === '--suite') options.suitePath = value();
    else if (flag === '--workspace') options.workspace = value();
    else if (flag === '--timeout') options.timeoutMs = Number(value());
    else if (flag === '--grep') options.grep = value();
    else if (flag === '--verbose') options.verbose = true;
    else throw new Error(`unknown option ${flag}`);
  }
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0)) throw new Error('--timeout needs a positive number of milliseconds');
  return options;
}

{
  let options: IntegrationOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`run-integration: ${error instanceof Error ? error.message : String(error)}`);
    console.error(
      'usage: node out/scripts/run-integration.mjs [--extension DIR] [--suite FILE] [--workspace DIR] [--timeout MS] [--grep TEXT] [--verbose]',
    );
    process.exit(2);
  }
  // Exit through process.exit so the 'exit' hooks stop the server and remove temporary folders.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  const result = await runIntegration(options);
  console.log(`integration: ${result.passed} passed, ${result.failed} failed`);
  process.exitCode = result.exitCode;
}
