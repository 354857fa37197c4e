// Bench 6: loading and rendering a 10,000-function profile in the profile viewer (the built
// dist/webview/profileView.js and media/profile.css) in Debian's chromium, driven by
// playwright-core. A stand-in acquireVsCodeApi plays the extension's part of the protocol:
// wait for `ready`, then post `{ type: 'profile', ... }`. Timed from that post until the table
// shows rows and a frame was painted, then from clicking the flame graph tab until the canvas
// has drawn and a frame was painted. Peer: the same page with a 100-function profile.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { builtFile, repoRoot } from './support/paths';
import { progress, runBench, targetFigure, type Figure } from './support/result';
import { describeMs, formatMs, formatNumber, summarize } from './support/stats';
import { servePage } from './viewer/page';
import { syntheticProfile } from './viewer/syntheticProfile';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const LARGE = 10_000;
const SMALL = 100;

interface Sample {
  tableMs: number;
  flameMs: number;
  rows: number;
  /** What the viewer itself reports in its `rendered` message (post -> first frame of the table). */
  viewerMs: number | null;
}

/**
 * Runs in the page. Kept as source text so the bundler cannot rewrite it; everything it needs
 * comes in `args`.
 */
const MEASURE = `async (args) => {
  const profile = await (await fetch('/profile/' + args.name)).json();
  const message = { type: 'profile', profile, title: args.title, baseDir: '/srv/jobs', capabilities: { compare: false, rerun: true, saveProf: true } };
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  // The condition holds at the start of frame k; the next animation frame starts after frame k was painted.
  const paintedAfter = async (condition, what, started) => {
    for (;;) {
      await nextFrame();
      if (condition()) break;
      if (performance.now() - started > 60000) throw new Error('timed out waiting for ' + what);
    }
    await nextFrame();
    return performance.now();
  };
  const dataRows = () => {
    const grid = document.querySelector('[role="grid"]');
    if (!grid) return 0;
    return [...grid.querySelectorAll('[role="row"]')].filter((row) => !row.querySelector('[role="columnheader"]') && row.textContent.trim() !== '').length;
  };
  await nextFrame();
  const posted = performance.now();
  window.postMessage(message, '*');
  const tablePainted = await paintedAfter(() => dataRows() > 0, 'table rows', posted);
  const rows = dataRows();
  const flameTab = [...document.querySelectorAll('[role="tab"]')].find((tab) => /flame/i.test(tab.textContent));
  if (!flameTab) throw new Error('the viewer has no flame graph tab');
  const drawsBefore = window.__canvasDraws;
  const clicked = performance.now();
  flameTab.click();
  const flamePainted = await paintedAfter(() => window.__canvasDraws > drawsBefore, 'the flame graph to draw', clicked);
  const rendered = window.__fromViewer.find((m) => m && m.type === 'rendered');
  return { tableMs: tablePainted - posted, flameMs: flamePainted - clicked, rows, viewerMs: rendered ? rendered.milliseconds : null };
}`;

async function measureOnce(page: Page, baseUrl: string, name: string, title: string): Promise<Sample> {
  const errors: string[] = [];
  const onError = (error: Error): void => void errors.push(error.message);
  page.on('pageerror', onError);
  try {
    await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
    await page.waitForFunction('window.__fromViewer.some((m) => m && m.type === "ready")', undefined, { timeout: 30_000 });
    const sample = (await page.evaluate(`(${MEASURE})(${JSON.stringify({ name, title })})`)) as Sample;
    if (errors.length > 0) throw new Error(`the viewer threw: ${errors.join('; ')}`);
    return sample;
  } finally {
    page.off('pageerror', onError);
  }
}

