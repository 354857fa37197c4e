// The pytest command line for one test, as the Python extension builds it when it runs a test:
// python.testing.pytestArgs without its files and folders (the test's node id replaces them),
// --rootdir the test working directory unless the user set one. And the node ids of the Python
// extension's Testing view items. Pure: no vscode, no file system.

/** pytest options whose value is the next argument (`-k EXPR`, `--rootdir DIR`), as pytest and its common plugins define them. */
const OPTIONS_WITH_VALUE = new Set([
  '-c',
  '-k',
  '-m',
  '-o',
  '-p',
  '-r',
  '-W',
  '-n',
  '--assert',
  '--basetemp',
  '--capture',
  '--color',
  '--confcutdir',
  '--cov',
  '--cov-config',
  '--cov-report',
  '--deselect',
  '--dist',
  '--durations',
  '--ignore',
  '--ignore-glob',
  '--import-mode',
  '--junit-xml',
  '--log-cli-level',
  '--log-file',
  '--log-level',
  '--maxfail',
  '--override-ini',
  '--pythonwarnings',
  '--rootdir',
  '--show-capture',
  '--tb',
  '--timeout',
  '--verbosity',
]);

/** The user's pytest arguments without the positional paths (the files and folders to collect). */
export function pytestOptions(args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) continue;
    kept.push(arg);
    if (OPTIONS_WITH_VALUE.has(arg) && i + 1 < args.length) kept.push(args[++i]!);
  }
  return kept;
}

/** `python -m pytest` arguments that run the test `nodeId` (an absolute file path followed by `::…`). */
export function pytestCommandLine(userArgs: readonly string[], nodeId: string, rootdir: string): string[] {
  const options = pytestOptions(userArgs);
  const hasRootdir = options.some((arg) => arg === '--rootdir' || arg.startsWith('--rootdir='));
  return [...options, ...(hasRootdir ? [] : ['--rootdir', rootdir]), nodeId];
}

/** The Python extension prefixes ids with `<project URI>@@vsc@@` in project mode. */
const PROJECT_SEPARATOR = '@@vsc@@';
const URI_PREFIX = /^[A-Za-z][\w+.-]*:\/\//;

/**
 * The file and the rest of a node id of the Python extension's Testing view: its pytest items'
 * ids are `/abs/file.py::Class::test[param]`, with `<project URI>@@vsc@@` in front in project
 * mode (only a URI before the separator is a prefix: a parameter may contain the same text).
 * Undefined for ids that are not a pytest node id of a file (unittest ids, folders).
 */
export function splitTestItemId(id: string): { file: string; rest: string } | undefined {
  const separator = id.indexOf(PROJECT_SEPARATOR);
  const bare = separator > 0 && URI_PREFIX.test(id.slice(0, separator)) ? id.slice(separator + PROJECT_SEPARATOR.length) : id;
  const at = bare.indexOf('::');
  const file = at < 0 ? bare : bare.slice(0, at);
  if (!/\.py$/.test(file) || !(file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file))) return undefined;
  return { file, rest: at < 0 ? '' : bare.slice(at) };
}
