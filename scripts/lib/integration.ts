// Runs a mocha suite inside a real VS Code (the offline host of vscodeHost.ts): server on
// 127.0.0.1, Debian's chromium as the window, the extension under development and the suite
// loaded the way `code --extensionDevelopmentPath --extensionTestsPath` does. The command line is
// scripts/run-integration.ts.
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { ensureHost, repoRoot, startServer, testSettings, type RunningServer } from './vscodeHost';
import { DRIVER_VARIABLE, startWorkbenchDriver, type WorkbenchDriver } from './workbenchDriver';

/** The suite's index prints this prefix and a JSON object with its counts (see test/integration/index.ts). */
export const SUMMARY_MARKER = 'PYOPS_INTEGRATION_SUMMARY';
/**
 * Environment variable naming the tag the suite's index puts before each line of mocha's
 * report. The extension host's console reaches the runner mixed with the workbench's own log
 * messages; the tag tells the report apart.
 */
export const OUTPUT_TAG_VARIABLE = 'PYOPS_TEST_OUTPUT_TAG';
/** Environment variable holding --grep for the suite's index. */
const GREP_VARIABLE = 'PYOPS_TEST_GREP';
export const chromiumPath = '/usr/bin/chromium';
const logDir = join(repoRoot, '.cache', 'integration-logs');

/**
 * Flags for Debian's chromium. The resolver rule makes every host name but loopback fail at
 * once, so nothing in the workbench can look up an outside host even by mistake.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/**
 * Workbench errors that say nothing about the extension: code-server's own service worker is
 * not part of the VS Code server build the host runs.
 */
const knownHarmless = [/\[Service Worker\] registration/];

export interface IntegrationOptions {
  /** Folder holding the extension's package.json (default: the repository). */
  extensionPath?: string;
  /** The compiled suite index exporting run() (default: out/test/integration/index.js). */
  suitePath?: string;
  /** Folder to open (default: test/fixtures/workspace). */
  workspace?: string;
  /** Deadline for the whole run, start to cleanup (default: 5 minutes). */
  timeoutMs?: number;
  /** Also print the server's and the workbench's own logs. */
  verbose?: boolean;
  /** Run only the tests whose full title contains this text. */
  grep?: string;
  /** Where test output goes (default: stdout). */
  print?: (line: string) => void;
}

interface Counts {
  passed: number;
  failed: number;
  pending: number;
}

export interface IntegrationResult extends Counts {
  /** 0 only when the suite ran and nothing failed. */
  exitCode: number;
  /** Non-loopback addresses the workbench tried to reach. */
  outsideRequests: string[];
  /** Why the run could not finish, if it could not. */
  error?: string;
}

/** Parses the suite's summary line. */
export function parseSummaryLine(line: string): Counts | undefined {
  const at = line.indexOf(SUMMARY_MARKER);
  if (at < 0) return undefined;
  try {
    const value = JSON.parse(line.slice(at + SUMMARY_MARKER.length).trim()) as Partial<Counts>;
    const { passed, failed, pending } = value;
    if (isCount(passed) && isCount(failed) && isCount(pending)) return { passed, failed, pending };
  } catch {
    // not our line after all
  }
  return undefined;
}

function isCount(n: unknown): n is number {
  return Number.isInteger(n) && (n as number) >= 0;
}

/** Webview resource addresses: served by the workbench's service worker, never the network. */
function isWebviewResource(url: string): boolean {
  try {
    return new URL(url).hostname.endsWith('.vscode-resource.vscode-cdn.net');
  } catch {
    return false;
  }
}

function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return true; // data:, blob:, vscode-...:
  return ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname) || parsed.hostname.endsWith('.localhost');
}

