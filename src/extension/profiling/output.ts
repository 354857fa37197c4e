// The "PyOps: Profile Output" channel: the profiled script's output, streamed live. Writes are
// batched (a chatty script would otherwise flood the renderer with one message per chunk) and
// capped per run (start and end kept), so a script printing 100 MB cannot make VS Code unresponsive.

import * as vscode from 'vscode';
import { formatBytes, formatCount } from '../../shared/format';
import { log } from '../log';
import { CappedOutput } from './outputCap';

const CHANNEL_NAME = 'PyOps: Profile Output';
const FLUSH_INTERVAL_MS = 100;
/** Characters of a run's output shown from its start, and kept from its end (see outputCap.ts). */
export const OUTPUT_HEAD_CHARS = 2 * 1024 * 1024;
export const OUTPUT_TAIL_CHARS = 2 * 1024 * 1024;

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

/**
 * Streams one run's output into the channel: the first OUTPUT_HEAD_CHARS live, then the last
 * OUTPUT_TAIL_CHARS when the run ends (a traceback at the end of a noisy job is kept), in whole
 * lines, with a note of what was left out between them.
 */
export class OutputStream {
  private buffer = '';
  private readonly cap = new CappedOutput(OUTPUT_HEAD_CHARS, OUTPUT_TAIL_CHARS);
  private heldBackNoted = false;
  private ended = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly target: vscode.OutputChannel = profileOutputChannel()) {}

  write(text: string): void {
    this.buffer += this.cap.push(text);
    if (this.cap.headFull && !this.heldBackNoted) {
      this.heldBackNoted = true;
      this.flush();
      this.target.appendLine(
        `\n[PyOps] More than ${formatBytes(OUTPUT_HEAD_CHARS)} of output: the rest is held back, and its last ${formatBytes(OUTPUT_TAIL_CHARS)} are shown when the run ends.`,
      );
      return;
    }
    if (this.buffer) this.timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
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

  /** Flushes and reports how the output ended (see endOutput). */
  close(): void {
    this.endOutput();
  }

  /** The script is done: says what was left out, and shows the end of its output (once). */
  endOutput(): void {
    this.flush();
    if (this.ended) return;
    this.ended = true;
    const end = this.cap.finish();
    if (end.omittedChars > 0) {
      const lines = `${formatCount(end.omittedLines)} line${end.omittedLines === 1 ? '' : 's'}`;
      this.target.appendLine(`[PyOps] \u2026 ${formatBytes(end.omittedChars)} (${lines}) of output left out here; the last lines follow.`);
    }
    if (end.tail) this.target.append(end.tail);
  }
}
