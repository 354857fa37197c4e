// The on-disk form of one cached result and its validation. A cache file may be truncated,
// hand-edited or written by another program: whatever fails these checks is a miss, never a result.
import type { Finding, Fix, Severity } from '../core/diagnostics/types';
import type { Range, TextEdit } from '../core/text';

/** Bumped whenever the entry shape changes. */
export const CACHE_FORMAT = 1;

export interface CacheEntry {
  format: typeof CACHE_FORMAT;
  /** Absolute path of the source file. */
  path: string;
  /** Hash of the effective configuration (and the path per-path ignores see). */
  config: string;
  /** Hash of the file's bytes. */
  content: string;
  findings: Finding[];
}

const SEVERITIES: ReadonlySet<string> = new Set<Severity>(['error', 'warning', 'information', 'hint']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isRange(value: unknown): value is Range {
  if (!isObject(value) || !isObject(value.start) || !isObject(value.end)) return false;
  return isCount(value.start.line) && isCount(value.start.character) && isCount(value.end.line) && isCount(value.end.character);
}

function isEdit(value: unknown): value is TextEdit {
  return isObject(value) && isRange(value.range) && typeof value.newText === 'string';
}

function isFix(value: unknown): value is Fix {
  return (
    isObject(value) &&
    typeof value.title === 'string' &&
    typeof value.safe === 'boolean' &&
    Array.isArray(value.edits) &&
    value.edits.every(isEdit) &&
    (value.placeholder === undefined || typeof value.placeholder === 'string')
  );
}

function isFinding(value: unknown): value is Finding {
  return (
    isObject(value) &&
    typeof value.code === 'string' &&
    typeof value.name === 'string' &&
    typeof value.message === 'string' &&
    typeof value.severity === 'string' &&
    SEVERITIES.has(value.severity) &&
    isRange(value.range) &&
    (value.fix === undefined || isFix(value.fix))
  );
}

/** The entry in `text` when it is one, for exactly this file, configuration and content; undefined otherwise. */
export function readCacheEntry(text: string, expected: Omit<CacheEntry, 'format' | 'findings'>): Finding[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || value.format !== CACHE_FORMAT) return undefined;
  if (value.path !== expected.path || value.config !== expected.config || value.content !== expected.content) return undefined;
  if (!Array.isArray(value.findings) || !value.findings.every(isFinding)) return undefined;
  return value.findings;
}
