// README screenshots, taken in a real VS Code: builds PyOps, serves the offline VS Code host on
// examples/ with the repository as the extension under development (as `npm start` does), drives
// the workbench in Debian's headless chromium with the keyboard, and writes docs/images/*.png.
//
// Usage: npm run screenshots [-- --no-build] [--only NAME[,NAME...]] [--verbose]
//   NAME: diagnostics, problems, profile-table, profile-flame (profile-flame also takes profile-table)
// The callbacks given to page.evaluate/waitForFunction run in the workbench page (DOM types).
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { waitFor } from '../test/helpers/waitFor';
import { buildExtension } from './lib/buildExtension';
import { chromiumArgs, chromiumPath } from './lib/integration';
import { delay, ensureHost, repoRoot, startServer, testSettings } from './lib/vscodeHost';

const imagesDir = join(repoRoot, 'docs', 'images');
const workspace = join(repoRoot, 'examples');
const viewport = { width: 1600, height: 1000 };
/** README images stay light enough for a repository page. */
const maxImageBytes = 300 * 1024;
const shotNames = ['diagnostics', 'problems', 'profile-table', 'profile-flame', 'profile-threads'];

/**
 * testSettings grant workspace trust (profiling runs the workspace's code) and keep the workbench
 * offline; the rest keeps the pictures about PyOps rather than the workbench's own prompts.
 * No colour theme here: the development host ignores the setting (see selectColorTheme).
 */
const screenshotSettings = {
  ...testSettings,
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'window.title': '${rootName}',
};

function say(message: string): void {
  process.stdout.write(`[screenshots] ${message}\n`);
}

/** waitFor on the page: a probe that throws (the page is mid-update) or answers false is not there yet. */
function until<T>(what: string, probe: () => Promise<T | false | undefined>, timeoutMs = 30_000): Promise<T> {
  return waitFor(
    what,
    () =>
      probe().then(
        (value) => (value === false ? undefined : value),
        () => undefined,
      ),
    { timeoutMs, intervalMs: 150 },
  );
}

/** Keyboard-driven steps on the workbench page. */
class Workbench {
  constructor(readonly page: Page) {}

  /** Waits until the quick input (Ctrl+P, F1, Ctrl+G) is open. */
  async quickInputOpen() {
    await this.page.locator('.quick-input-widget input.input').waitFor({ state: 'visible' });
  }

  async quickInputClosed() {
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /**
   * Runs a command by its title (e.g. "PyOps: Profile Current File") from the Command Palette, once
   * the palette's top row is that title; `opensPicker`: the command shows a quick pick of its own.
   */
  async runCommand(title: string, { opensPicker = false }: { opensPicker?: boolean } = {}): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInputOpen();
    await this.page.keyboard.type(title);
    await this.pickRow(title, !opensPicker);
  }

  /**
   * Moves the quick input's focus to the row labelled `label` (other rows may rank above it) and
   * accepts it; `closes`: wait for the quick input to close afterwards.
   */
  async pickRow(label: string, closes = true): Promise<void> {
    const labels = () =>
      this.page.evaluate(() =>
        Array.from(document.querySelectorAll('.quick-input-list .monaco-list-row')).map((row) => ({
          label: row.querySelector('.label-name')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
          focused: row.classList.contains('focused'),
        })),
      );
    const rows = await until(
      `"${label}" in the quick input`,
      async () => {
        const current = await labels();
        return current.some((row) => row.label === label) ? current : undefined;
      },
      20_000,
    );
    for (let step = 0; step < rows.length; step++) {
      if ((await labels()).find((row) => row.focused)?.label === label) {
        await this.page.keyboard.press('Enter');
        if (closes) await this.quickInputClosed();
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`could not move to "${label}" in the quick input`);
  }

  /**
   * Switches the colour theme with its picker. The workbench.colorTheme setting does not apply
   * here: with the repository as the development extension, every built-in theme (the host is
   * installed under the repository's .cache/) counts as a theme of the extension under
   * development, and the workbench picks the first of those. `label`: e.g. "Dark Modern";
   * `themeClass`: the class the workbench gets once the theme applies.
   */
  async selectColorTheme(label: string, themeClass: string): Promise<void> {
    await this.runCommand('Preferences: Color Theme', { opensPicker: true });
    // The palette's text is replaced by the theme list; typing filters it.
    await until('the theme list', async () => (await this.page.locator('.quick-input-widget input.input').inputValue()) === '');
    await this.page.keyboard.type(label);
    await this.pickRow(label);
    await this.page.locator(`.monaco-workbench.${themeClass}`).waitFor();
  }

  /** Opens a workspace file (e.g. backup_database.py) with Quick Open (Ctrl+P) and waits for its editor to be active. */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    await this.quickInputOpen();
    await this.page.keyboard.type(name);
    await this.pickRow(name);
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor();
    await this.page.locator('.editor-instance .monaco-editor.focused').waitFor();
  }

