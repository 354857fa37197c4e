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

/**
 * The rules a configuration runs, by the per-path ignores that apply, with the fields they were
 * worked out from: a field given another value since (a new select list...) is seen.
 */
interface Remembered {
  select: EngineConfig['select'];
  ignore: EngineConfig['ignore'];
  severity: EngineConfig['severity'];
  syntaxErrors: EngineConfig['syntaxErrors'];
  byPathIgnores: Map<string, readonly ActiveRule[]>;
}

/**
 * Each configuration's active rules: a tree's files share a few configurations, and working the
 * list out again for each file was a quarter of what the engine allocates for a short file.
 */
const remembered = new WeakMap<readonly RuleImpl[], WeakMap<EngineConfig, Remembered>>();

/** The rules that run on a file, at their severity: the same array for files of one configuration (not to be changed). */
export function activeRules(rules: readonly RuleImpl[], config: EngineConfig, relativePath?: string): readonly ActiveRule[] {
  const pathIgnores: string[] = [];
  if (relativePath !== undefined && config.perPathIgnores.length > 0) {
    const path = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
    for (const p of config.perPathIgnores) if (globMatcher(p.glob)(path)) pathIgnores.push(...p.codes);
  }
  let byConfig = remembered.get(rules);
  if (!byConfig) remembered.set(rules, (byConfig = new WeakMap()));
  let known = byConfig.get(config);
  if (
    !known ||
    known.select !== config.select ||
    known.ignore !== config.ignore ||
    known.severity !== config.severity ||
    known.syntaxErrors !== config.syntaxErrors
  ) {
    known = {
      select: config.select,
      ignore: config.ignore,
      severity: config.severity,
      syntaxErrors: config.syntaxErrors,
      byPathIgnores: new Map(),
    };
    byConfig.set(config, known);
  }
  const key = pathIgnores.join(',');
  let active = known.byPathIgnores.get(key);
  if (!active) known.byPathIgnores.set(key, (active = rulesRunning(rules, config, pathIgnores)));
  return active;
}

function rulesRunning(rules: readonly RuleImpl[], config: EngineConfig, pathIgnores: readonly string[]): ActiveRule[] {
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
