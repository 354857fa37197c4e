// What the viewer remembers across a hidden/shown panel (webview getState/setState). Small on
// purpose: the profile itself is sent again by the extension, only the user's choices are kept.

import { restoreColumnPrefs, type ColumnPrefs } from './columnLayout';
import type { SortSpec } from './tableModel';

export type ViewTab = 'table' | 'flame' | 'compare' | 'memory';
/** What a sampled flame graph shows: every thread's stacks, or asyncio tasks' await chains. */
export type FlameStacks = 'threads' | 'await';
/** Which sampled time a flame graph shows. */
export type FlameTime = 'all' | 'working' | 'waiting';

export interface ViewState {
  tab: ViewTab;
  sort: SortSpec;
  compareSort: SortSpec;
  /** Filters the tables and highlights matching frames in the flame graph. */
  query: string;
  hideLibrary: boolean;
  /** Show pytest's own frames in a test run's profile (hidden in one <pytest> frame by default). */
  showPytestFrames: boolean;
  /** FunctionId selected in the table (drives the callers/callees pane). */
  selectedId: string | null;
  /** FunctionId the flame graph is re-rooted at; null for the whole program. */
  flameRootId: string | null;
  /** nodeId zoomed into within the current flame tree; null for no zoom. */
  flameFocusId: number | null;
  tableScrollTop: number;
  /** Which run the choices above belong to: a new run in the same panel starts afresh. */
  runKey: string | null;
  /** Columns of the function table the user showed, hid or resized (kept across runs). */
  columns: ColumnPrefs;
  /** Sampled flame graphs: one tree for all threads instead of one root per thread. */
  flameMergeThreads: boolean;
  flameTime: FlameTime;
  flameStacks: FlameStacks;
}

export const defaultViewState: ViewState = {
  tab: 'table',
  sort: { key: 'cumulativeTime', descending: true },
  compareSort: { key: 'delta', descending: true },
  query: '',
  hideLibrary: false,
  showPytestFrames: false,
  selectedId: null,
  flameRootId: null,
  flameFocusId: null,
  tableScrollTop: 0,
  runKey: null,
  columns: { shown: {}, widths: {} },
  flameMergeThreads: false,
  flameTime: 'all',
  flameStacks: 'threads',
};

const tabs: readonly ViewTab[] = ['table', 'flame', 'compare', 'memory'];
const flameTimes: readonly FlameTime[] = ['all', 'working', 'waiting'];
const flameStacks: readonly FlameStacks[] = ['threads', 'await'];

function sortSpec(value: unknown, fallback: SortSpec): SortSpec {
  if (typeof value !== 'object' || value === null) return fallback;
  const spec = value as Record<string, unknown>;
  if (typeof spec.key !== 'string' || typeof spec.descending !== 'boolean') return fallback;
  return { key: spec.key, descending: spec.descending };
}

/** Restores saved state, field by field: anything missing or malformed falls back to the default. */
export function restoreViewState(saved: unknown): ViewState {
  if (typeof saved !== 'object' || saved === null) return { ...defaultViewState, columns: { shown: {}, widths: {} } };
  const s = saved as Record<string, unknown>;
  const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);
  const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    tab: tabs.includes(s.tab as ViewTab) ? (s.tab as ViewTab) : defaultViewState.tab,
    sort: sortSpec(s.sort, defaultViewState.sort),
    compareSort: sortSpec(s.compareSort, defaultViewState.compareSort),
    query: str(s.query, ''),
    hideLibrary: typeof s.hideLibrary === 'boolean' ? s.hideLibrary : false,
    showPytestFrames: typeof s.showPytestFrames === 'boolean' ? s.showPytestFrames : false,
    selectedId: strOrNull(s.selectedId),
    flameRootId: strOrNull(s.flameRootId),
    flameFocusId: typeof s.flameFocusId === 'number' && Number.isInteger(s.flameFocusId) ? s.flameFocusId : null,
    tableScrollTop: typeof s.tableScrollTop === 'number' && s.tableScrollTop >= 0 ? s.tableScrollTop : 0,
    runKey: strOrNull(s.runKey),
    columns: restoreColumnPrefs(s.columns),
    flameMergeThreads: s.flameMergeThreads === true,
    flameTime: flameTimes.includes(s.flameTime as FlameTime) ? (s.flameTime as FlameTime) : 'all',
    flameStacks: flameStacks.includes(s.flameStacks as FlameStacks) ? (s.flameStacks as FlameStacks) : 'threads',
  };
}
