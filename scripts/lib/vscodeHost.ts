// Offline VS Code host: the VS Code 1.100.3 server build shipped inside the `code-server` npm
// package, installed into the user cache (~/.cache/pyops/vscode-host-<version>) and started on loopback only.
//
// Why not @vscode/test-electron: it downloads VS Code from Microsoft at test time, and this
// project's machines reach only the npm registry and Debian's packages.
//
// The command line is scripts/vscode-host.ts (`npm run host`).
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  lstatSync,
  unlinkSync,
  writeFileSync,
  openSync,
  closeSync,
  statSync,
  accessSync,
  readdirSync,
  constants as fsConstants,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import http from 'node:http';
import { root } from './paths';

export const CODE_SERVER_VERSION = '4.100.3';
/** Bump when the install steps or the product.json patch change, so old caches are redone. */
const HOST_LAYOUT_VERSION = 1;

export const repoRoot = root;
/**
 * The host lives in the user's cache folder, outside the repository: VS Code treats built-in
 * extensions found under the development extension's folder as part of it (their themes then
 * shadow the user's). PYOPS_VSCODE_HOST_DIR overrides the place.
 */
export const hostDir = resolve(
  process.env.PYOPS_VSCODE_HOST_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pyops', `vscode-host-${CODE_SERVER_VERSION}`),
);
export const vscodeDir = join(hostDir, 'node_modules', 'code-server', 'lib', 'vscode');
export const serverMain = join(vscodeDir, 'out', 'server-main.js');
const markerFile = join(hostDir, 'host-complete.json');
const installLog = join(hostDir, 'install.log');

function progress(message: string): void {
  process.stdout.write(`[vscode-host] ${message}\n`);
}

/**
 * Runs a command, appending its output to the install log (npm is noisy; the log keeps the
 * detail for when a step fails). Resolves with the exit code.
 */
function runLogged(
  command: string,
  args: string[],
  { cwd, allowFailure = false }: { cwd: string; allowFailure?: boolean },
): Promise<number> {
  mkdirSync(hostDir, { recursive: true });
  const logFd = openSync(installLog, 'a');
  writeFileSync(logFd, `\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
  return new Promise<number>((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', logFd, logFd], env: process.env });
    child.on('error', (error) => {
      closeSync(logFd);
      reject(new Error(`could not run ${command}: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      closeSync(logFd);
      const exitCode = code ?? (signal ? 128 : 1);
      if (exitCode !== 0 && !allowFailure) {
        reject(new Error(`${command} ${args.join(' ')} failed (exit ${exitCode}) in ${cwd}\n${tailOfLog()}`));
      } else {
        resolvePromise(exitCode);
      }
    });
  });
}

/** The last lines of the install log, for error messages. */
function tailOfLog(): string {
  try {
    const lines = readFileSync(installLog, 'utf8').trimEnd().split('\n');
    return `--- last lines of ${installLog} ---\n${lines.slice(-25).join('\n')}`;
  } catch {
    return '';
  }
}

/** Finds an executable on PATH. */
function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** Replaces whatever is at `linkPath` with a symlink to `target`. */
function forceSymlink(target: string, linkPath: string): void {
  mkdirSync(dirname(linkPath), { recursive: true });
  try {
    const stat = lstatSync(linkPath);
    if (stat.isDirectory() && !stat.isSymbolicLink()) rmSync(linkPath, { recursive: true, force: true });
    else unlinkSync(linkPath);
  } catch {
    // nothing there yet
  }
  symlinkSync(target, linkPath);
}

/** Native modules the server needs, and the file each one's build leaves behind. */
const nativeModules = [
  { name: '@vscode/spdlog', binary: 'node_modules/@vscode/spdlog/build/Release/spdlog.node' },
  { name: 'node-pty', binary: 'node_modules/node-pty/build/Release/pty.node' },
  { name: 'native-watchdog', binary: 'node_modules/native-watchdog/build/Release/watchdog.node' },
];

/** Whether a previous ensureHost() finished for this version and layout. */
function installIsComplete(): boolean {
  try {
    const marker = JSON.parse(readFileSync(markerFile, 'utf8')) as { codeServer?: string; layout?: number };
    return (
      marker.codeServer === CODE_SERVER_VERSION &&
      marker.layout === HOST_LAYOUT_VERSION &&
      existsSync(serverMain) &&
      nativeModules.every((m) => existsSync(join(vscodeDir, m.binary)))
    );
  } catch {
    return false;
  }
}

