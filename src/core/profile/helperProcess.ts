// Spawning pyops_profile.py: locating it, streaming output, cancelling, reading its summary.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
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
  /** Options for the interpreter itself, before the helper (`-X dev`, `-O`): a launch configuration's pythonArgs. */
  interpreterArgs?: readonly string[];
  helperDir: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /**
   * Cancels the run. The abort reason may name the signal to pass on (`'SIGTERM'`, `'SIGHUP'`:
   * the CLI was sent one); anything else is a user's cancel, which starts with SIGINT.
   */
  signal?: AbortSignal;
  /** The script's output as text (decoded as UTF-8; undecodable bytes become U+FFFD). */
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /**
   * Pipe the script's stdout/stderr bytes here, unchanged, with back-pressure; the callbacks
   * above still see the text.
   */
  stdoutStream?: NodeJS.WritableStream;
  stderrStream?: NodeJS.WritableStream;
  /**
   * The script shares this process's stdin, stdout and stderr (the CLI): it reads and writes them
   * exactly as under `python3 script.py`, terminal or pipe, and the options above are unused.
   */
  inheritStdio?: boolean;
  /** After SIGINT, wait this long before SIGTERM (the helper then saves what it has). Default 2000 ms. */
  cancelGraceMs?: number;
  /** After SIGTERM (or SIGHUP), wait this long before SIGKILL. Default 2000 ms. */
  killGraceMs?: number;
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
  /** The last few thousand characters of stderr, for error messages (empty with inheritStdio). */
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

/** Signals that a stop from outside is passed on as; anything else starts the cancel at SIGINT. */
const PASSED_ON_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];
/** How long output still arriving after the helper exited is read (a background child may hold the pipe). */
const DRAIN_IDLE_MS = 150;
const DRAIN_MAX_MS = 1000;
const GROUP_POLL_MS = 50;

/**
 * The helper and everything the script starts share one process group (POSIX: the helper leads a
 * new session), so a cancel reaches `os.system("sleep 1000")` and Popen children too.
 */
class ProcessGroup {
  constructor(private readonly child: ChildProcess) {}

  /** Sends `signal` to the whole group; false when nobody is left in it. */
  signal(signal: NodeJS.Signals | 0): boolean {
    const pid = this.child.pid;
    if (pid === undefined) return false;
    if (process.platform === 'win32') {
      return signal === 0 ? this.child.exitCode === null && this.child.signalCode === null : this.child.kill(signal);
    }
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false; // ESRCH: the group is empty
    }
  }

  /** Waits until the group is empty or `ms` passed; true when empty. */
  async emptyWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.signal(0)) {
      if (Date.now() >= deadline) return false;
      await delay(GROUP_POLL_MS);
    }
    return true;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Resolves once `stream` ended, or stayed quiet for DRAIN_IDLE_MS (at most DRAIN_MAX_MS), then stops reading it. */
