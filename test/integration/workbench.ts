// The suite's side of scripts/lib/workbenchDriver.ts: acts on the workbench page (and the webviews
// in it) as a user would, through the runner that drives the page. Only scripts/lib/integration.ts
// provides a driver; under the upstream runner `workbenchDriver()` is undefined.

import { pyopsExtension } from './helpers';

const DRIVER_VARIABLE = 'PYOPS_TEST_DRIVER';

/** A CSS selector only the profile viewer's webview contains. */
export const PROFILE_VIEWER = '#root .vt-scroll';

export class WorkbenchDriver {
  constructor(private readonly url: string) {}

  private async request<T>(body: Record<string, unknown>): Promise<T> {
    const response = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await response.json()) as { value?: T; error?: string };
    if (!response.ok || answer.error !== undefined)
      throw new Error(`workbench driver, ${String(body.op)}: ${answer.error ?? response.status}`);
    return answer.value as T;
  }

  /** Visible elements matching `selector`, in the page or in the webview holding `frame`. */
  count(selector: string, frame?: string): Promise<number> {
    return this.request({ op: 'count', selector, frame });
  }

  texts(selector: string, frame?: string): Promise<string[]> {
    return this.request({ op: 'texts', selector, frame });
  }

  boxes(selector: string, frame?: string): Promise<Array<{ x: number; y: number; width: number; height: number }>> {
    return this.request({ op: 'boxes', selector, frame });
  }

  async click(selector: string, frame?: string): Promise<void> {
    await this.request({ op: 'click', selector, frame });
  }

  /** Drags the element matching `selector` by `dx` pixels to the right (negative: left). */
  async drag(selector: string, dx: number, frame?: string): Promise<void> {
    await this.request({ op: 'drag', selector, dx, frame });
  }

  /** Types on the keyboard into whatever has the focus. */
  async type(text: string): Promise<void> {
    await this.request({ op: 'type', text });
  }

  async press(key: string): Promise<void> {
    await this.request({ op: 'press', key });
  }

  /** Resizes the browser window holding the workbench. */
  async resize(width: number, height: number): Promise<void> {
    await this.request({ op: 'resize', width, height });
  }

  /** The workbench's console log lines from index `from` on. */
  log(from = 0): Promise<string[]> {
    return this.request({ op: 'log', from });
  }

  /** The extension host's log lines (what VS Code logs about extensions' API calls) from index `from` on. */
  hostLog(from = 0): Promise<string[]> {
    return this.request({ op: 'hostLog', from });
  }
}

export function workbenchDriver(): WorkbenchDriver | undefined {
  const url = process.env[DRIVER_VARIABLE];
  return url ? new WorkbenchDriver(url) : undefined;
}

/**
 * Registers a suite's `before` for tests that read the page: skips the suite where nothing drives
 * the page (the upstream runner has no driver), else activates PyOps and hands the driver to `use`.
 */
export function beforeWithWorkbenchDriver(use: (driver: WorkbenchDriver) => void): void {
  before(async function () {
    const driver = workbenchDriver();
    if (!driver) this.skip();
    use(driver);
    await pyopsExtension().activate();
  });
}
