// Reads a Python file from disk for `pyops check`; decoding follows Python's rules (decodeSource).
import { readFileSync, statSync } from 'node:fs';
import { MAX_CHECKED_BYTES, tooLargeFileReason } from '../core/diagnostics';

export { decodeSource, type ReadResult, type SourceFile } from '../core/files/decodeSource';

/** The file's bytes, or why they cannot be read. */
export function readSourceBytes(path: string): { ok: true; bytes: Buffer } | { ok: false; reason: string } {
  try {
    // Not read at all when it cannot be checked anyway (a multi-gigabyte file would not even fit in a string).
    const size = statSync(path).size;
    if (size > MAX_CHECKED_BYTES) return { ok: false, reason: tooLargeFileReason(size) };
    return { ok: true, bytes: readFileSync(path) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { ok: false, reason: e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.message };
  }
}