function drain(stream: Readable | null): Promise<void> {
  if (!stream || stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((done) => {
    let idle: NodeJS.Timeout;
    const finish = (): void => {
      clearTimeout(idle);
      clearTimeout(cap);
      stream.removeListener('data', onData);
      stream.removeListener('close', finish);
      stream.removeListener('end', finish);
      // A background process the script left behind still holds the pipe: stop reading it.
      stream.destroy();
      done();
    };
    // A reader held back by a slow destination (pipe back-pressure) is not idle: keep waiting.
    const whenIdle = (): void => {
      if (stream.readableFlowing === false) idle = setTimeout(whenIdle, DRAIN_IDLE_MS);
      else finish();
    };
    const onData = (): void => {
      clearTimeout(idle);
      idle = setTimeout(whenIdle, DRAIN_IDLE_MS);
    };
    const cap = setTimeout(whenIdle, DRAIN_MAX_MS);
    idle = setTimeout(whenIdle, DRAIN_IDLE_MS);
    stream.on('data', onData);
    stream.once('end', finish);
    stream.once('close', finish);
  });
}

function textForwarder(stream: Readable | null, deliver: (text: string) => void): void {
  if (!stream) return;
  // One decoder per stream keeps a character split between two chunks whole.
  const decoder = new StringDecoder('utf8');
  stream.on('data', (chunk: Buffer) => {
    const text = decoder.write(chunk);
    if (text) deliver(text);
  });
  stream.once('end', () => {
    const rest = decoder.end();
    if (rest) deliver(rest);
  });
}

/**
 * Runs the helper with `args` (a summary path among them) and reads back `summaryPath`.
 * Output is streamed and never accumulated (only a short stderr tail is kept). The run ends when
 * the helper exits, even while a process it left behind holds its output open.
 * Cancel: SIGINT to the process group, then SIGTERM after cancelGraceMs, then SIGKILL after
 * killGraceMs more; a SIGTERM/SIGHUP abort reason is passed on as is, then SIGKILL. Processes of
 * the group still alive once the helper has exited after a cancel get SIGTERM, then SIGKILL.
 */
export async function runHelper(args: string[], summaryPath: string, options: HelperRunOptions): Promise<HelperOutcome> {
  const helper = helperScriptPath(options.helperDir);
  if (options.signal?.aborted) {
    throw new ProfileError('cancelled', 'Profiling was cancelled before the script started.', 'Run it again when ready.');
  }
  const inherit = options.inheritStdio === true;
  let child: ChildProcess;
  try {
    child = spawn(options.python, [...(options.interpreterArgs ?? []), helper, ...args], {
      cwd: options.cwd,
      env: options.env === undefined ? process.env : { ...process.env, ...options.env },
      stdio: inherit ? 'inherit' : [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
  } catch (error) {
    throw spawnFailure(options.python, (error as NodeJS.ErrnoException).code, error);
  }
  const group = new ProcessGroup(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null } | { error: NodeJS.ErrnoException }>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }));
    child.once('error', (error: NodeJS.ErrnoException) => {
      // 'error' without a pid: the interpreter could not be started at all.
      if (child.pid === undefined) done({ error });
    });
  });

  const disconnectStdin = options.stdin && child.stdin ? connectStdin(options.stdin, child.stdin) : undefined;

  let stderrTail = '';
  // pipe() pauses the child's stream while the destination is full; a data listener alone would
  // keep reading, and `resume()` drains output nobody asked for.
  if (options.stdoutStream) child.stdout?.pipe(options.stdoutStream, { end: false });
  if (options.stderrStream) child.stderr?.pipe(options.stderrStream, { end: false });
  if (options.onStdout) textForwarder(child.stdout, options.onStdout);
  else if (!options.stdoutStream) child.stdout?.resume();
  textForwarder(child.stderr, (text) => {
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
    options.onStderr?.(text);
  });

  let cancelled = false;
  let killed = false;
  let helperRunning = true;
  const timers: NodeJS.Timeout[] = [];
  const killGrace = options.killGraceMs ?? 2000;
  const kill = (): void => {
    if (!helperRunning) return;
    killed = true;
    group.signal('SIGKILL');
  };
  const onAbort = (): void => {
    if (cancelled) return;
    cancelled = true;
    const reason: unknown = options.signal?.reason;
    const passedOn = PASSED_ON_SIGNALS.find((name) => name === reason);
    if (passedOn) {
      group.signal(passedOn);
      timers.push(setTimeout(kill, killGrace));
      return;
    }
    group.signal('SIGINT');
    const cancelGrace = options.cancelGraceMs ?? 2000;
    timers.push(setTimeout(() => helperRunning && group.signal('SIGTERM'), cancelGrace));
    timers.push(setTimeout(kill, cancelGrace + killGrace));
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let ending;
  try {
    ending = await exited;
    helperRunning = false;
    await Promise.all([drain(child.stdout), drain(child.stderr)]);
    // Stopped on purpose: what the script started and left running stops with it.
    if (cancelled && group.signal('SIGTERM') && !(await group.emptyWithin(killGrace))) group.signal('SIGKILL');
  } finally {
    helperRunning = false;
    options.signal?.removeEventListener('abort', onAbort);
    for (const timer of timers) clearTimeout(timer);
    disconnectStdin?.();
  }
  if ('error' in ending) throw spawnFailure(options.python, ending.error.code, ending.error);
  // SIGKILL sent but the process had already exited on its own: not a kill.
  killed = killed && ending.signal === 'SIGKILL';

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
  return { summary, exitCode: ending.code ?? undefined, signal: ending.signal ?? undefined, cancelled, killed, stderrTail };
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
  const processExit = processExitOf(outcome);
  if (outcome.killed) {
    return new ProfileError(
      'killed',
      'The script did not stop when asked and was killed; no profile could be saved.',
      'Scripts that catch KeyboardInterrupt and SIGTERM cannot be stopped gently; let them finish or add a way out.',
      outcome.stderrTail,
      processExit,
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
    processExit,
  );
}

/** The exit status a shell would report for the helper: its code, or 128 + the signal's number. */
function processExitOf(outcome: HelperOutcome): number | undefined {
  if (outcome.exitCode !== undefined) return outcome.exitCode;
  const number = outcome.signal ? constants.signals[outcome.signal as NodeJS.Signals] : undefined;
  return number === undefined ? undefined : 128 + number;
}