export interface HostInstall {
  vscodeDir: string;
  serverMain: string;
  version: string;
}

/** Installs the VS Code server host into hostDir, or reuses a complete install. */
export async function ensureHost(): Promise<HostInstall> {
  const result = { vscodeDir, serverMain, version: readVscodeVersion() };
  if (installIsComplete()) {
    patchProductJson();
    result.version = readVscodeVersion();
    progress(`reusing VS Code ${result.version} server in ${vscodeDir}`);
    return result;
  }
  const started = Date.now();
  rmSync(markerFile, { force: true });
  mkdirSync(hostDir, { recursive: true });
  writeFileSync(installLog, '');
  // Its own package.json keeps npm from treating the repository as the project to install into.
  writeFileSync(
    join(hostDir, 'package.json'),
    JSON.stringify({ name: 'pyops-vscode-host', private: true, description: 'offline VS Code test host (generated)' }, null, 2) + '\n',
  );
  const rg = which('rg');
  if (!rg) {
    throw new Error('ripgrep is missing: install Debian\'s "ripgrep" package (apt-get install ripgrep)');
  }

  progress(`installing code-server@${CODE_SERVER_VERSION} (about 30 s; log: ${installLog})`);
  // --ignore-scripts: its install step wants --unsafe-perm as root and then downloads ripgrep.
  await runLogged('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: hostDir,
  });
  if (!existsSync(join(vscodeDir, 'package.json'))) {
    throw new Error(`code-server@${CODE_SERVER_VERSION} installed but ${vscodeDir} is missing\n${tailOfLog()}`);
  }

  progress("installing the VS Code server's own dependencies");
  await runLogged('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: vscodeDir });

  progress('building native modules (spdlog, node-pty, native-watchdog)');
  // node-pty's post-install step exits 1 after pty.node is built (it then runs `npx node-gyp`
  // for a compile_commands file); what matters is that every module's binary exists.
  await runLogged('npm', ['rebuild', ...nativeModules.map((m) => m.name), '--ignore-scripts=false'], {
    cwd: vscodeDir,
    allowFailure: true,
  });
  const missing = nativeModules.filter((m) => !existsSync(join(vscodeDir, m.binary)));
  if (missing.length > 0) {
    throw new Error(`native build failed for ${missing.map((m) => m.name).join(', ')}\n${tailOfLog()}`);
  }

  progress(`linking Debian's ripgrep (${rg}) and node_modules.asar`);
  forceSymlink(rg, join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  forceSymlink('node_modules', join(vscodeDir, 'node_modules.asar'));

  patchProductJson();
  result.version = readVscodeVersion();
  writeFileSync(
    markerFile,
    JSON.stringify(
      { codeServer: CODE_SERVER_VERSION, layout: HOST_LAYOUT_VERSION, vscode: result.version, installedAt: new Date().toISOString() },
      null,
      2,
    ) + '\n',
  );
  progress(`VS Code ${result.version} server ready in ${Math.round((Date.now() - started) / 1000)} s`);
  return result;
}

/** The VS Code version of the cached server, or 'unknown' before install. */
export function readVscodeVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(vscodeDir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * Rewrites the cached product.json so nothing in the server or the workbench it serves looks
 * up a host outside loopback: no extension gallery (code-server falls back to open-vsx when
 * the field is absent, so it is set to an empty gallery), no telemetry, no update service.
 * The server reads this file at start (only the browser bundle has its own copy, and the
 * server hands the browser its gallery and telemetry fields).
 */
export function patchProductJson(): void {
  const productPath = join(vscodeDir, 'product.json');
  // The pristine file, kept per version: the patch is always applied to it, never on top of itself.
  const originalPath = join(hostDir, `product.original.${CODE_SERVER_VERSION}.json`);
  if (!existsSync(originalPath)) writeFileSync(originalPath, readFileSync(productPath));
  const product = JSON.parse(readFileSync(originalPath, 'utf8')) as Record<string, unknown>;
  // An empty serviceUrl turns the gallery off (code-server puts in open-vsx only when the field is missing).
  product.extensionsGallery = { serviceUrl: '', itemUrl: '', resourceUrlTemplate: '', controlUrl: '', recommendationsUrl: '' };
  product.enableTelemetry = false;
  for (const key of [
    'updateUrl',
    'telemetryEndpoint',
    'aiConfig',
    'linkProtectionTrustedDomains',
    'extensionRecommendations',
    'extensionTips',
    'extensionImportantTips',
    'keymapExtensionTips',
    'configBasedExtensionTips',
    'exeBasedExtensionTips',
    'remoteExtensionTips',
    'tasConfig',
    'webviewContentExternalBaseUrlTemplate',
    'newsletterSignupUrl',
    'surveys',
  ]) {
    delete product[key];
  }
  const text = JSON.stringify(product, null, 2) + '\n';
  if (readFileSync(productPath, 'utf8') !== text) writeFileSync(productPath, text);
}

export type Settings = Readonly<Record<string, unknown>>;

/** User settings that keep the workbench and its built-in extensions on loopback and quiet. */
export const offlineSettings: Settings = Object.freeze({
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'workbench.cloudChanges.autoResume': 'off',
  'workbench.cloudChanges.continueOn': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  // Built-in extensions that would otherwise fetch schemas, package info or typings.
  'json.schemaDownload.enable': false,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'typescript.surveys.enabled': false,
  'git.autofetch': false,
  'git.openRepositoryInParentFolders': 'never',
});

/**
 * Settings for automated test runs: offline, plus no workspace-trust prompt (the workbench
 * refuses it in test mode, which would leave the folder in restricted mode).
 */
export const testSettings: Settings = Object.freeze({
  ...offlineSettings,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'workbench.editor.empty.hint': 'hidden',
});

/**
 * Writes the user settings the server hands to the workbench (code-server keeps them on the
 * server, under --user-data-dir).
 */
export function writeUserSettings(userDataDir: string, settings: Settings): void {
  const userDir = join(userDataDir, 'User');
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

/** Lists a process and all its descendants (Linux /proc), parents first. */
function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [rootPid];
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces or parentheses; fields after the last ')' are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const tree: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ends a process, its process group and every descendant: TERM first, KILL after a grace period. */
export async function killProcessTree(rootPid: number, graceMs = 5000): Promise<void> {
  const pids = processTree(rootPid);
  const signalAll = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-rootPid, signal);
    } catch {
      // not a group leader, or already gone
    }
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  };
  signalAll('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(isAlive)) await delay(100);
  if (pids.some(isAlive)) signalAll('SIGKILL');
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

/**
 * Resolves once `url` answers HTTP at all (any status), or rejects at the deadline (epoch ms);
 * `failed` returns a reason when the server died meanwhile.
 */
async function waitForHttp(url: string, deadline: number, failed: () => string | undefined): Promise<void> {
  for (;;) {
    const reason = failed();
    if (reason) throw new Error(reason);
    const answered = await new Promise<boolean>((resolvePromise) => {
      const request = http.get(url, { timeout: 2000 }, (response) => {
        response.resume();
        resolvePromise(true);
      });
      request.on('timeout', () => request.destroy());
      request.on('error', () => resolvePromise(false));
    });
    if (answered) return;
    if (Date.now() > deadline) throw new Error(`VS Code server did not answer at ${url} in time`);
    await delay(200);
  }
}

export interface ServerOptions {
  /** 0 or absent: any free port. */
  port?: number;
  /** Absent: a fresh temporary folder, removed on stop (the same for the next two). */
  extensionsDir?: string;
  userDataDir?: string;
  serverDataDir?: string;
  /** User settings to write (default: testSettings; null: leave the folder's own). */
  settings?: Settings | null;
  /** Also turn trust off for the whole workbench. */
  disableWorkspaceTrust?: boolean;
  /** Folder the workbench opens when the URL names none. */
  defaultFolder?: string;
  /** Receives every line the server prints (default: ignored). */
  onLog?: (line: string) => void;
  /** Extra environment for the server (extension hosts inherit it). */
  env?: Readonly<Record<string, string>>;
  startTimeoutMs?: number;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  port: number;
  pid: number;
  userDataDir: string;
  extensionsDir: string;
  serverDataDir: string;
  /** Everything the server printed so far. */
  output: () => string;
  /** Settles with the exit code when the server process ends. */
  exited: Promise<number | null>;
  /** Ends the server's whole process tree, removes temporary folders. */
  stop: () => Promise<void>;
}

/** Starts the VS Code server on 127.0.0.1 (after ensureHost()). */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  if (!existsSync(serverMain)) throw new Error('VS Code host is not installed: run `npm run host`');
  const temporary: string[] = [];
  const folder = (given: string | undefined, label: string): string => {
    if (given) {
      mkdirSync(given, { recursive: true });
      return given;
    }
    const made = mkdtempSync(join(tmpdir(), `pyops-vscode-${label}-`));
    temporary.push(made);
    return made;
  };
  const userDataDir = folder(options.userDataDir, 'user');
  const extensionsDir = folder(options.extensionsDir, 'ext');
  const serverDataDir = folder(options.serverDataDir, 'server');
  if (options.settings !== null) writeUserSettings(userDataDir, options.settings ?? testSettings);

  const args = [
    serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    String(options.port ?? 0),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--server-data-dir',
    serverDataDir,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--telemetry-level',
    'off',
    '--disable-update-check',
    '--disable-getting-started-override',
  ];
  if (options.disableWorkspaceTrust) args.push('--disable-workspace-trust');
  if (options.defaultFolder) args.push('--default-folder', options.defaultFolder);

  // Its own process group, so stop() can end the extension hosts and their children too.
  const child = spawn(process.execPath, args, {
    cwd: vscodeDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // code-server also reads the gallery from this variable; an empty one keeps it off even if
    // product.json were replaced.
    env: { ...process.env, ...options.env, EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }) },
  });
  const pid = child.pid!;
  let output = '';
  let listeningPort: number | undefined;
  let exitReason: string | undefined;
  const onLog = options.onLog ?? (() => {});
  let pending = '';
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString();
    output += text;
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const match = /Extension host agent listening on (\d+)/.exec(line);
      if (match) listeningPort = Number(match[1]);
      onLog(line);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  child.on('error', (error) => (exitReason = `could not start the VS Code server: ${error.message}`));
  const exited = new Promise<number | null>((resolveExit) => {
    child.on('exit', (code, signal) => {
      exitReason = `VS Code server exited early (code ${code}, signal ${signal})\n${output.slice(-3000)}`;
      resolveExit(code);
    });
  });
  // If this Node process dies without stop(), do not leave a server behind.
  const killOnExit = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) await killProcessTree(pid);
    else await killProcessTree(pid, 1000);
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
    while (listeningPort === undefined) {
      if (exitReason) throw new Error(exitReason);
      if (Date.now() > deadline) throw new Error(`VS Code server did not report its port in time\n${output.slice(-3000)}`);
      await delay(100);
    }
    const url = `http://127.0.0.1:${listeningPort}`;
    await waitForHttp(`${url}/`, deadline, () => exitReason);
    return { url, port: listeningPort, pid, userDataDir, extensionsDir, serverDataDir, output: () => output, exited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Installs a .vsix into an extensions folder with the server's own CLI; returns what the CLI printed. */
export async function installVsix(vsixPath: string, extensionsDir: string): Promise<string> {
  if (!existsSync(serverMain)) throw new Error('VS Code host is not installed: run `npm run host`');
  if (!existsSync(vsixPath)) throw new Error(`no such VSIX: ${vsixPath}`);
  mkdirSync(extensionsDir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'pyops-vscode-install-'));
  try {
    const args = [
      serverMain,
      '--accept-server-license-terms',
      '--server-data-dir',
      join(scratch, 'server'),
      '--user-data-dir',
      join(scratch, 'user'),
      '--extensions-dir',
      extensionsDir,
      '--install-extension',
      resolve(vsixPath),
      '--force',
    ];
    const child = spawn(process.execPath, args, {
      cwd: vscodeDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }) },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number>((resolvePromise, reject) => {
      child.on('error', reject);
      child.on('exit', (exitCode) => resolvePromise(exitCode ?? 1));
    });
    // The CLI exits 0 even when an install fails; its success line is what counts.
    if (code !== 0 || !/was successfully installed/.test(output)) {
      throw new Error(`installing ${vsixPath} failed (exit ${code}):\n${output}`);
    }
    return output;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