/** Rejects after `ms`, unless the returned cancel function is called first. */
function deadline(ms: number, message: string): { promise: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Runs the suite inside VS Code and resolves with mocha's counts. Never throws for a failing
 * or broken run: the result says what happened.
 */
export async function runIntegration(options: IntegrationOptions = {}): Promise<IntegrationResult> {
  const extensionPath = resolve(options.extensionPath ?? repoRoot);
  const suitePath = resolve(options.suitePath ?? join(repoRoot, 'out', 'test', 'integration', 'index.js'));
  const workspace = resolve(options.workspace ?? join(repoRoot, 'test', 'fixtures', 'workspace'));
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const verbose = options.verbose ?? false;
  const print = options.print ?? ((line: string) => void process.stdout.write(line + '\n'));
  const result: IntegrationResult = { exitCode: 1, passed: 0, failed: 0, pending: 0, outsideRequests: [] };

  for (const [what, path, hint] of [
    ['extension folder', join(extensionPath, 'package.json'), 'a folder with package.json'],
    ['suite', suitePath, 'build it with `node scripts/build.mjs --tests`'],
    ['workspace', workspace, 'a folder to open'],
  ]) {
    if (!existsSync(path)) {
      result.error = `${what} not found: ${path} (${hint})`;
      return result;
    }
  }

  const started = Date.now();
  const overall = deadline(timeoutMs, `integration run did not finish within ${Math.round(timeoutMs / 1000)} s`);
  overall.promise.catch(() => {}); // observed below; avoid an unhandled rejection if unused
  mkdirSync(logDir, { recursive: true });
  const serverLog = join(logDir, 'server.log');
  const browserLog = join(logDir, 'browser.log');
  writeFileSync(serverLog, '');
  writeFileSync(browserLog, '');
  const scratch = mkdtempSync(join(tmpdir(), 'pyops-integration-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  process.once('exit', removeScratch); // if the process is ended mid-run

  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let summary: Counts | undefined;
  const outputTag = `[pyops-test-${randomBytes(4).toString('hex')}] `;
  /** Workbench errors, shown when the run fails. */
  const workbenchErrors: string[] = [];
  let driver: WorkbenchDriver | undefined;

  try {
    await Promise.race([ensureHost(), overall.promise]);
    driver = await startWorkbenchDriver({ userDataDir: join(scratch, 'user-data') });
    const starting = startServer({
      userDataDir: join(scratch, 'user-data'),
      extensionsDir: join(scratch, 'extensions'),
      serverDataDir: join(scratch, 'server-data'),
      settings: testSettings,
      env: { [OUTPUT_TAG_VARIABLE]: outputTag, [DRIVER_VARIABLE]: driver.url, ...(options.grep ? { [GREP_VARIABLE]: options.grep } : {}) },
      onLog: (line) => {
        appendFileSync(serverLog, line + '\n');
        if (verbose) print(`[server] ${line}`);
      },
    });
    server = await Promise.race([starting, overall.promise]).catch((error: unknown) => {
      // The deadline won: a server that comes up late is stopped all the same.
      starting.then(
        (late) => late.stop(),
        () => {},
      );
      throw error;
    });
    const running = server;
    if (verbose) print(`[integration] VS Code server at ${running.url}`);

    if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found: install Debian's "chromium" package`);
    const { chromium } = await import('playwright-core');
    const launching = chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    browser = await Promise.race([launching, overall.promise]).catch((error: unknown) => {
      launching.then(
        (late) => late.close(),
        () => {},
      );
      throw error;
    });
    const context = await browser.newContext();
    // Webview resources use a *.vscode-resource.vscode-cdn.net address that the workbench's service
    // worker answers locally. Anything that would really go out to it is aborted here, so webviews
    // that render prove they were served locally.
    await context.route(/^https:\/\/[^/]*\.vscode-resource\.vscode-cdn\.net\//, (route) => route.abort());
    const page = await context.newPage();
    driver.attach(page);

    const watchRequest = (url: string): void => {
      if (isLoopbackUrl(url) || isWebviewResource(url)) return;
      const origin = new URL(url).origin;
      if (!result.outsideRequests.includes(origin)) result.outsideRequests.push(origin);
      appendFileSync(browserLog, `[outside request] ${url}\n`);
      print(`[integration] warning: the workbench tried to reach ${origin}`);
    };
    context.on('request', (request) => watchRequest(request.url()));
    page.on('websocket', (socket) => watchRequest(socket.url()));

    // The same messages also reach codeAutomationLog below, which is what gets printed.
    page.on('console', (message) => appendFileSync(browserLog, `[console.${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => {
      appendFileSync(browserLog, `[pageerror] ${error.stack ?? error.message}\n`);
      if (verbose) print(`[browser] page error: ${error.message}`);
    });

    let exited: (code: number) => void = () => {};
    const exitPromise = new Promise<number>((resolveExit) => (exited = resolveExit));
    // The workbench's log, with the extension host's console in it while tests run.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const text = Array.isArray(args) ? args.map(String).join(' ') : String(args);
      for (const line of text.split('\n')) {
        if (line.startsWith(outputTag)) {
          const report = line.slice(outputTag.length);
          const parsed = parseSummaryLine(report);
          if (parsed) summary = parsed;
          else print(report);
        } else {
          driver?.log(`[${type}] ${line}`);
          appendFileSync(browserLog, `[workbench ${type}] ${line}\n`);
          if (type === 'error' && !knownHarmless.some((pattern) => pattern.test(line))) workbenchErrors.push(line);
          if (verbose) print(`[workbench ${type}] ${line}`);
        }
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => exited(code));

    const remote = (path: string): string => `vscode-remote://127.0.0.1:${running.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(suitePath)],
      ['skipWelcome', 'true'],
    ];
    const url = `${running.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    print(`[integration] VS Code ${running.url} running ${suitePath}`);
    await Promise.race([page.goto(url), overall.promise]);

    const code = await Promise.race([exitPromise, overall.promise]);
    if (!summary) {
      result.error = `the suite exited with code ${code} without reporting its counts (see ${browserLog})`;
      result.exitCode = code === 0 ? 1 : code;
    } else {
      Object.assign(result, summary);
      result.exitCode = code !== 0 || summary.failed > 0 ? Math.max(code, 1) : 0;
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    result.exitCode = 1;
    if (summary) Object.assign(result, summary);
  } finally {
    overall.cancel();
    // Cleanup gets its own bounded time: a hung browser must not keep the run alive.
    if (browser) {
      const closing = deadline(15_000, 'chromium did not close');
      await Promise.race([browser.close(), closing.promise]).catch(() => {});
      closing.cancel();
    }
    if (server) await server.stop();
    await driver?.close();
    removeScratch();
    process.off('exit', removeScratch);
  }
  if (result.exitCode !== 0 && !verbose && workbenchErrors.length > 0) {
    print('[integration] last errors in the workbench log:');
    for (const line of workbenchErrors.slice(-20)) print(`  ${line}`);
  }
  if (result.error) {
    print(`[integration] error: ${result.error}`);
    print(`[integration] logs: ${serverLog}, ${browserLog}`);
  }
  if (result.outsideRequests.length > 0) {
    print(`[integration] the workbench tried to reach outside loopback: ${result.outsideRequests.join(', ')}`);
  }
  print(`[integration] finished in ${Math.round((Date.now() - started) / 1000)} s`);
  return result;
}
