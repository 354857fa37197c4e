// How the Python extension and the Python Debugger combine variables from a `.env` file, a
// launch configuration's "env" and the process environment. Both treat the search paths
// (PATH, PYTHONPATH) specially: values are appended, never replaced, so the system's folders stay.
// Pure: the caller passes the process environment and the platform's name for PATH.

export type Environment = Readonly<Record<string, string | undefined>>;

/** `Path` on Windows, `PATH` elsewhere. */
export function pathVariableName(platform: NodeJS.Platform = process.platform): 'Path' | 'PATH' {
  return platform === 'win32' ? 'Path' : 'PATH';
}

function delimiterFor(platform: NodeJS.Platform): string {
  return platform === 'win32' ? ';' : ':';
}

/** Appends the non-blank `parts` (trimmed) to `vars[name]`, separated by the path delimiter. */
function appendPaths(vars: Record<string, string>, name: string, parts: Array<string | undefined>, platform: NodeJS.Platform): void {
  const tail = parts
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => part.trim())
    .join(delimiterFor(platform));
  if (tail === '') return;
  const current = vars[name];
  vars[name] = current ? current + delimiterFor(platform) + tail : tail;
}

export interface MergeContext {
  /** The environment the run starts from (the extension host's, or the CLI's). */
  processEnv: Environment;
  platform?: NodeJS.Platform;
}

/**
 * The variables a `.env` file adds for the Python extension's runs (python.envFile): the file's
 * values win over the process environment, except PATH and PYTHONPATH, where the process value
 * is appended to the file's. Returns only the variables to set over `processEnv`.
 */
export function envFileOverProcess(fileVars: Readonly<Record<string, string>>, context: MergeContext): Record<string, string> {
  const platform = context.platform ?? process.platform;
  const pathName = pathVariableName(platform);
  const vars: Record<string, string> = { ...fileVars };
  for (const name of [pathName, 'PYTHONPATH']) {
    if (vars[name] !== undefined) appendPaths(vars, name, [context.processEnv[name]], platform);
  }
  return vars;
}

/** A launch configuration's "env": values are strings; null removes a variable. */
export type LaunchEnv = Readonly<Record<string, string | null>>;

/**
 * The environment debugpy gives a launch configuration (console: integratedTerminal): the
 * envFile's variables (its `${NAME}` references resolved against the configuration's env),
 * overridden by the configuration's env, PATH and PYTHONPATH joined as envFile + env + process,
 * and PYTHONUNBUFFERED=1, PYTHONIOENCODING=UTF-8 unless set. Returns the variables to set over
 * `processEnv`; undefined marks a variable the configuration removes (null).
 */
export function launchEnvironment(
  launchEnv: LaunchEnv,
  envFileVars: Readonly<Record<string, string>> | undefined,
  context: MergeContext,
): Record<string, string | undefined> {
  const platform = context.platform ?? process.platform;
  const pathName = pathVariableName(platform);
  const searchPaths = new Set([pathName, 'PYTHONPATH']);
  const vars: Record<string, string> = { ...(envFileVars ?? {}) };
  const removed: string[] = [];
  for (const [name, value] of Object.entries(launchEnv)) {
    if (searchPaths.has(name)) continue;
    if (value === null) removed.push(name);
    else vars[name] = value;
  }
  appendPaths(vars, pathName, [launchEnv[pathName] ?? undefined], platform);
  appendPaths(vars, 'PYTHONPATH', [launchEnv.PYTHONPATH ?? undefined], platform);
  if (vars[pathName]) appendPaths(vars, pathName, [context.processEnv[pathName]], platform);
  if (vars.PYTHONPATH) appendPaths(vars, 'PYTHONPATH', [context.processEnv.PYTHONPATH], platform);
  if (!Object.prototype.hasOwnProperty.call(vars, 'PYTHONIOENCODING')) vars.PYTHONIOENCODING = 'UTF-8';
  if (!Object.prototype.hasOwnProperty.call(vars, 'PYTHONUNBUFFERED')) vars.PYTHONUNBUFFERED = '1';
  const result: Record<string, string | undefined> = { ...vars };
  for (const name of removed) result[name] = undefined;
  return result;
}
