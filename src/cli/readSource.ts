// Reads a Python file from disk for `pyops check`; decoding follows Python's rules (decodeSource).
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { MAX_CHECKED_BYTES, tooLargeFileReason } from '../core/diagnostics';

export { decodeSource, type ReadResult, type SourceFile } from '../core/files/decodeSource';

/**
 * The file's bytes, or why they cannot be read. The bytes of a regular file are in a buffer reused
 * by the next call: read them (decode, hash) before reading another file.
 */
export function readSourceBytes(path: string): { ok: true; bytes: Buffer; stamp?: string } | { ok: false; reason: string } {
  try {
    // Its size is read from the open file: a stat of the path first looked the path up twice.
    const fd = openSync(path, 'r');
    try {
      const stats = fstatSync(fd);
      // Not read at all when it cannot be checked anyway (a multi-gigabyte file would not even fit in a string).
      if (stats.size > MAX_CHECKED_BYTES) return { ok: false, reason: tooLargeFileReason(stats.size) };
      // Not a regular file, or one that reports no size (a pipe, /proc): read to its end.
      if (!stats.isFile() || stats.size === 0) return { ok: true, bytes: readFileSync(fd) };
      return { ok: true, bytes: readFully(fd, stats.size), stamp: fileStamp(stats) };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { ok: false, reason: e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.message };
  }
}

/**
 * A file untouched for this long before it is read cannot change again within the same timestamps:
 * a newer stamp would tell a later change apart (the "racy" case git guards against the same way).
 */
const SETTLED_MS = 2000;

/**
 * What identifies a regular file's bytes without reading them (device, inode, size, modification and
 * change times), or undefined for a file changed too recently for its stamp to tell a further change
 * (see SETTLED_MS). Any write changes the change time, whatever a tool does to the modification time.
 */
export function fileStamp(stats: Stats, now = Date.now()): string | undefined {
  if (!stats.isFile() || now - Math.max(stats.mtimeMs, stats.ctimeMs) < SETTLED_MS) return undefined;
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/** The stamp of the file at `path` now (see fileStamp), or undefined (none, or it cannot be read). */
export function currentStamp(path: string): string | undefined {
  try {
    return fileStamp(statSync(path));
  } catch {
    return undefined;
  }
}

/**
 * Files up to this size are read into one buffer kept for the next file: a buffer of its own for
 * each (an ArrayBuffer outside V8's heap, counted towards its collections) cost more than its read.
 */
const REUSED_BYTES = 1 << 20;
let reused: Buffer | undefined;

/** The first `size` bytes of the open file (fewer if it is shorter now), in the reused buffer when they fit. */
function readFully(fd: number, size: number): Buffer {
  let bytes: Buffer;
  if (size <= REUSED_BYTES) {
    reused ??= Buffer.allocUnsafeSlow(REUSED_BYTES);
    bytes = reused.subarray(0, size);
  } else bytes = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, bytes, read, size - read, read);
    if (n === 0) break;
    read += n;
  }
  return read < size ? bytes.subarray(0, read) : bytes;
}
