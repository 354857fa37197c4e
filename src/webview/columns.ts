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
const NOT_IN_RUN = '\u2014';

/** How a column sits in the table: its width, its narrowest width and when it hides (see Column). */
type Placement = Pick<Column<unknown>, 'width' | 'minWidth' | 'priority'>;

/** The function's name, as pstats records it: the first column of both tables. */
function nameColumn<Row extends { name: string }>(): Column<Row> {
  return {
    key: 'name',
    title: 'Function',
    tooltip: 'Function name as pstats records it',
    align: 'left',
    width: 'minmax(7em, 3fr)',
    minWidth: 150,
    priority: 0,
    defaultDescending: false,
    sortValue: (row) => row.name,
    text: (row) => row.name,
  };
}

/** Where the function is defined, relative to the context's folder; sorted by file, then line. */
function locationColumn<Row extends { file: string; line: number }>(
  context: ColumnContext,
  tooltip: string,
  placement: Placement,
): Column<Row> {
  return {
    key: 'location',
    title: 'File:Line',
    tooltip,
    align: 'left',
    ...placement,
    ellipsisStart: true,
    defaultDescending: false,
    sortValue: (row) => `${row.file}\u0000${String(row.line).padStart(9, '0')}`,
    text: (row) => formatLocation(row.file, row.line, context.baseDir),
  };
}

/** A right-aligned number column, largest first. */
function numberColumn<Row>(
  column: Pick<Column<Row>, 'key' | 'title' | 'tooltip' | 'sortValue' | 'text' | 'cellClass'>,
  placement: Placement,
): Column<Row> {
  return { ...column, align: 'right', ...placement, defaultDescending: true };
}

/** One of the function's times, sorted by its value. */
function durationColumn(key: 'ownTime' | 'cumulativeTime', title: string, tooltip: string, placement: Placement): Column<FunctionStats> {
  return numberColumn({ key, title, tooltip, sortValue: (fn) => fn[key], text: (fn) => formatDuration(fn[key]) }, placement);
}

export function functionColumns(context: ColumnContext): Column<FunctionStats>[] {
  const counted = context.callCounts !== false;
  const sampledNote = context.sampledTiming ? ' Estimated from the sampled stacks (see the header).' : '';
  return [
    nameColumn(),
    locationColumn(context, 'Where the function is defined (click a row to open it)', {
      width: 'minmax(7em, 3fr)',
      minWidth: 150,
      priority: 3,
    }),
    numberColumn(
      {
        key: 'calls',
        title: 'Calls',
        tooltip: counted
          ? 'Number of calls; "15/3" means 15 calls of which 3 were not recursive (primitive), as pstats prints it'
          : 'Calls were not counted in this run (sampling only, or cProfile could not count several threads soundly: see the header)',
        sortValue: (fn) => fn.totalCalls,
        text: (fn) => (counted ? formatCalls(fn.primitiveCalls, fn.totalCalls) : NOT_COUNTED),
      },
      { width: '7em', minWidth: 91, priority: 4 },
    ),
    durationColumn('ownTime', 'Own time', `Time in the function itself, callees excluded (pstats tottime).${sampledNote}`, {
      width: '6.5em',
      minWidth: 85,
      priority: 5,
    }),
    durationColumn('cumulativeTime', 'Cumulative', `Time from entry to exit, callees included (pstats cumtime).${sampledNote}`, {
      width: '8.5em',
      minWidth: 110,
      priority: 1,
    }),
    numberColumn(
      {
        key: 'perCall',
        title: 'Per call',
        tooltip: 'Cumulative time per primitive call (pstats percall of cumtime)',
        sortValue: (fn) => cumulativePerCall(fn),
        text: (fn) => (counted ? formatDuration(cumulativePerCall(fn)) : NOT_COUNTED),
      },
      { width: '6.5em', minWidth: 85, priority: 6 },
    ),
    numberColumn(
      {
        key: 'share',
        title: 'Share',
        tooltip: 'Cumulative time as a share of the total profiled time',
        sortValue: (fn) => shareOfTotal(fn.cumulativeTime, context.totalTime),
        text: (fn) => formatShare(shareOfTotal(fn.cumulativeTime, context.totalTime)),
      },
      { width: '5.5em', minWidth: 72, priority: 2 },
    ),
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

/** The cumulative time of one side of the comparison; a dash where the function is not in that run. */
function runTimeColumn(side: 'before' | 'after', tooltip: string, priority: number): Column<FunctionDelta> {
  return numberColumn(
    {
      key: side,
      title: side === 'before' ? 'Before' : 'After',
      tooltip,
      sortValue: (d) => d[side]?.cumulativeTime ?? -1,
      text: (d) => {
        const stats = d[side];
        return stats ? formatDuration(stats.cumulativeTime) : NOT_IN_RUN;
      },
    },
    { width: '6.5em', minWidth: 85, priority },
  );
}

/** A change between the runs, shown by `format`, sorted by its size and coloured by its sign (more is worse). */
function deltaColumn(
  key: string,
  title: string,
  tooltip: string,
  change: (d: FunctionDelta) => number,
  format: (change: number) => string,
  placement: Placement,
): Column<FunctionDelta> {
  return numberColumn(
    { key, title, tooltip, sortValue: (d) => Math.abs(change(d)), text: (d) => format(change(d)), cellClass: (d) => deltaClass(change(d)) },
    placement,
  );
}

export function comparisonColumns(context: ColumnContext): Column<FunctionDelta>[] {
  return [
    nameColumn(),
    locationColumn(context, 'Where the function is defined', { width: 'minmax(7em, 2fr)', minWidth: 130, priority: 6 }),
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
    runTimeColumn('before', 'Cumulative time in the previous run', 4),
    runTimeColumn('after', 'Cumulative time in this run', 3),
    deltaColumn(
      'delta',
      '\u0394 Cumulative',
      'Change in cumulative time (this run minus the previous one); sorted by its size',
      (d) => d.delta.cumulativeTime,
      formatDurationDelta,
      { width: '8.5em', minWidth: 110, priority: 1 },
    ),
    numberColumn(
      {
        key: 'relative',
        title: '\u0394 %',
        tooltip: 'Relative change of cumulative time',
        sortValue: (d) => relativeSortValue(d),
        text: (d) => formatRelativeChange(d.before?.cumulativeTime ?? 0, d.after?.cumulativeTime ?? 0),
        cellClass: (d) => deltaClass(d.delta.cumulativeTime),
      },
      { width: '5.5em', minWidth: 72, priority: 2 },
    ),
    deltaColumn('ownDelta', '\u0394 Own', 'Change in own time (callees excluded)', (d) => d.delta.ownTime, formatDurationDelta, {
      width: '6.5em',
      minWidth: 85,
      priority: 7,
    }),
    deltaColumn('callsDelta', '\u0394 Calls', 'Change in the number of calls', (d) => d.delta.totalCalls, formatCountDelta, {
      width: '6em',
      minWidth: 78,
      priority: 8,
    }),
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
