// Writes fixes back to a file so that readers (and a crash half-way) see either the old or the new
// content, never a mix: write a temporary file beside it, then rename it over the original. The
// file keeps its owner and mode; a file with hard links is rewritten in place instead, so that
// every name keeps seeing it. Nothing is written when the file changed since it was read: an edit
// made meanwhile (an editor saving, a line appended) would be lost.
import {
  closeSync,
  fchownSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The file on disk is no longer what the fixes were computed from. */
export class FileChangedError extends Error {
  constructor(path: string) {
    super(`${path} changed while it was being fixed`);
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written, bytes.length - written, written);
}

/**
 * Replaces the file's content with `content`, provided it still holds `expected` (the bytes the
 * fixes were computed from); throws FileChangedError otherwise.
 */
export function writeFileAtomically(path: string, content: Buffer | string, expected?: Buffer | string): void {
  // Write through symlinks: replace the real file, keep the link.
  const target = realpathSync(path);
  const info = statSync(target);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const unchanged = (): boolean =>
    expected === undefined || readFileSync(target).equals(typeof expected === 'string' ? Buffer.from(expected, 'utf8') : expected);
  if (!unchanged()) throw new FileChangedError(path);
  if (info.nlink > 1) {
    // Renaming would give this name a new file and leave the other links on the old one.
    const fd = openSync(target, 'r+');
    try {
      ftruncateSync(fd, 0);
      writeAll(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const temp = join(dirname(target), `.${basename(target)}.pyops-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', info.mode & 0o7777);
  try {
    try {
      writeAll(fd, bytes);
      // Root fixing someone else's file must not make it root's (nor a group's it did not have).
      if (typeof process.getuid === 'function' && (info.uid !== process.getuid() || info.gid !== process.getgid?.())) {
        try {
          fchownSync(fd, info.uid, info.gid);
        } catch {
          // Not allowed to give it away (not root): it stays the writer's, as with any editor.
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // Checked again last thing, so the window for a lost edit is as short as it can be.
    if (!unchanged()) throw new FileChangedError(path);
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Already gone, or renamed: nothing to clean up.
    }
    throw error;
  }
}
