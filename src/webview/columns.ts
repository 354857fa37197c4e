// Column definitions of the function table and the comparison table: what each column shows and
// how it sorts. Pure, so tests can check the numbers the user sees without a DOM.

import type { FunctionDelta, FunctionStats } from '../core/profile/model';
import {
  formatCalls,
  formatCountDelta,
  formatDuration,
  formatDurationDelta,
  formatLocation,
  formatRelativeChange,
  formatShare,
} from '../shared/format';
import { cumulativePerCall, shareOfTotal, type SortableColumn } from './tableModel';

export interface Column<Row> extends SortableColumn<Row> {
  title: string;
  /** Explains the column on hover (what pstats calls it, what it counts). */
  tooltip: string;
  align: 'left' | 'right';
  /** CSS width, e.g. `6.5em` or `minmax(12em, 3fr)` (a grid track). */
  width: string;
  /** Narrowest useful width in px (default 60; a fixed em width at VS Code's 13 px font): below the sum of these, columns leave a narrow panel. */
  minWidth?: number;
  /** 0: always shown; higher: hidden first in a narrow panel (default: the column's position). */
  priority?: number;
  /** Cut long text at its start (paths: the file name and line stay in view). */
  ellipsisStart?: boolean;
  text(row: Row): string;
  /** Optional extra class for a cell (e.g. a positive/negative delta). */
  cellClass?(row: Row): string | undefined;
}

/** What the columns need besides the row: the profile's total and the folder paths are shown relative to. */
export interface ColumnContext {
  totalTime: number;
  baseDir: string | null;
  /** False when calls were not counted (sampling only, or cProfile unsound): call columns show a dash. */
  callCounts?: boolean;
  /** The times come from sampled stacks, not from cProfile. */
  sampledTiming?: boolean;
}

const NOT_COUNTED = '\u2014';

export function functionColumns(context: ColumnContext): Column<FunctionStats>[] {
  const counted = context.callCounts !== false;
  const sampledNote = context.sampledTiming ? ' Estimated from the sampled stacks (see the header).' : '';
  return [
    {
      key: 'name',
      title: 'Function',
      tooltip: 'Function name as pstats records it',
      align: 'left',
      width: 'minmax(7em, 3fr)',
      minWidth: 150,
      priority: 0,
      defaultDescending: false,
      sortValue: (fn) => fn.name,
      text: (fn) => fn.name,
    },
    {
      key: 'location',
      title: 'File:Line',
      tooltip: 'Where the function is defined (click a row to open it)',
      align: 'left',
      width: 'minmax(7em, 3fr)',
      minWidth: 150,
      priority: 3,
      ellipsisStart: true,
      defaultDescending: false,
      sortValue: (fn) => `${fn.file}\u0000${String(fn.line).padStart(9, '0')}`,
      text: (fn) => formatLocation(fn.file, fn.line, context.baseDir),
    },
    {
      key: 'calls',
      title: 'Calls',
      tooltip: counted
        ? 'Number of calls; "15/3" means 15 calls of which 3 were not recursive (primitive), as pstats prints it'
        : 'Calls were not counted in this run (sampling only, or cProfile could not count several threads soundly: see the header)',
      align: 'right',
      width: '7em',
      minWidth: 91,
      priority: 4,
      defaultDescending: true,
      sortValue: (fn) => fn.totalCalls,
      text: (fn) => (counted ? formatCalls(fn.primitiveCalls, fn.totalCalls) : NOT_COUNTED),
    },
    {
      key: 'ownTime',
      title: 'Own time',
      tooltip: `Time in the function itself, callees excluded (pstats tottime).${sampledNote}`,
      align: 'right',
      width: '6.5em',
      minWidth: 85,
      priority: 5,
      defaultDescending: true,
      sortValue: (fn) => fn.ownTime,
      text: (fn) => formatDuration(fn.ownTime),
    },
    {
      key: 'cumulativeTime',
      title: 'Cumulative',
      tooltip: `Time from entry to exit, callees included (pstats cumtime).${sampledNote}`,
      align: 'right',
      width: '8.5em',
      minWidth: 110,
      priority: 1,
      defaultDescending: true,
      sortValue: (fn) => fn.cumulativeTime,
      text: (fn) => formatDuration(fn.cumulativeTime),
    },
    {
      key: 'perCall',
      title: 'Per call',
      tooltip: 'Cumulative time per primitive call (pstats percall of cumtime)',
      align: 'right',
      width: '6.5em',
      minWidth: 85,
      priority: 6,
      defaultDescending: true,
      sortValue: (fn) => cumulativePerCall(fn),
      text: (fn) => (counted ? formatDuration(cumulativePerCall(fn)) : NOT_COUNTED),
    },
    {
      key: 'share',
      title: 'Share',
      tooltip: 'Cumulative time as a share of the total profiled time',
      align: 'right',
      width: '5.5em',
      minWidth: 72,
      priority: 2,
      defaultDescending: true,
      sortValue: (fn) => shareOfTotal(fn.cumulativeTime, context.totalTime),
      text: (fn) => formatShare(shareOfTotal(fn.cumulativeTime, context.totalTime)),
    },
  ];
}

