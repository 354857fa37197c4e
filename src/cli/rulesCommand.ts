// `pyops rules`: print the rule catalog.
import { parseArgs } from 'node:util';
import { CATALOG, RULES } from '../core/diagnostics/index';
import { EXIT_CLEAN, EXIT_ERROR } from './exitCodes';
import { RULES_HELP } from './help';
import type { CliIo } from './io';
import { ConfigLocator } from './configLocator';
import { rulesJson, rulesText } from './report/rulesReport';
import { defaultDocsBase } from './ruleDocsUrl';

export function runRulesCommand(argv: string[], io: CliIo): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        format: { type: 'string', default: 'text' },
        'output-format': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n${RULES_HELP}`);
    return EXIT_ERROR;
  }
  if (values.help) {
    io.stdout(RULES_HELP);
    return EXIT_CLEAN;
  }
  const format = values['output-format'] ?? values.format;
  if (format !== 'text' && format !== 'json') {
    io.stderr(`error: --format must be text or json; got '${format}'\n`);
    return EXIT_ERROR;
  }
  // Links use the docs-url of the project's config (the nearest to the current folder).
  const config = new ConfigLocator(RULES, () => undefined).forFolder(io.cwd);
  io.stdout(format === 'json' ? rulesJson(CATALOG, config?.config.docsUrl ?? defaultDocsBase()) : rulesText(CATALOG));
  return EXIT_CLEAN;
}
