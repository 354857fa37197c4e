// Reads a Python file from disk for `pyops check`; decoding follows Python's rules (decodeSource).
import { readFileSync } from 'node:fs';
import { decodeSource, type ReadResult } from '../core/files/decodeSource';

export { decodeSource, type ReadResult, type SourceFile } from '../core/files/decodeSource';

export function readSource(path: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { ok: false, reason: e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.message };
  }
  return decodeSource(bytes);
}
