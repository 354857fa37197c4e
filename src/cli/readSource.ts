// Reads a Python file from disk for `pyops check`; decoding follows Python's rules (decodeSource).
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { MAX_CHECKED_BYTES, tooLargeFileReason } from '../core/diagnostics';

export { decodeSource, type ReadResult, type SourceFile } from '../core/files/decodeSource';

/**
 * The file's bytes, or why they cannot be read. The bytes are in a buffer reused by the next call:
 * read them (decode, hash) before reading another file. With `stamped`, a regular file's bytes come
 * with its stamp (see fileStamp), which only the result cache uses; without, the file is not stat'ed.
 */
export function readSourceBytes(path: string, stamped = true): { ok: true; bytes: Buffer; stamp?: string } | { ok: false; reason: string } {
  try {
    // Its size is read from the open file: a stat of the path first looked the path up twice.
    const fd = openSync(path, 'r');
    try {
      if (!stamped) return readToEnd(fd);
      const stats = fstatSync(fd);
      // Not read at all when it cannot be checked anyway (a multi-gigabyte file would not even fit in a string).
      if (stats.size > MAX_CHECKED_BYTES) return { ok: false, reason: tooLargeFileReason(stats.size) };
      // Not a regular file, or one that reports no size (a pipe, /proc): read to its end.
      if (!stats.isFile() || stats.size === 0) return readToEnd(fd);
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

/**
 * The open file's bytes up to its end, in the reused buffer while they fit. Its size is not asked
 * first: the read that finds the end costs less than an fstat. A file that fills the buffer is
 * asked then, and refused unread past that when it is too large; a pipe or /proc file (no size)
 * is read to its end.
 */
function readToEnd(fd: number): { ok: true; bytes: Buffer } | { ok: false; reason: string } {
  reused ??= Buffer.allocUnsafeSlow(REUSED_BYTES);
  let bytes = reused;
  let read = 0;
  for (;;) {
    if (read === bytes.length) {
      // A device or pipe reports no size: it is refused once more than the limit came out of it
      // (/dev/zero never ends).
      const size = Math.max(fstatSync(fd).size, read);
      if (size > MAX_CHECKED_BYTES) return { ok: false, reason: tooLargeFileReason(size) };
      // One byte more than its size, so the read that finds its end needs no other buffer.
      const larger = Buffer.allocUnsafe(Math.max(size + 1, 2 * bytes.length));
      bytes.copy(larger, 0, 0, read);
      bytes = larger;
    }
    // At the file's position (null), not at an offset: a pipe has none.
    const n = readSync(fd, bytes, read, bytes.length - read, null);
    if (n === 0) break;
    read += n;
  }
  return { ok: true, bytes: bytes.subarray(0, read) };
}
