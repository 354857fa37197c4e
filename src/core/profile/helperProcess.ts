// Spawning pyops_profile.py: locating it, streaming output, cancelling, reading its summary.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { ProfileError } from './errors';
import { parseSummary, SummaryFormatError, type RawSummary } from './summary';

export const HELPER_FILE_NAME = 'pyops_profile.py';
const STDERR_TAIL_CHARS = 4000;
const HELPER_MESSAGE_PREFIX = '[pyops-profile] ';

/**
 * The folder holding pyops_profile.py, searched upward from `startDir` (pass `__dirname`):
 * `python/` next to a bundle in dist/, then `dist/python/` and `src/python/` of a checkout.
 */
export function findHelperDir(startDir: string): string | undefined {
  let dir = startDir;
  for (;;) {
    for (const candidate of [join(dir, 'python'), join(dir, 'dist', 'python'), join(dir, 'src', 'python')]) {
      if (existsSync(join(candidate, HELPER_FILE_NAME))) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function helperScriptPath(helperDir: string): string {
  const file = join(helperDir, HELPER_FILE_NAME);
  if (!existsSync(file)) {
    throw new ProfileError(
      'helper-missing',
      `The profiling helper ${HELPER_FILE_NAME} is missing from ${helperDir}.`,
      'Reinstall the PyOps extension (or rebuild: node scripts/build.mjs copies src/python to dist/python).',
    );
  }
  return file;
}

export interface HelperRunOptions {
  python: string;
  helperDir: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /**
   * Pipe the script's stdout/stderr here with back-pressure (the CLI passes process.stdout/stderr);
   * the callbacks above still see the text.
   */
  stdoutStream?: NodeJS.WritableStream;
  stderrStream?: NodeJS.WritableStream;
  /** After SIGINT, wait this long before SIGTERM (the helper then saves what it has). Default 3000 ms. */
  cancelGraceMs?: number;
  /** After SIGTERM, wait this long before SIGKILL. Default 2000 ms. */
  killGraceMs?: number;
  /**
   * Start the helper in its own process group (POSIX), so a terminal Ctrl-C reaches only us and
   * the helper gets exactly one SIGINT from the cancel logic (the CLI uses this).
   */
  ownProcessGroup?: boolean;
  /** Folder for the temporary summary/profile files. Default os.tmpdir(). */
  tempRoot?: string;
  /**
   * The script's standard input (the extension's interactive terminal). Its end closes the
   * script's stdin. Without it stdin is closed from the start, so an unattended script that
   * asks for input gets EOF instead of hanging.
   */
  stdin?: NodeJS.ReadableStream;
}

export interface HelperOutcome {
  /** The summary the helper wrote, or undefined when it wrote none. */
  summary: RawSummary | undefined;
  exitCode: number | undefined;
  signal: string | undefined;
  /** The AbortSignal fired while the helper ran. */
  cancelled: boolean;
  /** SIGKILL had to be sent. */
  killed: boolean;
  /** The last few thousand characters of stderr, for error messages. */
  stderrTail: string;
}

/** A temporary folder that exists for the duration of `work` and is always removed. */
export async function withTempDir<T>(tempRoot: string | undefined, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tempRoot ?? tmpdir(), 'pyops-profile-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

function spawnFailure(python: string, code: string | undefined, cause: unknown): ProfileError {
  if (code === 'ENOENT') {
    return new ProfileError(
      'interpreter-missing',
      `Python interpreter "${python}" was not found.`,
      'Install Python 3.8+ or pick another interpreter (setting pyops.python.path, or --python).',
    );
  }
  return new ProfileError(
    'interpreter-not-runnable',
    `Python interpreter "${python}" could not be started (${code ?? String(cause)}).`,
    'Check that it is an executable Python interpreter, or pick another one.',
  );
}

/**
 * Feeds `input` into the child's stdin and ends it when `input` ends. Returns the function that
 * detaches `input` again, leaving it usable (and unread data in it) for its owner.
 */
function connectStdin(input: NodeJS.ReadableStream, childStdin: NodeJS.WritableStream): () => void {
  // The script may exit, or close its stdin, while input is still arriving: the write then fails
  // (EPIPE). That is the script's choice, not a failure of the run, and must never surface as an
  // unhandled 'error' event.
  const ignoreWriteError = (): void => {};
  childStdin.on('error', ignoreWriteError);
  // A broken input stream means no more input: the script reads EOF instead of waiting forever.
  const endOnInputError = (): void => {
    childStdin.end();
  };
  input.once('error', endOnInputError);
  // pipe() also ends the child's stdin for a stream that had ended before the run.
  input.pipe(childStdin);
  return () => {
    input.unpipe(childStdin);
    input.removeListener('error', endOnInputError);
  };
}

/**
 * Runs the helper with `args` (a summary path among them) and reads back `summaryPath`.
 * Output is streamed to the callbacks and never accumulated (only a short stderr tail is kept).
 * Cancel: SIGINT, then SIGTERM after cancelGraceMs, then SIGKILL after killGraceMs more.
 */
export async function runHelper(args: string[], summaryPath: string, options: HelperRunOptions): Promise<HelperOutcome> {
  const helper = helperScriptPath(options.helperDir);
  if (options.signal?.aborted) {
    throw new ProfileError('cancelled', 'Profiling was cancelled before the script started.', 'Run it again when ready.');
  }
  const child = execa(options.python, [helper, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdin: options.stdin ? 'pipe' : 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    forceKillAfterDelay: false,
    detached: options.ownProcessGroup === true && process.platform !== 'win32',
    windowsHide: true,
  });

  const disconnectStdin = options.stdin && child.stdin ? connectStdin(options.stdin, child.stdin) : undefined;

  let stderrTail = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  // pipe() pauses the child's stream while the destination is full; a data listener alone would
  // keep reading, and `resume()` drains output nobody asked for.
  if (options.stdoutStream) child.stdout?.pipe(options.stdoutStream, { end: false });
  if (options.stderrStream) child.stderr?.pipe(options.stderrStream, { end: false });
  if (options.onStdout) {
    const onStdout = options.onStdout;
    child.stdout?.on('data', (text: string) => onStdout(text));
  } else if (!options.stdoutStream) {
    child.stdout?.resume();
  }
  child.stderr?.on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
    options.onStderr?.(text);
  });

  let cancelled = false;
  let killed = false;
  const timers: NodeJS.Timeout[] = [];
  const onAbort = (): void => {
    if (cancelled) return;
    cancelled = true;
    child.kill('SIGINT');
    const cancelGrace = options.cancelGraceMs ?? 3000;
    const killGrace = options.killGraceMs ?? 2000;
    timers.push(setTimeout(() => child.kill('SIGTERM'), cancelGrace));
    timers.push(
      setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, cancelGrace + killGrace),
    );
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let result;
  try {
    result = await child;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    for (const timer of timers) clearTimeout(timer);
    disconnectStdin?.();
  }
  if (result.failed && result.exitCode === undefined && result.signal === undefined) {
    const code = (result as { code?: string }).code ?? (result.cause as NodeJS.ErrnoException | undefined)?.code;
    throw spawnFailure(options.python, code, result.cause);
  }
  // SIGKILL sent but the process had already exited on its own: not a kill.
  killed = killed && result.signal === 'SIGKILL';

  let summary: RawSummary | undefined;
  let text: string | undefined;
  try {
    text = await readFile(summaryPath, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    try {
      summary = parseSummary(text);
    } catch (error) {
      if (!(error instanceof SummaryFormatError)) throw error;
      throw new ProfileError(
        'helper-crashed',
        `The profiling helper wrote an unreadable summary (${error.message}).`,
        'Report this with the output shown; running the script once more may help.',
        stderrTail,
      );
    }
  }
  return { summary, exitCode: result.exitCode, signal: result.signal, cancelled, killed, stderrTail };
}

/** Helper lines in stderr (prefixed), newest last, for error details. */
export function helperMessages(stderrTail: string): string[] {
  return stderrTail
    .split(/\r?\n/)
    .filter((line) => line.startsWith(HELPER_MESSAGE_PREFIX))
    .map((line) => line.slice(HELPER_MESSAGE_PREFIX.length));
}

/** The ProfileError for a helper that produced no summary at all. */
export function missingSummaryError(python: string, outcome: HelperOutcome): ProfileError {
  if (outcome.killed) {
    return new ProfileError(
      'killed',
      'The script did not stop after Cancel and was killed; no profile could be saved.',
      'Scripts that catch KeyboardInterrupt and SIGTERM cannot be stopped gently; let them finish or add a way out.',
      outcome.stderrTail,
    );
  }
  const how = outcome.signal ? `was stopped by ${outcome.signal}` : `exited with code ${outcome.exitCode ?? 'unknown'}`;
  const lastLines = outcome.stderrTail.trim().split(/\r?\n/).slice(-3).join(' | ');
  const cannotWrite = helperMessages(outcome.stderrTail).find((line) => line.startsWith('cannot write'));
  if (cannotWrite) {
    return new ProfileError(
      'io',
      `The profile could not be saved: ${cannotWrite}.`,
      'Free some disk space or check the permissions of the temporary folder.',
      outcome.stderrTail,
    );
  }
  if (/SyntaxError/.test(outcome.stderrTail) && /pyops_profile\.py/.test(outcome.stderrTail)) {
    return new ProfileError(
      'interpreter-too-old',
      `Python interpreter "${python}" could not run the profiling helper (${lastLines}).`,
      'Use Python 3.8 or newer (setting pyops.python.path, or --python).',
      outcome.stderrTail,
    );
  }
  return new ProfileError(
    'helper-crashed',
    `The profiling helper under "${python}" ${how} without saving a profile${lastLines ? `: ${lastLines}` : ''}.`,
    'Check the output above; if the script ran out of memory or was killed from outside, try again with less work.',
    outcome.stderrTail,
  );
}
