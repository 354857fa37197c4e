// `pyops check`: collect files, check them with the nearest config, report in the chosen format.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { applyFixes, createAnalyzer, RULES, UNUSED_SUPPRESSION_RULE } from '../core/diagnostics/index';
import { isConfigFileOnDisk, loadConfigFile, type LoadedConfigFile } from '../core/config/configFilesOnDisk';
import { PYPROJECT_FILE_NAME } from '../core/config/parsePyproject';
import { parseCheckArgs, type CheckArgs, type OutputFormat } from './checkArgs';
import {
  addOutcome,
  checkFiles,
  configForFile,
  FileChecker,
  uncheckedFile,
  type CheckedFile,
  type CheckOptions,
  type CheckRun,
  type FailedFile,
} from './checkFiles';
import { decodeSource } from '../core/files/decodeSource';
import { palette, useColour } from './colour';
import { diffReport } from './report/diffReport';
import { statisticsReport } from './report/statisticsReport';
import { FILE_ERROR_RULE } from '../core/files/fileErrors';
import { EarlyWorker } from './earlyWorker';
import { takeHeadStart } from './headStart';
import { ParallelCheck } from './parallelCheck';
import { CHECK_WORKER_SCRIPT, WORKER_HEAP_LIMITS } from './workerLimits';
import { collectPythonFiles, isForceExcluded } from './collectFiles';
import { ConfigLocator } from './configLocator';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, UsageError } from './exitCodes';
import { CHECK_HELP } from './help';
import type { CliIo } from './io';
import { githubReport } from './report/githubReport';
import { gitlabReport } from './report/gitlabReport';
import { junitReport } from './report/junitReport';
import { jsonReport } from './report/jsonReport';
import { displayPath } from './report/paths';
import { countFindings, type ReportInput } from './report/reportInput';
import { sarifReport } from './report/sarifReport';
import { textReport } from './report/textReport';
import { defaultDocsBase } from './ruleDocsUrl';
import { PYOPS_VERSION } from './version';
import { cachedResults } from './cachedResults';
import { usableCpus } from './usableCpus';
import { tuneV8ForCheck } from './v8Tuning';
import { DEFAULT_CACHE_DIR, engineBuild, ResultCache, type CacheLocation } from './resultCache';

const REPORTERS: Record<OutputFormat, (input: ReportInput) => string> = {
  text: textReport,
  json: jsonReport,
  sarif: sarifReport,
  github: githubReport,
  gitlab: gitlabReport,
  junit: junitReport,
};

function formatConfigProblems(config: LoadedConfigFile, cwd: string): string {
  const shown = displayPath(config.path, cwd);
  return config.problems
    .map((p) => `${shown}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity}: ${p.message}\n`)
    .join('');
}

