// Which rules run, at what severity, for a file: select/ignore, severity overrides, per-path ignores.
import { compileGlob } from '../files/glob';
import type { RuleImpl } from './rule';
import type { EngineConfig, RuleMeta, Severity } from './types';

export interface ActiveRule {
  rule: RuleImpl;
  severity: Severity;
}

/** Whether a select/ignore entry names this rule: "ALL", a code prefix ("OPS1", "OPS101") or the rule name. */
export function entryMatches(entry: string, meta: RuleMeta): boolean {
  const e = entry.trim();
  if (e === '') return false;
  if (e.toUpperCase() === 'ALL') return true;
  return meta.code.startsWith(e.toUpperCase()) || meta.name === e.toLowerCase();
}

/** Whether an entry is this rule's own code or name (not a prefix, not ALL). */
function namesExactly(entry: string, meta: RuleMeta): boolean {
  const e = entry.trim();
  return e.toUpperCase() === meta.code || e.toLowerCase() === meta.name;
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
  const out: ActiveRule[] = [];
  for (const rule of rules) {
    const meta = rule.meta;
    if (meta.alwaysSelected) {
      if (config.syntaxErrors === false) continue;
      if ([...config.ignore, ...pathIgnores].some((s) => namesExactly(s, meta))) continue;
    } else {
      if (config.select.length > 0 && !config.select.some((s) => entryMatches(s, meta))) continue;
      if (config.ignore.some((s) => entryMatches(s, meta))) continue;
      if (pathIgnores.some((s) => entryMatches(s, meta))) continue;
    }
    const level = config.severity[meta.code] ?? config.severity[meta.name] ?? meta.defaultSeverity;
    if (level === 'off') continue;
    out.push({ rule, severity: level });
  }
  return out;
}
