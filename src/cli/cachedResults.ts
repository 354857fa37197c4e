// The look-up half of the result cache: before any parser is loaded or worker started, each file
// with an entry is read and hashed (or only stat'ed, when its stamp is the one stored with its
// result: see fileStamp), and files whose stored result still applies are answered from the cache.
// Only the others are checked, and a file without an entry is not even read here. A file whose stored findings hold fixes that this run would apply is
// checked again, so --fix and --diff still fix it.
import type { Finding } from '../core/diagnostics/types';
import { checkedFile, configForFile, type CheckedFile, type CheckOptions } from './checkFiles';
import { currentStamp, decodeSource, readSourceBytes } from './readSource';
import { configHash, contentHash, type ResultCache } from './resultCache';
import { NO_LINES } from './sourceColumns';

export interface CacheLookup {
  /** Files answered from the cache. */
  hits: CheckedFile[];
  /** Files to check, in the order given. */
  misses: string[];
}

export function cachedResults(files: readonly string[], options: CheckOptions, cache: ResultCache): CacheLookup {
  const hits: CheckedFile[] = [];
  const misses: string[] = [];
  const fixing = options.fix.apply !== 'none';
  const applicable = (f: Finding): boolean => f.fix !== undefined && (f.fix.safe || options.fix.unsafe);
  for (const path of files) {
    const hit = lookup(path, options, cache);
    if (hit && !(fixing && hit.findings.some(applicable))) hits.push(hit);
    else misses.push(path);
  }
  return { hits, misses };
}

/** The file's cached result; undefined when there is none or anything about the file is unusual (the check reports it). */
function lookup(path: string, options: CheckOptions, cache: ResultCache): CheckedFile | undefined {
  try {
    const { config, relativePath } = configForFile(path, options);
    // A file without an entry (a new file, a new configuration or PyOps build) is left to the check
    // unread: reading and hashing it here only to miss cost a twentieth of such a run.
    const entry = cache.entry(path, configHash(config, relativePath));
    if (!entry) return undefined;
    // A file with the stamp its entry was stored with is not read at all: the entry keeps the lines its report needs.
    const stamp = currentStamp(path);
    const stamped = stamp === undefined ? undefined : entry.stamped(stamp);
    if (stamped && (stamped.findings.length === 0 || stamped.lines))
      return { path, lines: stamped.lines ?? NO_LINES, findings: stamped.findings, fixed: 0 };
    const read = readSourceBytes(path);
    if (!read.ok) return undefined;
    // Read after its stamp was: the stamp it was read with must still be that one.
    const hit = stamped !== undefined && read.stamp === stamp ? stamped : entry.ofContent(contentHash(read.bytes));
    if (!hit) return undefined;
    const { findings } = hit;
    // The report needs no line of a file without findings, so its text is not decoded: these bytes
    // (the key holds their hash) decoded when the result was stored.
    if (findings.length === 0) return { path, lines: NO_LINES, findings, fixed: 0 };
    if (hit.lines) return { path, lines: hit.lines, findings, fixed: 0 };
    const decoded = decodeSource(read.bytes);
    return decoded.ok ? checkedFile(path, decoded.source.text, findings) : undefined;
  } catch {
    return undefined;
  }
}
