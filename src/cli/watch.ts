// `pyops check --watch`: check, then check again whenever a Python file or a config file under the
// given paths changes, until Ctrl-C (as ruff's --watch).
import { watch, type FSWatcher } from 'node:fs';
import { statSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { CONFIG_FILE_NAMES } from '../core/config/findConfigFile';
import { EXIT_CLEAN } from './exitCodes';
import type { CliIo } from './io';

/** Edits come in bursts (an editor's save, a git checkout): check once they pause. */
const SETTLE_MS = 200;

const IGNORE_FILES = new Set(['.gitignore', '.ignore', 'exclude']);

/** Whether a change to this path can change the result: Python files, extensionless scripts, config and ignore files. */
function matters(path: string): boolean {
  if (path.split(sep).some((part) => part === '.git' || part === '__pycache__' || part === 'node_modules'))
    return basename(path) === 'exclude';
  const name = basename(path);
  return name.endsWith('.py') || CONFIG_FILE_NAMES.includes(name) || IGNORE_FILES.has(name) || !name.slice(1).includes('.');
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** @param ignored paths whose changes never matter (the result cache the checks write). */
export async function watchAndCheck(
  paths: readonly string[],
  io: CliIo,
  checkOnce: () => Promise<number>,
  ignored: (path: string) => boolean = () => false,
): Promise<number> {
  io.stderr(`[${clock()}] Starting PyOps in watch mode...\n`);
  await checkOnce();
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const changed = (path: string): void => {
    if (!matters(path) || ignored(path)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        io.stderr(`\n[${clock()}] File change detected: ${path}\n`);
        await checkOnce();
      });
    }, SETTLE_MS);
  };
  for (const raw of paths) {
    const full = resolve(io.cwd, raw);
    let isFolder = false;
    try {
      isFolder = statSync(full).isDirectory();
    } catch {
      continue; // a path that does not exist was reported by the first check
    }
    const root = isFolder ? full : dirname(full);
    try {
      const watcher = watch(root, { recursive: isFolder }, (_event, name) => {
        if (name === null) return;
        const path = resolve(root, name.toString());
        if (isFolder || path === full) changed(path);
      });
      watcher.on('error', (error) => io.stderr(`warning: stopped watching ${root}: ${error.message}\n`));
      watchers.push(watcher);
    } catch (error) {
      io.stderr(`warning: cannot watch ${root}: ${(error as Error).message}\n`);
    }
  }
  io.stderr(`[${clock()}] Watching for file changes (Ctrl-C stops).\n`);
  return new Promise((done) => {
    const stop = (): void => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.then(() => done(EXIT_CLEAN));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