function deltaClass(value: number): string | undefined {
  if (value > 0) return 'delta-worse';
  if (value < 0) return 'delta-better';
  return undefined;
}

const statusText: Record<FunctionDelta['status'], string> = {
  added: 'new',
  removed: 'gone',
  changed: 'changed',
  unchanged: 'same',
};

export function comparisonColumns(context: ColumnContext): Column<FunctionDelta>[] {
  return [
    {
      key: 'name',
      title: 'Function',
      tooltip: 'Function name as pstats records it',
      align: 'left',
      width: 'minmax(7em, 3fr)',
      minWidth: 150,
      priority: 0,
      defaultDescending: false,
      sortValue: (d) => d.name,
      text: (d) => d.name,
    },
    {
      key: 'location',
      title: 'File:Line',
      tooltip: 'Where the function is defined',
      align: 'left',
      width: 'minmax(7em, 2fr)',
      minWidth: 130,
      priority: 6,
      ellipsisStart: true,
      defaultDescending: false,
      sortValue: (d) => `${d.file}\u0000${String(d.line).padStart(9, '0')}`,
      text: (d) => formatLocation(d.file, d.line, context.baseDir),
    },
    {
      key: 'status',
      title: 'Status',
      tooltip: 'new: only in this run; gone: only in the previous run',
      align: 'left',
      width: '5em',
      minWidth: 65,
      priority: 5,
      defaultDescending: false,
      sortValue: (d) => d.status,
      text: (d) => statusText[d.status],
    },
    {
      key: 'before',
      title: 'Before',
      tooltip: 'Cumulative time in the previous run',
      align: 'right',
      width: '6.5em',
      minWidth: 85,
      priority: 4,
      defaultDescending: true,
      sortValue: (d) => d.before?.cumulativeTime ?? -1,
      text: (d) => (d.before ? formatDuration(d.before.cumulativeTime) : '\u2014'),
    },
    {
      key: 'after',
      title: 'After',
      tooltip: 'Cumulative time in this run',
      align: 'right',
      width: '6.5em',
      minWidth: 85,
      priority: 3,
      defaultDescending: true,
      sortValue: (d) => d.after?.cumulativeTime ?? -1,
      text: (d) => (d.after ? formatDuration(d.after.cumulativeTime) : '\u2014'),
    },
    {
      key: 'delta',
      title: '\u0394 Cumulative',
      tooltip: 'Change in cumulative time (this run minus the previous one); sorted by its size',
      align: 'right',
      width: '8.5em',
      minWidth: 110,
      priority: 1,
      defaultDescending: true,
      sortValue: (d) => Math.abs(d.delta.cumulativeTime),
      text: (d) => formatDurationDelta(d.delta.cumulativeTime),
      cellClass: (d) => deltaClass(d.delta.cumulativeTime),
    },
    {
      key: 'relative',
      title: '\u0394 %',
      tooltip: 'Relative change of cumulative time',
      align: 'right',
      width: '5.5em',
      minWidth: 72,
      priority: 2,
      defaultDescending: true,
      sortValue: (d) => relativeSortValue(d),
      text: (d) => formatRelativeChange(d.before?.cumulativeTime ?? 0, d.after?.cumulativeTime ?? 0),
      cellClass: (d) => deltaClass(d.delta.cumulativeTime),
    },
    {
      key: 'ownDelta',
      title: '\u0394 Own',
      tooltip: 'Change in own time (callees excluded)',
      align: 'right',
      width: '6.5em',
      minWidth: 85,
      priority: 7,
      defaultDescending: true,
      sortValue: (d) => Math.abs(d.delta.ownTime),
      text: (d) => formatDurationDelta(d.delta.ownTime),
      cellClass: (d) => deltaClass(d.delta.ownTime),
    },
    {
      key: 'callsDelta',
      title: '\u0394 Calls',
      tooltip: 'Change in the number of calls',
      align: 'right',
      width: '6em',
      minWidth: 78,
      priority: 8,
      defaultDescending: true,
      sortValue: (d) => Math.abs(d.delta.totalCalls),
      text: (d) => formatCountDelta(d.delta.totalCalls),
      cellClass: (d) => deltaClass(d.delta.totalCalls),
    },
  ];
}

function relativeSortValue(d: FunctionDelta): number {
  const before = d.before?.cumulativeTime ?? 0;
  const after = d.after?.cumulativeTime ?? 0;
  if (before === 0) return after === 0 ? 0 : Infinity;
  return Math.abs((after - before) / before);
}

/** Filters comparison rows with the same query rules as the function table. */
export function deltaSearchText(d: FunctionDelta): string {
  return `${d.name} ${d.file}:${d.line}`.toLowerCase();
}