  /** Moves the cursor with Go to Line (Ctrl+G); line and column are 1-based. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.quickInputOpen();
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInputClosed();
    await this.page.waitForFunction(
      (wanted) => document.querySelector('.statusbar-item[id="status.editor.selection"]')?.textContent?.includes(wanted),
      `Ln ${line}, Col ${column}`,
    );
  }

  /** Scrolls the active editor back to its first line with the mouse wheel (the cursor stays). */
  async scrollEditorToTop() {
    const lines = this.page.locator('.editor-instance .monaco-editor.focused .lines-content');
    const box = await lines.locator('xpath=ancestor::div[contains(@class,"monaco-scrollable-element")][1]').boundingBox();
    if (!box) throw new Error('no focused editor to scroll');
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.mouse.wheel(0, -2000);
    await until(
      'the editor to show its first line',
      async () => (await lines.evaluate((el) => (el as HTMLElement).style.top)) === '0px',
      5_000,
    );
  }

  /** Clears the notification toasts (the status bar bell keeps them) so none covers the view. */
  async clearNotifications() {
    if ((await this.page.locator('.notification-toast').count()) === 0) return;
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notification-toast').first().waitFor({ state: 'detached' });
  }

  /** Hides the bottom panel (Problems, Output) if it is open. */
  async hidePanel() {
    if (await this.page.locator('.part.panel').isVisible()) {
      await this.runCommand('View: Hide Panel');
      await this.page.locator('.part.panel').waitFor({ state: 'hidden' });
    }
  }

  /** Drags the sash above the bottom panel up until the panel is at least `height` pixels tall. */
  async growPanel(height: number): Promise<void> {
    const panel = this.page.locator('.part.panel');
    const box = await panel.boundingBox();
    if (!box || box.height >= height) return;
    const x = box.x + box.width / 2;
    await this.page.mouse.move(x, box.y);
    await this.page.mouse.down();
    await this.page.mouse.move(x, box.y - (height - box.height), { steps: 8 });
    await this.page.mouse.up();
    await until(`the panel to grow to ${height} px`, async () => ((await panel.boundingBox())?.height ?? 0) >= height - 2, 5_000);
  }

  async closeAllEditors() {
    await this.runCommand('View: Close All Editors');
    await this.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
  }

  /** Writes one screenshot (`name` without .png) after a short settle (caret blink, fade-in animations) and checks its size. */
  async capture(name: string): Promise<void> {
    await this.clearNotifications();
    await delay(400);
    const file = join(imagesDir, `${name}.png`);
    await this.page.screenshot({ path: file, type: 'png' });
    const bytes = statSync(file).size;
    say(`wrote ${file} (${Math.round(bytes / 1024)} KB)`);
    if (bytes > maxImageBytes) throw new Error(`${file} is ${Math.round(bytes / 1024)} KB, over the ${maxImageBytes / 1024} KB limit`);
  }
}

/** The frame holding the profile viewer (a webview: an iframe inside an iframe of the workbench). */
async function profileViewerFrame(page: Page): Promise<Frame> {
  return until(
    'the profile panel to render its function table',
    async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        const rows = await frame
          .locator('.vt-body .vt-row')
          .count()
          .catch(() => 0);
        if (rows > 0) return frame;
      }
      return undefined;
    },
    60_000,
  );
}

async function shootDiagnostics(bench: Workbench): Promise<void> {
  const { page } = bench;
  await bench.openFile('backup_database.py');
  // Squiggles mean the language server is up and has checked the file.
  await page.locator('.view-overlays .squiggly-error').first().waitFor({ timeout: 60_000 });
  await page.locator('.view-overlays .squiggly-warning').first().waitFor();
  await bench.goTo(25, 5); // subprocess.run([...]) without check= or timeout=
  await bench.scrollEditorToTop(); // Go to Line scrolls a line down; the docstring reads better whole
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget');
  await menu.waitFor();
  await menu.getByText('Add check=True').first().waitFor();
  await bench.capture('diagnostics');
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
}

async function shootProblems(bench: Workbench): Promise<void> {
  const { page } = bench;
  await bench.closeAllEditors();
  await bench.openFile('rotate_logs.py');
  await bench.runCommand('PyOps: Check Workspace');
  await bench.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  const filesListed = (names: string[]) =>
    page.waitForFunction(
      (wanted) => {
        const rows = Array.from(document.querySelectorAll('.markers-panel .monaco-list-row')).map((row) => row.textContent ?? '');
        return wanted.every((name) => rows.some((text) => text.includes(name)));
      },
      names,
      { timeout: 60_000 },
    );
  // Files that were never opened are listed only once the workspace check has run.
  await filesListed(['backup_database.py', 'cleanup_tmp.py', 'rotate_logs.py']);
  await page.locator('.markers-panel .monaco-list-row').getByText('OPS101').first().waitFor();
  await bench.growPanel(560);
  await bench.capture('problems');
}