void runBench(6, 'viewer', 'Profile viewer: load and render a 10,000-function profile', async ({ quick }) => {
  if (!existsSync(CHROMIUM)) {
    return { status: 'skipped', reason: `${CHROMIUM} is missing (as root: apt-get install -y chromium)`, figures: [], notes: [] };
  }
  const script = builtFile('webview/profileView.js');
  const stylesheet = join(repoRoot, 'media', 'profile.css');
  progress(`viewer: generating ${formatNumber(LARGE)}- and ${SMALL}-function profiles`);
  const profiles = new Map([
    ['large.json', JSON.stringify(syntheticProfile(LARGE))],
    ['small.json', JSON.stringify(syntheticProfile(SMALL))],
  ]);
  const server = await servePage({ script, stylesheet, profiles });
  const { chromium } = await import('playwright-core');
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const repetitions = quick ? 2 : 8;
    // One unmeasured load of each first: chromium's own caches and code warm up once per browser.
    await measureOnce(page, server.url, 'small.json', 'warm-up');
    await measureOnce(page, server.url, 'large.json', 'warm-up');
    const large: Sample[] = [];
    const small: Sample[] = [];
    for (let i = 0; i < repetitions; i++) {
      const runLarge = async (): Promise<void> =>
        void large.push(await measureOnce(page, server.url, 'large.json', `nightly_sync.py (${i})`));
      const runSmall = async (): Promise<void> => void small.push(await measureOnce(page, server.url, 'small.json', `small.py (${i})`));
      if (i % 2 === 0) {
        await runLarge();
        await runSmall();
      } else {
        await runSmall();
        await runLarge();
      }
      const last = large.at(-1)!;
      progress(
        `viewer: ${i + 1}/${repetitions}: 10,000 functions table ${formatMs(last.tableMs)} + flame ${formatMs(last.flameMs)}; 100 functions ${formatMs(small.at(-1)!.tableMs + small.at(-1)!.flameMs)}`,
      );
    }
    const total = (samples: Sample[]): number[] => samples.map((s) => s.tableMs + s.flameMs);
    const largeTotal = summarize(total(large));
    const smallTotal = summarize(total(small));
    const largeTable = summarize(large.map((s) => s.tableMs));
    const largeFlame = summarize(large.map((s) => s.flameMs));
    const viewerOwn = large.map((s) => s.viewerMs).filter((v): v is number => v !== null);
    const figures: Figure[] = [
      targetFigure(
        {
          label: `${formatNumber(LARGE)} functions: post -> table painted, + flame tab click -> flame graph painted (median)`,
          value: formatMs(largeTotal.median),
          raw: largeTotal.median,
          unit: 'ms',
          detail: describeMs(largeTotal),
        },
        '<',
        500,
        '500 ms',
      ),
      {
        label: `  of which: post -> table painted`,
        value: formatMs(largeTable.median),
        raw: largeTable.median,
        unit: 'ms',
        detail: describeMs(largeTable),
      },
      {
        label: `  of which: flame tab click -> flame graph painted`,
        value: formatMs(largeFlame.median),
        raw: largeFlame.median,
        unit: 'ms',
        detail: describeMs(largeFlame),
      },
      {
        label: `Peer: ${SMALL} functions, the same two steps (median)`,
        value: formatMs(smallTotal.median),
        raw: smallTotal.median,
        unit: 'ms',
        detail: describeMs(smallTotal),
      },
      {
        label: `Ratio ${formatNumber(LARGE)} / ${SMALL} functions (medians)`,
        value: `${(largeTotal.median / smallTotal.median).toFixed(2)}x`,
        raw: largeTotal.median / smallTotal.median,
        unit: 'x',
      },
    ];
    if (viewerOwn.length > 0) {
      const own = summarize(viewerOwn);
      figures.push({
        label: "Viewer's own `rendered` report for 10,000 functions (median, cross-check)",
        value: formatMs(own.median),
        raw: own.median,
        unit: 'ms',
        detail: describeMs(own),
      });
    }
    return {
      status: 'ok',
      figures,
      notes: [
        `Synthetic profile: ${formatNumber(LARGE)} functions (about 6% built-ins, 34% library, the rest script code in 300 files), a quarter of them with 2-4 callers; ${formatNumber(profiles.get('large.json')!.length / 1e6, 1)} MB of JSON. Rows in the first painted table: ${large[0]?.rows ?? 0}. The post -> table time includes the browser copying the message (structured clone), as a webview's postMessage does.`,
        `Chromium ${browser.version()} headless, viewport 1280x800, page served from 127.0.0.1; ${repetitions} alternating repetitions after one warm-up load of each size. Frame timing is via requestAnimationFrame, so figures are quantised to about 16 ms.`,
      ],
    };
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }
});
