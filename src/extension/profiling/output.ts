// The "PyOps: Profile Output" channel: the profiled script's output, streamed live. Writes are
// batched (a chatty script would otherwise flood the renderer with one message per chunk) and
// capped per run, so a script printing 100 MB cannot make VS Code unresponsive.

import * as vscode from 'vscode';
import { formatBytes } from '../../shared/format';
import { log } from '../log';

const CHANNEL_NAME = 'PyOps: Profile Output';
const FLUSH_INTERVAL_MS = 100;
/** Characters of script output shown per run; the rest is counted, not shown. */
export const OUTPUT_CAP_CHARS = 4 * 1024 * 1024;

let channel: vscode.OutputChannel | undefined;

export function profileOutputChannel(): vscode.OutputChannel {
  channel ??= vscode.window.createOutputChannel(CHANNEL_NAME);
  return channel;
}

export function disposeProfileOutput(): void {
  channel?.dispose();
  channel = undefined;
}

/** A line in the PyOps log (not the script's output). */
export function profileLog(message: string): void {
  log().info(`[profile] ${message}`);
}

/** Streams one run's output into the channel. */
export class OutputStream {
  private buffer = '';
  private shown = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly target: vscode.OutputChannel = profileOutputChannel()) {}

  write(text: string): void {
    if (this.shown >= OUTPUT_CAP_CHARS) {
      this.dropped += text.length;
      return;
    }
    const room = OUTPUT_CAP_CHARS - this.shown;
    const part = text.length > room ? text.slice(0, room) : text;
    this.dropped += text.length - part.length;
    this.shown += part.length;
    this.buffer += part;
    this.timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  /** A line of our own (not script output): never capped. */
  note(line: string): void {
    this.flush();
    this.target.appendLine(line);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer) {
      this.target.append(this.buffer);
      this.buffer = '';
    }
  }

  /** Flushes and reports how much output was left out. */
  close(): void {
    this.flush();
    if (this.dropped > 0) {
      this.target.appendLine(
        `\n[PyOps] ${formatBytes(this.dropped)} of further output not shown (the channel keeps the first ${formatBytes(OUTPUT_CAP_CHARS)} of each run).`,
      );
    }
  }
}
