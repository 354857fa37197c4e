// The on-disk form of one cached result and its validation. A cache file may be truncated,
// hand-edited or written by another program: whatever fails these checks is a miss, never a result.
import type { Finding, Fix, Severity } from '../core/diagnostics/types';
import type { Range, TextEdit } from '../core/text';
import { coversFindings, type SourceLines } from './sourceColumns';

/** Bumped whenever the entry shape changes. */
export const CACHE_FORMAT = 2;

export interface CacheEntry {
  format: typeof CACHE_FORMAT;
  /** Absolute path of the source file. */
  path: string;
  /** Hash of the effective configuration (and the path per-path ignores see). */
  config: string;
  /** Hash of the file's bytes. */
  content: string;
  /**
   * The file's stamp when those bytes were read (see fileStamp), if it had settled: a later run that
   * finds the same stamp knows the bytes are the same without reading them.
   */
  stamp?: string;
  findings: Finding[];
  /** The lines the reports of the findings need (see sourceLinesFor), so that a hit needs no read of the file. */
  lines?: SourceLines;
}

/** What an entry gives back: its findings, and the lines their reports need when it kept them. */
export interface CachedResult {
  findings: Finding[];
  lines?: SourceLines;
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

/**
 * The findings of the entry in `text` when it is one, for exactly this file and configuration, and
 * for this content (or, where `expected.content` is absent, for the file as it was when it had this
 * `expected.stamp`); undefined otherwise.
 */
export function readCacheEntry(
  text: string,
  expected: Omit<CacheEntry, 'format' | 'findings' | 'content' | 'lines'> & { content?: string },
): CachedResult | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || value.format !== CACHE_FORMAT) return undefined;
  if (value.path !== expected.path || value.config !== expected.config || typeof value.content !== 'string') return undefined;
  const same =
    expected.content !== undefined ? value.content === expected.content : expected.stamp !== undefined && value.stamp === expected.stamp;
  if (!same) return undefined;
  if (!Array.isArray(value.findings) || !value.findings.every(isFinding)) return undefined;
  const findings = value.findings;
  // Lines that do not cover the findings are as good as none: the file is read for them.
  return isSourceLines(value.lines) && coversFindings(value.lines, findings) ? { findings, lines: value.lines } : { findings };
}

function isSourceLines(value: unknown): value is SourceLines {
  return (
    isObject(value) &&
    isCount(value.lastLine) &&
    isObject(value.lines) &&
    Object.values(value.lines).every((line) => typeof line === 'string')
  );
}
