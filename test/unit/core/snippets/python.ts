// Compiles Python sources with the machine's python3 in one process, returning the error of each
// source that does not compile (syntax of the oldest Python the snippets support included).
import { spawnSync } from 'node:child_process';

/** Snippets may use syntax up to this version (they run on Python 3.8+). */
export const OLDEST_PYTHON: readonly [number, number] = [3, 8];

const CHECKER = `
import ast, json, sys
results = {}
for label, code in json.load(sys.stdin):
    try:
        compile(code, label, "exec")
        ast.parse(code, label, feature_version=(${OLDEST_PYTHON[0]}, ${OLDEST_PYTHON[1]}))
    except SyntaxError as err:
        results[label] = f"line {err.lineno}: {err.msg}: {(err.text or '').strip()}"
json.dump(results, sys.stdout)
`;

export function pythonSyntaxErrors(sources: ReadonlyArray<{ label: string; code: string }>): Record<string, string> {
  const run = spawnSync('python3', ['-c', CHECKER], {
    input: JSON.stringify(sources.map((s) => [s.label, s.code])),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.error) throw new Error(`could not run python3: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`python3 exited with ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, string>;
}
