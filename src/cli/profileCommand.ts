// `pyops profile`: run a script under cProfile and the stack sampler through the same helper as
// the extension, print the run header and a pstats-style table, write the requested files, and
// exit with the script's own exit code.
import { writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { findHelperDir } from '../core/profile/helperProcess';
import { findInterpreter } from '../core/profile/interpreter';
import { ProfileError } from '../core/profile/errors';
import type { AllocationSite, Profile } from '../core/profile/model';
import { runProfile } from '../core/profile/runProfile';
import { formatRunHeader, runSummaryJson } from '../core/profile/runReport';
import { toSampledCollapsed, toSampledSpeedscope } from '../core/profile/sampledExports';
import { formatStatsTable, SORT_KEYS, type SortKey } from '../core/profile/table';
import { collapsePytestFrames } from '../core/targets/pytestFrames';
import { formatBytes } from '../shared/format';
import { EnvFileOptionError, readEnvFileOptions } from './profileEnvFiles';

/** Exit code for usage errors and launches that could not produce a profile. */
export const USAGE_EXIT = 2;

export const PROFILE_USAGE = `Usage: pyops profile [options] SCRIPT [--] [ARGS...]
       pyops profile [options] -m MODULE [--] [ARGS...]

Runs SCRIPT (or MODULE, as python -m does) under cProfile while sampling the stacks of every
thread, prints the run (wall, CPU and waiting time, threads, child processes) and the functions
that took the most time. Everything after SCRIPT or MODULE is passed to it. Exits with the
script's own exit code.

Options:
  -m, --module MOD    run the module MOD as python -m MOD would (sys.path[0] is the working directory)
  --cwd DIR           working directory of the script (default: the current one); SCRIPT, --out and
                      --env-file paths stay relative to the current directory
  --env-file FILE     set the variables of a .env file (NAME=VALUE lines, read as the Python extension
                      reads python.envFile); may be repeated, later files win
  --python P          Python interpreter to use (default: python3, then python, on PATH)
  --sampling-only     sample stacks without cProfile: truest timing, lowest overhead, no call counts
  --interval MS       sampling interval in milliseconds (default 5, from 0.1 to 1000)
  --out FILE.prof     also save the profile (pstats, merged over threads: snakeviz, pstats, PyOps)
  --collapsed FILE    write the sampled stacks as collapsed stacks (flamegraph.pl, speedscope)
  --speedscope FILE   write the sampled stacks as speedscope JSON, one profile per thread
  --json FILE         write the run summary as JSON (see docs/profiling.md)
  --top N             rows to print (default 20)
  --sort KEY          cumtime (default), tottime or calls
  --memory            also trace memory with tracemalloc (slower)
  --show-pytest-frames
                      with -m pytest: list pytest's own functions too (by default they are folded
                      into one <pytest> row, so the tests and your code come first)
  -h, --help          show this help
`;

export interface ProfileCommandArgs {
  python?: string;
  out?: string;
  collapsed?: string;
  speedscope?: string;
  json?: string;
  samplingOnly: boolean;
  intervalMs?: number;
  top: number;
  sort: SortKey;
  memory: boolean;
  /** With -m pytest: list pytest's functions instead of folding them into one <pytest> row. */
  showPytestFrames: boolean;
  /** Exactly one of script and module is set. */
  script?: string;
  module?: string;
  /** Working directory of the script (as given: relative to the current directory). */
  cwd?: string;
  /** .env files, in order (as given). */
  envFiles: string[];
  args: string[];
}

export class UsageError extends Error {}

function takeValue(argv: string[], index: number, flag: string): string {
  const value = argv[index + 1];
  if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
  return value;
}

/** Options come before SCRIPT; everything after it belongs to the script. Returns null for --help. */
export function parseProfileArgs(argv: readonly string[]): ProfileCommandArgs | null {
  const parsed: Partial<ProfileCommandArgs> & {
    top: number;
    sort: SortKey;
    memory: boolean;
    showPytestFrames: boolean;
    envFiles: string[];
    samplingOnly: boolean;
  } = {
    top: 20,
    sort: 'cumtime',
    memory: false,
    showPytestFrames: false,
    envFiles: [],
    samplingOnly: false,
  };
  const list = [...argv];
  let i = 0;
  for (; i < list.length; i += 1) {
    let item = list[i]!;
    if (item === '--') {
      i += 1;
      break;
    }
    if (!item.startsWith('-') || item === '-') break;
    // -m MODULE (or -mMODULE, as python takes it) ends the options: the rest belongs to the module.
    if (item === '-m' || item === '--module' || item.startsWith('--module=') || (item.startsWith('-m') && !item.startsWith('--'))) {
      const attached = item.startsWith('--module=')
        ? item.slice('--module='.length)
        : item.startsWith('-m') && item.length > 2
          ? item.slice(2)
          : undefined;
      const module = attached ?? takeValue(list, i, item);
      if (module === '') throw new UsageError(`${item} needs a module name`);
      let args = list.slice(i + (attached === undefined ? 2 : 1));
      if (args[0] === '--') args = args.slice(1);
      return { ...parsed, module, args };
    }
    const eq = item.indexOf('=');
    if (item.startsWith('--') && eq > 0) {
      list.splice(i, 1, item.slice(0, eq), item.slice(eq + 1));
      item = list[i]!;
    }
    switch (item) {
      case '-h':
      case '--help':
        return null;
      case '--python':
        parsed.python = takeValue(list, i, item);
        i += 1;
        break;
      case '--out':
      case '--collapsed':
      case '--speedscope':
      case '--json':
        parsed[item.slice(2) as 'out' | 'collapsed' | 'speedscope' | 'json'] = takeValue(list, i, item);
        i += 1;
        break;
      case '--sampling-only':
        parsed.samplingOnly = true;
        break;
      case '--interval': {
        const value = takeValue(list, i, item);
        const ms = Number(value);
        if (!Number.isFinite(ms) || ms < 0.1 || ms > 1000) {
          throw new UsageError(`--interval needs milliseconds between 0.1 and 1000, not "${value}"`);
        }
        parsed.intervalMs = ms;
        i += 1;
        break;
      }
      case '--top': {
        const value = takeValue(list, i, item);
        const top = Number(value);
        if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top needs a whole number, not "${value}"`);
        parsed.top = top;
        i += 1;
        break;
      }
      case '--sort': {
        const value = takeValue(list, i, item);
        if (!(SORT_KEYS as readonly string[]).includes(value)) {
          throw new UsageError(`--sort must be one of ${SORT_KEYS.join(', ')}, not "${value}"`);
        }
        parsed.sort = value as SortKey;
        i += 1;
        break;
      }
      case '--memory':
        parsed.memory = true;
        break;
      case '--show-pytest-frames':
        parsed.showPytestFrames = true;
        break;
      case '--cwd':
        parsed.cwd = takeValue(list, i, item);
        i += 1;
        break;
      case '--env-file':
        parsed.envFiles.push(takeValue(list, i, item));
        i += 1;
        break;
      default:
        throw new UsageError(`unknown option ${item}`);
    }
  }
  const script = list[i];
  if (script === undefined) throw new UsageError('missing SCRIPT (or -m MODULE)');
  let args = list.slice(i + 1);
  if (args[0] === '--') args = args.slice(1);
  return { ...parsed, script, args };
}

function formatMemory(profile: Profile): string {
  const memory = profile.memory;
  if (!memory) return '';
  const lines = [
    `   Memory (tracemalloc): peak ${formatBytes(memory.peakBytes)}, still allocated at exit ${formatBytes(
      memory.currentBytes,
    )}; times above are inflated by tracemalloc`,
  ];
  const site = (s: AllocationSite): string =>
    `   ${formatBytes(s.sizeBytes).padStart(12)} ${String(s.count).padStart(8)} blocks  ${s.file}:${s.line}`;
  if (memory.peakSites) {
    const at = memory.peakSitesBytes ?? memory.peakBytes;
    lines.push(
      at >= memory.peakBytes * 0.995
        ? '   Largest allocation sites at the peak:'
        : `   Largest allocation sites near the peak (at ${formatBytes(at)}):`,
    );
    for (const s of memory.peakSites.slice(0, 10)) lines.push(site(s));
    lines.push('   Still allocated at exit:');
  }
  for (const s of memory.topSites.slice(0, 10)) lines.push(site(s));
  return lines.join('\n') + '\n';
}

function describeEnd(profile: Profile): string {
  const run = profile.run;
  switch (run.exitStatus) {
    case 'completed':
      return 'script completed';
    case 'exited':
      return `script exited with code ${run.exitCode ?? 0}`;
    case 'raised': {
      const where = run.exception?.frames.at(-1);
      return `script raised ${run.exception?.type ?? 'an exception'}${run.exception?.message ? `: ${run.exception.message}` : ''}${
        where ? ` (${where.file}:${where.line})` : ''
      }`;
    }
    case 'cancelled': {
      const stopped = run.exitCode === 143 ? 'stopped by SIGTERM' : run.exitCode === 129 ? 'stopped by SIGHUP' : 'cancelled';
      return `script ${stopped}; the profile covers what ran until then`;
    }
    default:
      return 'script ended';
  }
}

export interface ProfileCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /**
   * What the script reads (tests). With this process's own stdout and stderr the script shares
   * all three standard streams instead, so it sees the same terminal or pipes as under python3.
   */
  stdin?: NodeJS.ReadableStream;
  /** Where to look for pyops_profile.py. Default: upward from this bundle's folder. */
  helperDir?: string;
}

/** Signals that stop the run: each is passed on to the script's processes. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function signalExit(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

export async function runProfileCommand(
  argv: string[],
  io: ProfileCommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  // After SIGHUP the terminal is gone: writing to it would only fail.
  let terminalGone = false;
  const say = (text: string): void => {
    if (!terminalGone) io.stderr.write(`pyops profile: ${text}\n`);
  };
  let options: ProfileCommandArgs | null;
  try {
    options = parseProfileArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    say(error.message);
    io.stderr.write(`\n${PROFILE_USAGE}`);
    return USAGE_EXIT;
  }
  if (options === null) {
    io.stdout.write(PROFILE_USAGE);
    return 0;
  }
  const helperDir = io.helperDir ?? findHelperDir(__dirname);
  if (helperDir === undefined) {
    say(`cannot find the profiling helper (pyops_profile.py) near ${__dirname}; reinstall PyOps.`);
    return USAGE_EXIT;
  }
  const shareStdio = io.stdout === process.stdout && io.stderr === process.stderr;

  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signal === 'SIGHUP') terminalGone = true;
    if (controller.signal.aborted) return;
    stoppedBy = signal;
    say(signal === 'SIGINT' ? 'stopping the script (Ctrl-C)\u2026' : `stopping the script (${signal} received)\u2026`);
    controller.abort(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    let env: Record<string, string> | undefined;
    try {
      const read = await readEnvFileOptions(options.envFiles, process.cwd(), process.env);
      for (const warning of read.warnings) say(warning);
      if (options.envFiles.length > 0) env = read.vars;
    } catch (error) {
      if (!(error instanceof EnvFileOptionError)) throw error;
      say(error.message);
      return USAGE_EXIT;
    }
    const interpreter = await findInterpreter(options.python);
    const profile = await runProfile({
      python: interpreter.path,
      ...(options.module !== undefined ? { module: options.module } : { script: resolve(options.script!) }),
      args: options.args,
      cwd: resolve(options.cwd ?? '.'),
      ...(env ? { env } : {}),
      outFile: options.out === undefined ? undefined : resolve(options.out),
      memory: options.memory,
      samplingOnly: options.samplingOnly,
      ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
      signal: controller.signal,
      helperDir,
      ...(shareStdio
        ? { inheritStdio: true }
        : { stdoutStream: io.stdout, stderrStream: io.stderr, ...(io.stdin ? { stdin: io.stdin } : {}) }),
    });
    // A test run: pytest's own functions folded into one row unless asked for, as in the editor.
    const folded = options.module === 'pytest' && !options.showPytestFrames ? collapsePytestFrames(profile) : undefined;
    if (!terminalGone) {
      io.stdout.write(
        '\n' + formatRunHeader(profile) + '\n' + formatStatsTable(folded ?? profile, { sort: options.sort, top: options.top }),
      );
      const memory = formatMemory(profile);
      if (memory) io.stdout.write('\n' + memory);
    }
    if (folded) say("pytest's own functions are folded into the <pytest> row; --show-pytest-frames lists them");
    say(describeEnd(profile));
    const written = await writeOutputs(profile, options);
    if (profile.run.profFile) say(`profile saved to ${profile.run.profFile}`);
    for (const line of written) say(line);
    return profile.run.exitCode ?? 0;
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    say(error.describe());
    if (error.processExit !== undefined) return error.processExit;
    if (stoppedBy !== undefined) return signalExit(stoppedBy);
    return error.kind === 'killed' || error.kind === 'cancelled' ? signalExit('SIGINT') : USAGE_EXIT;
  } finally {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
  }
}

/** Writes --collapsed, --speedscope and --json; returns what to tell the user about each. */
async function writeOutputs(profile: Profile, options: ProfileCommandArgs): Promise<string[]> {
  const outputs: Array<[string | undefined, string, () => string]> = [
    [options.collapsed, 'collapsed stacks', () => toSampledCollapsed(profile)],
    [options.speedscope, 'speedscope profile', () => JSON.stringify(toSampledSpeedscope(profile))],
    [options.json, 'run summary', () => JSON.stringify(runSummaryJson(profile), null, 2) + '\n'],
  ];
  const told: string[] = [];
  for (const [file, what, render] of outputs) {
    if (file === undefined) continue;
    const path = resolve(file);
    try {
      await writeFile(path, render(), 'utf8');
      told.push(`${what} saved to ${path}`);
    } catch (error) {
      throw new ProfileError('io', `Could not save the ${what} to ${path} (${(error as Error).message}).`, 'Choose a writable location.');
    }
  }
  return told;
}