async function shootProfile(bench: Workbench): Promise<void> {
  const { page } = bench;
  await bench.hidePanel();
  await bench.closeAllEditors();
  // The table's columns need the width more than the explorer does.
  await bench.runCommand('View: Close Primary Side Bar');
  await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
  await bench.openFile('compact_logs.py');
  await bench.runCommand('PyOps: Profile Current File');
  await page.locator('.tabs-container .tab[aria-label^="Profile: compact_logs.py"]').waitFor({ timeout: 60_000 });
  const viewer = await profileViewerFrame(page);
  // CodeLens hints are drawn over each profiled def, e.g. "parse_line: 249 ms cumulative · 25.9 % · 100,000 calls".
  await page.locator('.monaco-editor .codelens-decoration a', { hasText: '%' }).first().waitFor({ timeout: 30_000 });
  // The script's output channel opens during the run; the picture is about the panel and the hints.
  await bench.hidePanel();
  // Bring the hot functions (parse_line, summarise, percentile, compress) and their hints into view.
  await bench.goTo(60, 1);
  await page.locator('.monaco-editor .codelens-decoration a', { hasText: 'parse_line' }).waitFor();
  await bench.capture('profile-table');

  await viewer.locator('#tab-flame').click();
  await viewer.locator('#panel-flame:not([hidden]) canvas.flame-canvas').waitFor();
  await until('the flame graph to be drawn', () =>
    viewer.locator('canvas.flame-canvas').evaluate((canvas) => (canvas as HTMLCanvasElement).width > 0),
  );
  await bench.capture('profile-flame');
}

/** A thread-pool script's flame graph from its sampled stacks: one root per thread, waiting drawn apart. */
async function shootThreads(bench: Workbench): Promise<void> {
  const { page } = bench;
  await bench.hidePanel();
  await bench.closeAllEditors();
  await bench.openFile('fleet_report.py');
  await bench.runCommand('PyOps: Profile Current File');
  await page.locator('.tabs-container .tab[aria-label^="Profile: fleet_report.py"]').waitFor({ timeout: 60_000 });
  const viewer = await profileViewerFrame(page);
  await bench.hidePanel();
  await viewer.locator('#tab-flame').click();
  await viewer.locator('#panel-flame:not([hidden]) canvas.flame-canvas').waitFor();
  await until('the flame graph to be drawn', () =>
    viewer.locator('canvas.flame-canvas').evaluate((canvas) => (canvas as HTMLCanvasElement).width > 0),
  );
  await bench.capture('profile-threads');
}

function parseArgs(argv: string[]): { build: boolean; only: Set<string>; verbose: boolean } {
  const options = { build: true, only: new Set(shotNames), verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--no-build') options.build = false;
    else if (flag === '--verbose') options.verbose = true;
    else if (flag === '--only') {
      const names = (argv[++i] ?? '').split(',').filter(Boolean);
      const unknown = names.filter((name) => !shotNames.includes(name));
      if (names.length === 0 || unknown.length > 0) throw new Error(`--only takes names from: ${shotNames.join(', ')}`);
      options.only = new Set(names);
    } else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.build) {
    say('building PyOps');
    await buildExtension();
  }
  await ensureHost();
  mkdirSync(imagesDir, { recursive: true });
  // A fresh profile each run, so window state from an earlier run never shows; removed even on Ctrl+C.
  const scratch = mkdtempSync(join(tmpdir(), 'pyops-screenshots-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  process.once('exit', removeScratch);
  const server = await startServer({
    userDataDir: join(scratch, 'user-data'),
    extensionsDir: join(scratch, 'extensions'),
    serverDataDir: join(scratch, 'server-data'),
    settings: screenshotSettings,
    onLog: (line) => {
      if (options.verbose) say(`[server] ${line}`);
    },
  });
  let browser: Browser | undefined;
  try {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    // Webview resources are answered by the workbench's service worker; nothing may go out for them.
    await context.route(/^https:\/\/[^/]*\.vscode-resource\.vscode-cdn\.net\//, (route) => route.abort());
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    if (options.verbose) page.on('console', (message) => say(`[console.${message.type()}] ${message.text()}`));

    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${repoRoot}`],
      ['skipWelcome', 'true'],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    say(`opening ${url}`);
    await page.goto(url);
    await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
    // The explorer listing the examples means the folder is open and the workbench is ready for keys.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'backup_database.py' }).waitFor({ timeout: 60_000 });
    const bench = new Workbench(page);

    try {
      await bench.selectColorTheme('Dark Modern', 'vscode-theme-defaults-themes-dark_modern-json');
      if (options.only.has('diagnostics')) await shootDiagnostics(bench);
      if (options.only.has('problems')) await shootProblems(bench);
      if (options.only.has('profile-table') || options.only.has('profile-flame')) await shootProfile(bench);
      if (options.only.has('profile-threads')) await shootThreads(bench);
    } catch (error) {
      // What the workbench showed when a step gave up says more than the timeout message.
      const failure = join(repoRoot, '.cache', 'screenshots-failure.png');
      await page.screenshot({ path: failure }).then(
        () => say(`the page at the failure: ${failure}`),
        () => {},
      );
      throw error;
    }
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    removeScratch();
  }
}

// Exit through process.exit so the host's 'exit' hook stops the server on Ctrl+C.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
main().catch((error: unknown) => {
  console.error(`[screenshots] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
