// Sorting and filtering for the viewer's tables. Pure: the DOM table only renders what this returns.

import type { FunctionStats } from '../core/profile/model';

/** One sortable column: how to read the value that orders rows. */
export interface SortableColumn<Row> {
  key: string;
  /** Numbers sort numerically, strings case-insensitively. */
  sortValue(row: Row): number | string;
  /** The direction a first click sorts in (times: largest first; names: A to Z). */
  defaultDescending: boolean;
}

export interface SortSpec {
  key: string;
  descending: boolean;
}

/**
 * Returns a new array sorted by `column` (the input is not changed). Ties keep the input order,
 * so re-sorting by another column keeps the previous order among equals.
 */
export function sortRows<Row>(rows: readonly Row[], column: SortableColumn<Row>, descending: boolean): Row[] {
  // Decorate once: calling sortValue inside the comparator costs O(n log n) calls on 10,000+ rows.
  const decorated = rows.map((row, index) => ({ row, index, value: normaliseSortValue(column.sortValue(row)) }));
  const sign = descending ? -1 : 1;
  decorated.sort((a, b) => {
    let order: number;
    if (typeof a.value === 'number' && typeof b.value === 'number') {
      order = a.value - b.value;
    } else {
      const left = String(a.value);
      const right = String(b.value);
      order = left < right ? -1 : left > right ? 1 : 0;
    }
    return order !== 0 ? sign * order : a.index - b.index;
  });
  return decorated.map((d) => d.row);
}

function normaliseSortValue(value: number | string): number | string {
  if (typeof value === 'number') return Number.isNaN(value) ? -Infinity : value;
  return value.toLowerCase();
}

/** The next sort after a click on a column header: same column flips, another column starts at its default. */
export function nextSort(current: SortSpec, column: SortableColumn<unknown>): SortSpec {
  if (current.key === column.key) return { key: column.key, descending: !current.descending };
  return { key: column.key, descending: column.defaultDescending };
}

// ---------------------------------------------------------------------------------------------
// Filtering

export interface FunctionFilter {
  /** Free text; every whitespace-separated term must occur in the name or `file:line`. */
  query: string;
  /** Leave out standard-library and site-packages functions (FunctionStats.library). */
  hideLibrary: boolean;
}

/** Lower-cased query terms; empty when the query is blank. */
export function queryTerms(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((term) => term.length > 0);
}

/** True when every term occurs somewhere in `haystack` (already lower-cased). */
export function matchesTerms(haystack: string, terms: readonly string[]): boolean {
  for (const term of terms) if (!haystack.includes(term)) return false;
  return true;
}

/** The text a query is matched against for a function: `name file:line`, lower-cased. */
export function searchText(fn: Pick<FunctionStats, 'name' | 'file' | 'line'>): string {
  return `${fn.name} ${fn.file}:${fn.line}`.toLowerCase();
}

export function filterFunctions<T extends FunctionStats>(functions: readonly T[], filter: FunctionFilter): T[] {
  const terms = queryTerms(filter.query);
  if (terms.length === 0 && !filter.hideLibrary) return functions.slice();
  return functions.filter((fn) => {
    if (filter.hideLibrary && fn.library) return false;
    return terms.length === 0 || matchesTerms(searchText(fn), terms);
  });
}

// ---------------------------------------------------------------------------------------------
// Derived numbers shown in the function table

/** Cumulative time per primitive call, as pstats' second `percall` column. */
export function cumulativePerCall(fn: Pick<FunctionStats, 'cumulativeTime' | 'primitiveCalls' | 'totalCalls'>): number {
  const calls = fn.primitiveCalls > 0 ? fn.primitiveCalls : fn.totalCalls;
  return calls > 0 ? fn.cumulativeTime / calls : 0;
}

/** The function's cumulative time as a fraction of the profiled time (0 when nothing was timed). */
export function shareOfTotal(cumulativeTime: number, totalTime: number): number {
  return totalTime > 0 ? cumulativeTime / totalTime : 0;
}

/** Index of the row with `id` in `rows`, or -1. */
export function indexOfId(rows: readonly { id: string }[], id: string | null): number {
  if (id === null) return -1;
  for (let i = 0; i < rows.length; i++) if (rows[i]!.id === id) return i;
  return -1;
}

/** Keyboard movement in a list of `count` rows: the new index, clamped. */
export function moveSelection(
  index: number,
  count: number,
  key: 'ArrowUp' | 'ArrowDown' | 'PageUp' | 'PageDown' | 'Home' | 'End',
  pageSize: number,
): number {
  if (count === 0) return -1;
  const page = Math.max(1, pageSize);
  let next: number;
  switch (key) {
    case 'ArrowUp':
      next = index < 0 ? 0 : index - 1;
      break;
    case 'ArrowDown':
      next = index + 1;
      break;
    case 'PageUp':
      next = index - page;
      break;
    case 'PageDown':
      next = index < 0 ? page - 1 : index + page;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = count - 1;
      break;
  }
  return Math.min(count - 1, Math.max(0, next));
}

// ---------------------------------------------------------------------------------------------
// Virtualisation

export interface VisibleRange {
  /** First row index to render (inclusive). */
  start: number;
  /** One past the last row index to render. */
  end: number;
}

/**
 * The rows a scrolled viewport shows, plus `overscan` rows each side so fast scrolling does not
 * flash empty space.
 */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan = 8): VisibleRange {
  if (rowCount <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(rowCount - 1, first) - overscan);
  const end = Math.min(rowCount, first + visible + overscan);
  return { start, end: Math.max(start, end) };
}

/** The scrollTop that brings row `index` into view, or `scrollTop` unchanged when it already is. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}
