// A pstats-style text table of a Profile (the CLI prints it; the same numbers the views show).
import { relative, isAbsolute, sep } from 'node:path';
import type { FunctionStats, Profile } from './model';

export type SortKey = 'cumtime' | 'tottime' | 'calls';
export const SORT_KEYS: readonly SortKey[] = ['cumtime', 'tottime', 'calls'];

const SORT_TITLES: Record<SortKey, string> = {
  cumtime: 'cumulative time',
  tottime: 'internal time',
  calls: 'call count',
};

/** Orders like pstats sort_stats: the key descending, then the function's label for ties. */
export function sortFunctions(functions: readonly FunctionStats[], key: SortKey): FunctionStats[] {
  const value = (fn: FunctionStats): number => (key === 'cumtime' ? fn.cumulativeTime : key === 'tottime' ? fn.ownTime : fn.totalCalls);
  return [...functions].sort((a, b) => value(b) - value(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The label pstats prints: `file:line(name)`, `{built-in method x}` for built-ins. */
export function formatFunctionLabel(fn: FunctionStats, baseDir?: string | null): string {
  if (fn.builtin) {
    return fn.name.startsWith('<') && fn.name.endsWith('>') ? `{${fn.name.slice(1, -1)}}` : fn.name;
  }
  let file = fn.file;
  if (baseDir && isAbsolute(file)) {
    const rel = relative(baseDir, file);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) file = rel.split(sep).join('/');
  }
  return `${file}:${fn.line}(${fn.name})`;
}

/** `ncalls` as pstats prints it: `total/primitive` when recursion made them differ. */
export function formatCalls(fn: Pick<FunctionStats, 'totalCalls' | 'primitiveCalls'>): string {
  return fn.totalCalls === fn.primitiveCalls ? String(fn.totalCalls) : `${fn.totalCalls}/${fn.primitiveCalls}`;
}

function fixed(value: number): string {
  return value.toFixed(3).padStart(8);
}

export interface TableOptions {
  sort?: SortKey;
  /** Rows shown; default 20. */
  top?: number;
  /** Paths under this folder are shown relative to it. Default: the run's cwd. */
  baseDir?: string | null;
}

export function formatStatsTable(profile: Profile, options: TableOptions = {}): string {
  const sort = options.sort ?? 'cumtime';
  const top = Math.max(0, options.top ?? 20);
  const baseDir = options.baseDir === undefined ? profile.run.cwd : options.baseDir;
  const totalCalls = profile.functions.reduce((sum, fn) => sum + fn.totalCalls, 0);
  const primitiveCalls = profile.functions.reduce((sum, fn) => sum + fn.primitiveCalls, 0);
  const counted = profile.run.callCounts !== false;
  const lines: string[] = [];
  const callsText = !counted
    ? `${profile.functions.length} functions sampled`
    : totalCalls === primitiveCalls
      ? `${totalCalls} function calls`
      : `${totalCalls} function calls (${primitiveCalls} primitive calls)`;
  lines.push(`         ${callsText} in ${profile.run.totalTime.toFixed(3)} seconds`, '');
  lines.push(`   Ordered by: ${SORT_TITLES[sort]}`);
  const rows = sortFunctions(profile.functions, sort).slice(0, top);
  if (rows.length < profile.functions.length) {
    lines.push(`   List reduced from ${profile.functions.length} to ${rows.length} due to restriction <${top}>`);
  }
  lines.push('', '   ncalls  tottime  percall  cumtime  percall filename:lineno(function)');
  for (const fn of rows) {
    if (!counted) {
      // Samples count no calls: no calls and no per-call times.
      lines.push(
        `${'-'.padStart(9)} ${fixed(fn.ownTime)} ${'-'.padStart(8)} ${fixed(fn.cumulativeTime)} ${'-'.padStart(8)} ${formatFunctionLabel(fn, baseDir)}`,
      );
      continue;
    }
    const ownPerCall = fn.totalCalls > 0 ? fn.ownTime / fn.totalCalls : 0;
    const cumPerCall = fn.primitiveCalls > 0 ? fn.cumulativeTime / fn.primitiveCalls : 0;
    lines.push(
      `${formatCalls(fn).padStart(9)} ${fixed(fn.ownTime)} ${fixed(ownPerCall)} ${fixed(fn.cumulativeTime)} ${fixed(
        cumPerCall,
      )} ${formatFunctionLabel(fn, baseDir)}`,
    );
  }
  return lines.join('\n') + '\n';
}
