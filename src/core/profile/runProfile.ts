// Profiling a script, loading an existing .prof, and timing a selection, through pyops_profile.py.
import { copyFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { isDirectory, pathExists } from '../files/pathKinds';
import { isModuleName, suggestModuleName } from '../targets/moduleName';
import { ProfileError, type ProfileErrorKind } from './errors';
import { helperMessages, missingSummaryError, runHelper, withTempDir, type HelperRunOptions } from './helperProcess';
import { checkInterpreterCached } from './interpreter';
import type { Profile, TimeitResult } from './model';
import { profileFromSummary, type RawSummary } from './summary';

export interface RunProfileOptions extends Omit<HelperRunOptions, 'cwd'> {
  /** Interpreter path or PATH name; checked first (missing / not runnable / older than 3.8). */
  python: string;
  /** The script to run; relative to `cwd`. Required unless `module` is set. */
  script?: string;
  /**
   * Run this module as `python -m` would (runpy.run_module as __main__, sys.path[0] = `cwd`)
   * instead of a script.
   */
  module?: string;
  /** Arguments after the script (sys.argv[1:]). */
  args?: string[];
  /** Working directory for the script. Default: process.cwd(). */
  cwd?: string;
  /** Environment; merged over process.env. */
  env?: Record<string, string | undefined>;
  /** Keep the .prof file here (pstats format); otherwise it lives only in a temporary folder. */
  outFile?: string;
  /** Also trace allocations with tracemalloc (slower). */
  memory?: boolean;
  /** Sample stacks only, without cProfile: the lowest overhead, no call counts. */
  samplingOnly?: boolean;
  /** Sampling interval in milliseconds (0.1 to 1000). Default: the helper's, 5 ms. */
  intervalMs?: number;
  /** Folder holding pyops_profile.py (see findHelperDir). */
  helperDir: string;
  /** What the script reads from stdin (see HelperRunOptions.stdin). Absent: EOF from the start. */
  stdin?: NodeJS.ReadableStream;
}

const LAUNCH_FIXES: Record<string, { kind: ProfileErrorKind; fix: string }> = {
  'script-not-found': { kind: 'script-not-found', fix: 'Check the path, or save the file first.' },
  'module-not-found': {
    kind: 'module-not-found',
    fix: "Check the module name and the working directory: python -m looks in the working directory first, then in the interpreter's sys.path (PYTHONPATH, site-packages).",
  },
  'profile-not-found': { kind: 'profile-not-found', fix: 'Check the path of the profile file.' },
  'bad-profile-file': {
    kind: 'bad-profile-file',
    fix: 'Open a file written by cProfile/pstats (python -m cProfile -o FILE, or Profile.dump_stats).',
  },
  cancelled: { kind: 'cancelled', fix: 'Run it again when ready.' },
};

function launchErrorToProfileError(summary: RawSummary, stderrTail: string): ProfileError | undefined {
  const launch = summary.launchError;
  if (!launch) return undefined;
  const known = LAUNCH_FIXES[launch.kind];
  return new ProfileError(
    known?.kind ?? 'helper-crashed',
    launch.message.charAt(0).toUpperCase() + launch.message.slice(1) + '.',
    known?.fix ?? 'This is a PyOps bug; please report it with the output shown.',
    stderrTail,
  );
}

/** What the helper runs: a script's absolute path, or a module name (checked for its form only). */
async function runTarget(options: RunProfileOptions, cwd: string): Promise<{ name: string; module: boolean }> {
  if (options.module !== undefined) {
    const name = options.module.trim();
    if (!isModuleName(name)) {
      const suggestion = suggestModuleName(name);
      const hint = suggestion ? ` Did you mean ${suggestion}?` : '';
      throw new ProfileError(
        'module-not-found',
        `"${name}" is not a module name.${hint}`,
        'Give the module as python -m takes it: dotted names such as package.module, without .py or slashes.',
      );
    }
    return { name, module: true };
  }
  if (options.script === undefined) {
    throw new ProfileError(
      'script-not-found',
      'Nothing to profile: neither a script nor a module was given.',
      'Name a script, or a module with -m.',
    );
  }
  const script = resolve(cwd, options.script);
  if (!(await pathExists(script))) {
    throw new ProfileError('script-not-found', `Script not found: ${script}.`, 'Check the path, or save the file first.');
  }
  return { name: script, module: false };
}

/**
 * Runs `script` under cProfile and returns its Profile: also when the script raised, called
 * sys.exit(n), or was cancelled through `signal` (partial profile, exitStatus `cancelled`).
 * Throws ProfileError when there is no profile to show (bad interpreter, missing script,
 * killed after cancel, helper crash). Temporary files are always removed.
 */
export async function runProfile(options: RunProfileOptions): Promise<Profile> {
  const cwd = resolve(options.cwd ?? process.cwd());
  if (!(await isDirectory(cwd))) {
    throw new ProfileError('cwd-not-found', `The working directory ${cwd} does not exist.`, 'Pick an existing folder for the run.');
  }
  const target = await runTarget(options, cwd);
  await checkInterpreterCached(options.python, { env: options.env, cwd });
  if (options.signal?.aborted) {
    throw new ProfileError('cancelled', 'Profiling was cancelled before the script started.', 'Run it again when ready.');
  }
  return withTempDir(options.tempRoot, async (dir) => {
    const profPath = join(dir, 'profile.prof');
    const summaryPath = join(dir, 'summary.json');
    const args = ['run', '--prof', profPath, '--summary', summaryPath];
    if (options.memory) args.push('--memory');
    if (target.module) args.push('--module');
    if (options.samplingOnly) args.push('--sampling-only');
    if (options.intervalMs !== undefined) args.push('--interval', String(options.intervalMs / 1000));
    args.push('--', target.name, ...(options.args ?? []));
    const outcome = await runHelper(args, summaryPath, { ...options, cwd });
    if (!outcome.summary) throw missingSummaryError(options.python, outcome);
    const launchError = launchErrorToProfileError(outcome.summary, outcome.stderrTail);
    if (launchError) throw launchError;
    let profFile: string | null = null;
    if (options.outFile !== undefined) {
      profFile = isAbsolute(options.outFile) ? options.outFile : resolve(cwd, options.outFile);
      try {
        await copyFile(profPath, profFile);
      } catch (error) {
        throw new ProfileError(
          'io',
          `Could not save the profile to ${profFile} (${(error as Error).message}).`,
          'Choose a writable location for the .prof file.',
        );
      }
    }
    return profileFromSummary(outcome.summary, { interpreterPath: options.python, profFile });
  });
}

export interface LoadProfileOptions {
  helperDir: string;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  tempRoot?: string;
}

/**
 * Reads a pstats file written by anyone (cProfile -o, snakeviz users, PyCharm's .pstat) into a
 * Profile with exitStatus `unknown`. Uses `python` because pstats files are marshal data.
 */
export async function loadProfile(path: string, python: string, options: LoadProfileOptions): Promise<Profile> {
  const file = resolve(path);
  if (!(await pathExists(file))) {
    throw new ProfileError('profile-not-found', `Profile file not found: ${file}.`, 'Check the path of the profile file.');
  }
  await checkInterpreterCached(python, { env: options.env });
  return withTempDir(options.tempRoot, async (dir) => {
    const summaryPath = join(dir, 'summary.json');
    const outcome = await runHelper(['convert', '--summary', summaryPath, file], summaryPath, {
      python,
      helperDir: options.helperDir,
      env: options.env,
      signal: options.signal,
    });
    if (!outcome.summary) throw missingSummaryError(python, outcome);
    const launchError = launchErrorToProfileError(outcome.summary, outcome.stderrTail);
    if (launchError) throw launchError;
    return profileFromSummary(outcome.summary, { interpreterPath: python, profFile: file });
  });
}

export interface TimeitOptions extends Omit<HelperRunOptions, 'cwd'> {
  python: string;
  /** The selected statements (indentation of the selection is removed). */
  statements: string;
  /** Statements run once before timing (imports, fixtures). */
  setup?: string;
  /** Working directory and sys.path[0] (usually the file's folder). */
  directory?: string;
  /** Repeats after autorange picked the loop count. Default 5. */
  repeat?: number;
}

/** "Time Selection": timeit autorange, then `repeat` timings; per-loop seconds. */
export async function runTimeit(options: TimeitOptions): Promise<TimeitResult> {
  const interpreter = await checkInterpreterCached(options.python, { env: options.env, cwd: options.directory });
  return withTempDir(options.tempRoot, async (dir) => {
    const summaryPath = join(dir, 'summary.json');
    const args = ['timeit', '--summary', summaryPath, '--stmt', options.statements, '--repeat', String(options.repeat ?? 5)];
    if (options.setup !== undefined) args.push('--setup', options.setup);
    if (options.directory !== undefined) args.push('--directory', options.directory);
    const outcome = await runHelper(args, summaryPath, { ...options, cwd: options.directory });
    if (!outcome.summary) {
      if (outcome.cancelled) {
        throw new ProfileError('cancelled', 'Timing was cancelled.', 'Run it again when ready.', outcome.stderrTail);
      }
      throw missingSummaryError(options.python, outcome);
    }
    const launchError = launchErrorToProfileError(outcome.summary, outcome.stderrTail);
    if (launchError) throw launchError;
    const raw = outcome.summary.timeit;
    if (!raw) {
      throw new ProfileError(
        'helper-crashed',
        'The timing helper returned no timings.',
        'Please report this.',
        helperMessages(outcome.stderrTail).join('\n'),
      );
    }
    const perLoop = raw.perLoop;
    const result: TimeitResult = {
      loops: raw.loops,
      perLoop,
      best: perLoop.length ? Math.min(...perLoop) : 0,
      mean: perLoop.length ? perLoop.reduce((a, b) => a + b, 0) / perLoop.length : 0,
      interpreter: { ...interpreter, ...outcome.summary.interpreter, path: options.python },
    };
    if (raw.exception) result.exception = raw.exception;
    return result;
  });
}
