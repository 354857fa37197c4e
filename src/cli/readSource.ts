// Reads a Python file from disk for `pyops check`; decoding follows Python's rules (decodeSource).
import { readFileSync } from 'node:fs';

export { decodeSource, type ReadResult, type SourceFile } from '../core/files/decodeSource';

/** The file's bytes, or why they cannot be read. */
export function readSourceBytes(path: string): { ok: true; bytes: Buffer } | { ok: false; reason: string } {
  try {
    return { ok: true, bytes: readFileSync(path) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { ok: false, reason: e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.message };
  }
}