function loadExplicitConfig(path: string, cwd: string): LoadedConfigFile {
  const full = resolve(cwd, path);
  let isFile = false;
  try {
    isFile = statSync(full).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new UsageError(`--config: no such file: ${path}`);
  const loaded = loadConfigFile(full, RULES);
  if (basename(full) === PYPROJECT_FILE_NAME && !isConfigFileOnDisk(full)) {
    const at = { line: 0, character: 0 };
    loaded.problems.push({
      message: 'This pyproject.toml has no [tool.pyops] table; defaults are used.',
      range: { start: at, end: at },
      severity: 'warning',
    });
  }
  return loaded;
}

export async function runCheckCommand(argv: string[], io: CliIo): Promise<number> {
  let args: CheckArgs;
  let explicitConfig: LoadedConfigFile | undefined;
  try {
    args = parseCheckArgs(argv, RULES, io.env);
    if (args.help) {
      io.stdout(CHECK_HELP);
      return EXIT_CLEAN;
    }
    if (args.config !== undefined) explicitConfig = loadExplicitConfig(args.config, io.cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message}\nRun 'pyops check --help' for usage.\n`);
    return EXIT_ERROR;
  }
  tuneV8ForCheck();
  // --silent: nothing on stdout or stderr; only the exit status tells.
  const out: CliIo = args.silent ? { ...io, stdout: () => undefined, stderr: () => undefined } : io;
  if (args.watch) {
    const { watchAndCheck } = await import('./watch');
    // Writing the cache must not count as a change: its folder is left out of the watch.
    const cacheDirs = new Set<string>();
    const inCache = (path: string): boolean => [...cacheDirs].some((dir) => path === dir || path.startsWith(dir + sep));
    return watchAndCheck(args.paths, out, () => checkOnce(args, out, explicitConfig, cacheDirs), inCache);
  }
  if (args.stdin) return checkStdin(args, out, explicitConfig);
  return checkOnce(args, out, explicitConfig);
}

/** The configuration every file of a run shares: its config files (reported once each) and the command line. */
function runOptions(
  args: CheckArgs,
  io: CliIo,
  explicitConfig: LoadedConfigFile | undefined,
): { configs: ConfigLocator; options: CheckOptions; docsUrl: string | undefined; cache: CacheLocation | undefined } {
  const configs = new ConfigLocator(RULES, (config) => io.stderr(formatConfigProblems(config, io.cwd)), explicitConfig);
  const options: CheckOptions = {
    cwd: io.cwd,
    fix: { apply: args.diff ? 'diff' : args.fix ? 'write' : 'none', unsafe: args.unsafeFixes },
    configs,
    select: args.select,
    extendSelect: args.extendSelect,
    ignore: args.ignore,
    reportUnusedSuppressions: args.reportUnusedSuppressions,
  };
  // Rule links follow the project's config: the one in force in the current folder.
  const projectConfig = configs.forFolder(io.cwd);
  const docsUrl = projectConfig?.config.docsUrl ?? defaultDocsBase();
  return { configs, options, docsUrl, cache: args.noCache ? undefined : cacheLocation(args, io, projectConfig) };
}

/** `~/x` as a shell would read it; other paths unchanged. */
function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/** The cache folder, as ruff finds its own: the flag (or variable), the project's config, else `.pyops_cache` in the project's folder. */
function cacheLocation(args: CheckArgs, io: CliIo, projectConfig: LoadedConfigFile | undefined): CacheLocation {
  const configured = projectConfig?.config.cacheDir;
  const dir =
    args.cacheDir !== undefined
      ? resolve(io.cwd, expandHome(args.cacheDir))
      : configured !== undefined
        ? resolve(projectConfig?.dir ?? io.cwd, expandHome(configured))
        : join(projectConfig?.dir ?? io.cwd, DEFAULT_CACHE_DIR);
  return { dir, build: runningBuild() };
}

let build: string | undefined;

/** The running engine: this bundle, the workers' bundle and the grammar they load. */
function runningBuild(): string {
  build ??= engineBuild([__filename, CHECK_WORKER_SCRIPT, join(__dirname, 'tree-sitter.wasm'), join(__dirname, 'tree-sitter-python.wasm')]);
  return build;
}

async function checkOnce(
  args: CheckArgs,
  io: CliIo,
  explicitConfig: LoadedConfigFile | undefined,
  cacheDirs?: Set<string>,
): Promise<number> {
  const { configs, options, docsUrl, cache } = runOptions(args, io, explicitConfig);
  if (cache) cacheDirs?.add(cache.dir);
  const early = new EarlyStart(!args.showFiles && mayStartEarly(args, cache), takeHeadStart(), (files, worker) => {
    const threads = threadCount(args.jobs, files);
    return threads > 1 ? new ParallelCheck(options, threads, cache, worker) : undefined;
  });
  try {
    return await checkCollected(args, io, { configs, options, docsUrl, cache }, early);
  } finally {
    early.dispose();
  }
}

/** Files the walk finds before a worker is started early: a tree this small is checked before one would be of use. */
const EARLY_WORKER_AFTER_FILES = 200;

/**
 * Starts a worker during the walk (see EarlyWorker) once it has found enough files, where allowed;
 * then, if those files are source enough for threads (see threadCount), checks every file in
 * parallel from the moment the walk finds it, on that worker and the main thread (ParallelCheck),
 * rather than after the walk: listing the folders of a big tree is mostly waiting for the file system.
 */
class EarlyStart {
  worker: EarlyWorker | undefined;
  /** The run's files, checked as the walk finds them. */
  parallel: ParallelCheck | undefined;
  private found = 0;
  /** The files collected until the run knows whether it checks them in parallel; then undefined. */
  private collected: string[] | undefined = [];

  constructor(
    private readonly allowed: boolean,
    /** A worker started as the process started (see headStart.ts), taken in place of starting one. */
    private headStart: EarlyWorker | undefined,
    private readonly startParallel: (files: readonly string[], worker: EarlyWorker) => ParallelCheck | undefined = () => undefined,
  ) {
    if (!allowed) this.dropHeadStart();
  }

  readonly onFound = (): void => {
    if (!this.allowed || ++this.found !== EARLY_WORKER_AFTER_FILES) return;
    this.worker = this.headStart ?? EarlyWorker.start(CHECK_WORKER_SCRIPT, __dirname, WORKER_HEAP_LIMITS);
    this.headStart = undefined;
  };

  private dropHeadStart(): void {
    this.headStart?.dispose();
    this.headStart = undefined;
  }

  readonly onFile = (path: string): void => {
    if (this.parallel) {
      this.parallel.add(path);
      return;
    }
    if (!this.allowed || !this.collected) return;
    this.collected.push(path);
    if (this.collected.length < EARLY_WORKER_AFTER_FILES) return;
    // Decided once, when the early worker has just started (or could not): in parallel from here on, or after the walk.
    if (this.worker) this.parallel = this.startParallel(this.collected, this.worker);
    for (const file of this.collected) this.parallel?.add(file);
    this.collected = undefined;
  };

  /** Ends what the run did not take: the early worker, and a parallel check the run did not finish (an error). */
  dispose(): void {
    this.dropHeadStart();
    this.worker?.dispose();
    this.parallel?.close();
  }
}

/** Collects the run's files, checks those without a cached result and reports them all. */
async function checkCollected(
  args: CheckArgs,
  io: CliIo,
  { configs, options, docsUrl, cache }: ReturnType<typeof runOptions>,
  early: EarlyStart,
): Promise<number> {
  // Paths that name nothing and folders that cannot be listed are reported like unreadable files.
  const notCollected: CheckedFile[] = [];
  const collected = await collectPythonFiles(args.paths, {
    cwd: io.cwd,
    configs,
    overrides: args.files,
    onFound: early.onFound,
    onFile: early.onFile,
  });
  for (const problem of collected.problems) {
    if (problem.kind === 'no-match') {
      if (!args.quiet) io.stderr(`warning: ${problem.path}: ${problem.message}\n`);
    } else {
      notCollected.push(uncheckedFile(resolve(io.cwd, problem.path), problem.message));
    }
  }
  if (args.showFiles) {
    // As ruff's --show-files: absolute paths, sorted, one per line.
    io.stdout(collected.files.map((file) => `${file}\n`).join(''));
    for (const file of notCollected) io.stderr(`error: ${displayPath(file.path, io.cwd)}: ${file.findings[0].message}\n`);
    return notCollected.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
  }
  if (collected.files.length === 0 && notCollected.length === 0) {
    if (!args.quiet) io.stderr('warning: No Python files found under the given path(s)\n');
    return EXIT_CLEAN;
  }

  const run = early.parallel
    ? // Started during the walk, where the cache had no folder yet: every file is checked.
      await early.parallel.finish(collected.files)
    : await checkAfterWalk(collected.files, args, options, cache, early.worker);
  run.checked.push(...notCollected);
  run.checked.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return report(run, args, io, docsUrl);
}

/** Checks the files of a walk that ended before a parallel check started: with the cache first, then on threads if they pay. */
async function checkAfterWalk(
  files: readonly string[],
  args: CheckArgs,
  options: CheckOptions,
  cache: CacheLocation | undefined,
  early: EarlyWorker | undefined,
): Promise<CheckRun> {
  // Files whose cached result still applies are answered before any parser is loaded.
  const { hits, misses } = cache ? cachedResults(files, options, new ResultCache(cache)) : { hits: [], misses: files };
  const threads = threadCount(args.jobs, misses);
  const run =
    misses.length === 0
      ? { checked: [], failed: [], notes: [] }
      : threads > 1
        ? await checkInParallel(misses, options, threads, cache, early)
        : await checkSerially(misses, options, cache);
  run.checked.push(...hits);
  return run;
}

/** Prints the run in the chosen form (or writes it to --output-file) and says how the command exits. */
function report(run: CheckRun, args: CheckArgs, io: CliIo, docsUrl: string | undefined): number {
  for (const failure of run.failed) io.stderr(`error: ${displayPath(failure.path, io.cwd)}: ${failure.reason}\n`);
  if (!args.quiet) for (const note of run.notes) io.stderr(`note: ${note}\n`);
  if (args.diff) {
    // As ruff's --diff: the diffs only, a count on stderr, exit 1 when something would change.
    const changed = run.checked.filter((file) => file.diff !== undefined && file.diff.before !== file.diff.after);
    emit(diffReport(run, io.cwd), args, io);
    const fixes = changed.reduce((total, file) => total + file.fixed, 0);
    if (!args.quiet) io.stderr(fixes > 0 ? `Would fix ${fixes} problem${fixes === 1 ? '' : 's'}.\n` : 'No fixes to apply.\n');
    if (run.failed.length > 0) return EXIT_ERROR;
    return changed.length > 0 && !args.exitZero ? EXIT_FINDINGS : EXIT_CLEAN;
  }
  // The codes that are not rules of the catalog are described in the report only when they occur.
  const reported = new Set(run.checked.flatMap((file) => file.findings.map((f) => f.code)));
  const rules = [...RULES, ...[FILE_ERROR_RULE, UNUSED_SUPPRESSION_RULE].filter((meta) => reported.has(meta.code))];
  const input: ReportInput = {
    run,
    cwd: io.cwd,
    fix: args.fix,
    unsafeFixes: args.unsafeFixes,
    quiet: args.quiet,
    rules,
    version: PYOPS_VERSION,
    docsUrl,
    // Colour only where a person reads it: the terminal, not a file.
    palette: palette(args.outputFile === undefined && useColour(io.env, io.stdoutIsTTY)),
  };
  emit(args.statistics ? statisticsReport(input, args.format) : REPORTERS[args.format](input), args, io);
  if (run.failed.length > 0) return EXIT_ERROR;
  return countFindings(run) > 0 && !args.exitZero ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** The report goes to stdout, or to --output-file (its folder created, as ruff does). */
function emit(text: string, args: CheckArgs, io: CliIo): void {
  if (args.outputFile === undefined) {
    io.stdout(text);
    return;
  }
  const path = resolve(io.cwd, args.outputFile);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * `pyops check -` / `--stdin-filename NAME`: checks the text on stdin as if it were NAME (its config,
 * per-path ignores and excludes). With --fix, the fixed text goes to stdout and the findings that
 * remain to stderr, as ruff does for editors (conform.nvim and the like).
 */
async function checkStdin(args: CheckArgs, io: CliIo, explicitConfig: LoadedConfigFile | undefined): Promise<number> {
  const ignored = args.paths.filter((path) => path !== '-');
  if (ignored.length > 0 && !args.quiet) io.stderr(`warning: ignoring ${ignored.join(', ')}: checking standard input\n`);
  const bytes = await io.readStdin();
  const path = resolve(io.cwd, args.stdinFilename ?? 'stdin.py');
  const { configs, options, docsUrl } = runOptions(args, io, explicitConfig);
  const fixing = args.fix && !args.diff;
  if (args.stdinFilename !== undefined && isForceExcluded(path, { cwd: io.cwd, configs, overrides: args.files })) {
    // Excluded under force-exclude: no findings, and the text passes through unchanged when fixing.
    if (fixing) io.stdout(bytes.toString('utf8'));
    return EXIT_CLEAN;
  }
  const decoded = decodeSource(bytes);
  let run: CheckRun;
  if (!decoded.ok) {
    run = { checked: [uncheckedFile(path, decoded.reason)], failed: [], notes: [] };
  } else {
    const analyzer = await createAnalyzer({ wasmDir: __dirname });
    const { config, relativePath } = configForFile(path, options);
    // Nothing is written: fixes are shown (diff) or printed (fix).
    const fix = { apply: options.fix.apply === 'none' ? 'none' : 'diff', unsafe: options.fix.unsafe } as const;
    run = { checked: [], failed: [], notes: [] };
    addOutcome(run, new FileChecker({ analyzer, applyFixes }).checkSource(path, decoded.source, config, relativePath, fix));
  }
  if (!fixing) return report(run, args, io, docsUrl);
  const file = run.checked[0];
  io.stdout(decoded.ok ? (decoded.source.hasBom ? '\uFEFF' : '') + (file.diff?.after ?? decoded.source.text) : bytes.toString('latin1'));
  // The findings that remain go to stderr, the fixed text alone to stdout.
  const remaining = report(
    { ...run, checked: run.checked.map((f) => ({ ...f, diff: undefined })) },
    { ...args, fix: true },
    { ...io, stdout: io.stderr },
    docsUrl,
  );
  return remaining;
}

/**
 * Python source each worker should get, at least: starting one (loading the bundle and tree-sitter
 * in a fresh thread) costs about what checking this much on the main thread does, so a small tree
 * is checked faster, and with less CPU, without workers.
 */
const MIN_BYTES_PER_WORKER = 1_000_000;

/**
 * Whether a worker may be started during the walk (see EarlyWorker): threads allowed (`--jobs`
 * unset or above 1, and more than one usable CPU) and no cached results (a first run, or
 * `--no-cache`: with a cache, most files of a big tree are answered from it and need no worker).
 */
function mayStartEarly(args: CheckArgs, cache: CacheLocation | undefined): boolean {
  return (args.jobs ?? usableCpus()) >= 2 && !(cache && existsSync(cache.dir));
}

/** Worker threads for a run: `--jobs`, else one per usable CPU once there is enough source for each; 1 means none. */
export function threadCount(jobs: number | undefined, files: readonly string[]): number {
  if (jobs !== undefined) return Math.min(jobs, files.length);
  const cpus = usableCpus();
  if (cpus === 1) return 1;
  return Math.max(1, Math.min(cpus, Math.floor(sourceBytes(files, cpus * MIN_BYTES_PER_WORKER) / MIN_BYTES_PER_WORKER)));
}

/** The files' total size, added up only until it reaches `enough` (a big tree is not stat'ed through). */
function sourceBytes(files: readonly string[], enough: number): number {
  let total = 0;
  for (let i = 0; i < files.length && total < enough; i++) {
    try {
      total += statSync(files[i]).size;
    } catch {
      // Reported when the file is read.
    }
  }
  return total;
}

async function checkSerially(files: readonly string[], options: CheckOptions, cache: CacheLocation | undefined): Promise<CheckRun> {
  // A rule that throws is a bug: the engine carries on without it, and the run ends with exit code 2.
  const ruleErrors: FailedFile[] = [];
  let currentFile = '';
  const onError = (error: unknown, context: string): void => {
    const detail = error instanceof Error ? error.message : String(error);
    ruleErrors.push({ path: currentFile, reason: `internal error in ${context} (other rules still ran): ${detail}` });
  };
  const analyzer = await createAnalyzer({ wasmDir: __dirname, onError });
  const engine = { analyzer, applyFixes, ruleErrorCount: () => ruleErrors.length };
  const run = checkFiles(files, engine, { ...options, onFileStart: (path) => (currentFile = path) }, cache && new ResultCache(cache));
  run.failed.push(...ruleErrors);
  return run;
}

/** Same run as checkSerially, on worker threads; outcomes are added in file order, so the report is identical. */
function checkInParallel(
  files: readonly string[],
  options: CheckOptions,
  threads: number,
  cache: CacheLocation | undefined,
  early: EarlyWorker | undefined,
): Promise<CheckRun> {
  const parallel = new ParallelCheck(options, threads, cache, early);
  for (const path of files) parallel.add(path);
  return parallel.finish(files);
}
