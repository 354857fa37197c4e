// Lets integration tests act on the workbench page the way a user does: the suite runs inside the
// extension host and cannot see the workbench's DOM or a webview's, so the runner, which drives
// the page with playwright-core, answers a few requests from the suite over loopback HTTP
// (count visible elements, click, type, press keys, read what the workbench logged).
//
// The suite finds the driver through the PYOPS_TEST_DRIVER environment variable (a URL holding
// a random token). Only the runner's own page is driven; nothing listens beyond 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';

/** Environment variable holding the driver's URL for the suite (see test/integration/workbench.ts). */
export const DRIVER_VARIABLE = 'PYOPS_TEST_DRIVER';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * Where an operation applies: the workbench page, or the first webview frame (a frame inside a
 * frame of the page) that holds an element matching `frame`.
 */
async function target(page: Page, frameSelector: string | undefined): Promise<Frame> {
  if (!frameSelector) return page.mainFrame();
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const found = await frame
      .locator(frameSelector)
      .count()
      .catch(() => 0);
    if (found > 0) return frame;
  }
  throw new Error(`no webview frame holds ${frameSelector}`);
}

/**
 * The visible elements matching `selector` (displayed, with a size; off-screen rows of a
 * scrolled list count as visible, as in Playwright).
 */
function visible(frame: Frame, selector: string) {
  return frame.locator(selector).filter({ visible: true });
}

/**
 * The extension host's log (warnings and errors VS Code logs about extensions' API calls), read
 * from the server's user data folder: logs/<session>/exthost<N>/remoteexthost.log.
 */
function extensionHostLog(userDataDir: string | undefined): string[] {
  if (!userDataDir) return [];
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  const lines: string[] = [];
  for (const session of readdirSync(logs).sort()) {
    for (const host of readdirSync(join(logs, session))
      .filter((name) => name.startsWith('exthost'))
      .sort()) {
      const file = join(logs, session, host, 'remoteexthost.log');
      if (existsSync(file)) lines.push(...readFileSync(file, 'utf8').split('\n').filter(Boolean));
    }
  }
  return lines;
}

/** One request from the suite. */
async function perform(
  page: Page,
  request: Record<string, unknown>,
  logLines: string[],
  userDataDir: string | undefined,
): Promise<unknown> {
  const op = String(request.op ?? '');
  const selector = typeof request.selector === 'string' ? request.selector : '';
  const frameSelector = typeof request.frame === 'string' ? request.frame : undefined;
  switch (op) {
    case 'count':
      return visible(await target(page, frameSelector), selector).count();
    case 'texts':
      return visible(await target(page, frameSelector), selector).allInnerTexts();
    case 'boxes': {
      const locator = visible(await target(page, frameSelector), selector);
      const boxes: unknown[] = [];
      for (let i = 0; i < (await locator.count()); i++) boxes.push(await locator.nth(i).boundingBox());
      return boxes;
    }
    case 'click':
      await visible(await target(page, frameSelector), selector)
        .first()
        .click({ timeout: 10_000 });
      return true;
    case 'drag': {
      // Presses the mouse on the element's centre, moves it by dx pixels and releases it.
      const box = await visible(await target(page, frameSelector), selector)
        .first()
        .boundingBox();
      if (!box) throw new Error(`${selector} has no box to drag`);
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + Number(request.dx ?? 0), y, { steps: 5 });
      await page.mouse.up();
      return true;
    }
    case 'type':
      await page.keyboard.type(String(request.text ?? ''), { delay: 10 });
      return true;
    case 'press':
      await page.keyboard.press(String(request.key ?? ''));
      return true;
    case 'resize': {
      const width = Number(request.width);
      const height = Number(request.height);
      if (!(width > 0 && height > 0)) throw new Error('resize needs a positive width and height');
      await page.setViewportSize({ width, height });
      return true;
    }
    case 'log':
      return logLines.slice(Number(request.from ?? 0));
    case 'hostLog':
      return extensionHostLog(userDataDir).slice(Number(request.from ?? 0));
    default:
      throw new Error(`unknown driver operation "${op}"`);
  }
}

export interface WorkbenchDriver {
  /** Where the suite sends its requests (holds a random token). */
  url: string;
  /** The page the requests act on; they wait until it is attached. */
  attach(page: Page): void;
  /** Records a line of the workbench's log for the `log` operation. */
  log(line: string): void;
  close(): Promise<void>;
}

/** Starts the driver on 127.0.0.1; `userDataDir` is the server's user data folder (for `hostLog`). */
export async function startWorkbenchDriver(options: { userDataDir?: string } = {}): Promise<WorkbenchDriver> {
  const token = randomBytes(16).toString('hex');
  let page: Page | undefined;
  let waiting: ((page: Page) => void)[] = [];
  const logLines: string[] = [];
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== `/${token}`) return reply(404, { error: 'not found' });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY_BYTES) req.destroy();
    });
    req.on('end', async () => {
      try {
        const request = JSON.parse(body) as Record<string, unknown>;
        const current = page ?? (await new Promise<Page>((resolve) => waiting.push(resolve)));
        reply(200, { value: await perform(current, request, logLines, options.userDataDir) });
      } catch (error) {
        reply(500, { error: error instanceof Error ? error.message : String(error) });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/${token}`,
    attach(attached) {
      page = attached;
      for (const wake of waiting) wake(attached);
      waiting = [];
    },
    log(line) {
      logLines.push(line);
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
