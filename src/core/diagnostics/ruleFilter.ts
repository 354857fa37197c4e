// Which rules run, at what severity, for a file: select/ignore, severity overrides, per-path ignores.
import { compileGlob } from '../files/glob';
import { mapPacked } from './packed';
import type { RuleImpl } from './rule';
import type { EngineConfig, RuleMeta, Severity } from './types';

export interface ActiveRule {
  rule: RuleImpl;
  severity: Severity;
}

/** A select/ignore entry as it is compared: trimmed, upper- and lower-cased (null: blank). */
interface Entry {
  upper: string;
  lower: string;
}

function entryOf(entry: string): Entry | null {
  const e = entry.trim();
  return e === '' ? null : { upper: e.toUpperCase(), lower: e.toLowerCase() };
}

function matches(entry: Entry | null, meta: RuleMeta): boolean {
  if (!entry) return false;
  if (entry.upper === 'ALL') return true;
  return meta.code.startsWith(entry.upper) || meta.name === entry.lower;
}

/** Whether a select/ignore entry names this rule: "ALL", a code prefix ("OPS1", "OPS101") or the rule name. */
export function entryMatches(entry: string, meta: RuleMeta): boolean {
  return matches(entryOf(entry), meta);
}

/** Whether an entry is this rule's own code or name (not a prefix, not ALL). */
function namesExactly(entry: Entry | null, meta: RuleMeta): boolean {
  return entry !== null && (entry.upper === meta.code || entry.lower === meta.name);
}

const matchers = new Map<string, (path: string) => boolean>();

function globMatcher(glob: string): (path: string) => boolean {
  let m = matchers.get(glob);
  if (!m) {
    const pattern = glob.replace(/^\.\//, '');
    // Linear in the path whatever the glob (a regex matcher can backtrack for minutes). A glob
    // that does not compile matches nothing: the config reader has reported it.
    const compiled = compileGlob(pattern);
    const isMatch = compiled.ok ? compiled.glob.matches : () => false;
    // A pattern without a slash also matches the file name anywhere (like "test_*.py").
    m = pattern.includes('/') ? isMatch : (path: string) => isMatch(path) || isMatch(path.slice(path.lastIndexOf('/') + 1));
    matchers.set(glob, m);
  }
  return m;
}

export function activeRules(rules: readonly RuleImpl[], config: EngineConfig, relativePath?: string): ActiveRule[] {
  const pathIgnores: string[] = [];
  if (relativePath !== undefined) {
    const path = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
    for (const p of config.perPathIgnores) if (globMatcher(p.glob)(path)) pathIgnores.push(...p.codes);
  }
  // Each entry is read once per file, not once per rule.
  const select = mapPacked(config.select, entryOf);
  const ignore = mapPacked(config.ignore, entryOf);
  for (const code of pathIgnores) ignore.push(entryOf(code));
  const out: ActiveRule[] = [];
  for (const rule of rules) {
    const meta = rule.meta;
    if (meta.alwaysSelected) {
      if (config.syntaxErrors === false) continue;
      if (ignore.some((e) => namesExactly(e, meta))) continue;
    } else {
      if (select.length > 0 && !select.some((e) => matches(e, meta))) continue;
      if (ignore.some((e) => matches(e, meta))) continue;
    }
    const level = config.severity[meta.code] ?? config.severity[meta.name] ?? meta.defaultSeverity;
    if (level === 'off') continue;
    out.push({ rule, severity: level });
  }
  return out;
}
