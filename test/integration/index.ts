// Entry point for VS Code's extensionTestsPath: runs every compiled *.test.js file of this
// folder (out/test/integration/) with mocha inside the extension host.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** scripts/lib/integration.ts parses this prefix followed by a JSON object of counts. */
const SUMMARY_MARKER = 'PYOPS_INTEGRATION_SUMMARY';
/**
 * Set by scripts/lib/integration.ts: a tag to put before each report line, so it can tell
 * mocha's report apart from the workbench's own log messages. Unset under other runners.
 */
const OUTPUT_TAG_VARIABLE = 'PYOPS_TEST_OUTPUT_TAG';
/** Optional: only tests whose full title contains this text run (run-integration --grep). */
const GREP_VARIABLE = 'PYOPS_TEST_GREP';

/** Files that change the extension's state for every test after them. */
const RUN_LAST = ['deactivation.test.js'];

/** Test files of this folder, in a stable order, the state-changing ones last. */
export function suiteFiles(dir: string): string[] {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.test.js'))
    .sort((a, b) => {
      const lastA = RUN_LAST.includes(a) ? 1 : 0;
      const lastB = RUN_LAST.includes(b) ? 1 : 0;
      return lastA - lastB || a.localeCompare(b);
    });
  return names.map((name) => join(dir, name));
}

export function run(): Promise<void> {
  const tag = process.env[OUTPUT_TAG_VARIABLE] ?? '';
  const emit = (text: string): void => {
    console.log(
      text
        .split('\n')
        .map((line) => tag + line)
        .join('\n'),
    );
  };
  // Reporters print through Base.consoleLog; routing it through emit() tags every line.
  Mocha.reporters.Base.consoleLog = (...data: unknown[]) => emit(format(...data));

  const grep = process.env[GREP_VARIABLE];
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000, ...(grep ? { grep } : {}) });
  const files = suiteFiles(__dirname);
  for (const file of files) mocha.addFile(file);

  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      emit(`${SUMMARY_MARKER} ${JSON.stringify({ passed: 0, failed: 0, pending: 0 })}`);
      reject(new Error(`no *.test.js files in ${__dirname}`));
      return;
    }
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        const counts = { passed: stats?.passes ?? 0, failed: failures, pending: stats?.pending ?? 0 };
        emit(`${SUMMARY_MARKER} ${JSON.stringify(counts)}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (error) {
      // A test file that throws while loading fails the whole run.
      emit(`${SUMMARY_MARKER} ${JSON.stringify({ passed: 0, failed: 1, pending: 0 })}`);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
