// Which table columns fit a panel, and how wide each is: the user's choices first (a column shown
// or hidden from the Columns menu, a width dragged at its header), then the remaining columns by
// priority while their minimum widths fit. Pure, so the layout of a narrow panel can be tested.

/** What the layout needs to know of a column. */
export interface ColumnFit {
  key: string;
  /** Narrowest useful width, px. */
  minWidth: number;
  /** 0 is always shown; higher numbers are hidden first when the panel is narrow. */
  priority: number;
  /** CSS grid track when the user has not set a width, e.g. `7em` or `minmax(7em, 3fr)`. */
  width: string;
}

/** The user's choices, kept with the view state. */
export interface ColumnPrefs {
  /** true: always shown, false: hidden; absent: shown when it fits. */
  shown: Record<string, boolean>;
  /** Widths dragged at the header, px. */
  widths: Record<string, number>;
}

export interface ColumnLayout {
  /** Per column, in column order: shown or not. */
  visible: boolean[];
  /** Keys left out only because the panel is too narrow. */
  squeezedOut: string[];
  /** CSS grid-template-columns for the shown columns. */
  template: string;
}

export const MIN_DRAGGED_WIDTH = 40;

function usedWidth(column: ColumnFit, prefs: ColumnPrefs): number {
  return prefs.widths[column.key] ?? column.minWidth;
}

export function layoutColumns(columns: readonly ColumnFit[], available: number, prefs: ColumnPrefs): ColumnLayout {
  const visible = columns.map((c) => c.priority === 0 || prefs.shown[c.key] === true);
  let used = columns.reduce((sum, c, i) => sum + (visible[i] ? usedWidth(c, prefs) : 0), 0);
  const squeezedOut: string[] = [];
  const optional = columns
    .map((column, index) => ({ column, index }))
    .filter(({ column, index }) => !visible[index] && prefs.shown[column.key] === undefined)
    .sort((a, b) => a.column.priority - b.column.priority || a.index - b.index);
  // Strictly by priority: once one does not fit, the less important ones stay out too, so a
  // narrowing panel drops columns in one predictable order.
  let full = false;
  for (const { column, index } of optional) {
    const width = usedWidth(column, prefs);
    if (!full && used + width <= available) {
      visible[index] = true;
      used += width;
    } else {
      full = true;
      squeezedOut.push(column.key);
    }
  }
  const template = columns
    .filter((_, i) => visible[i])
    .map((c) => (prefs.widths[c.key] !== undefined ? `${Math.max(MIN_DRAGGED_WIDTH, Math.round(prefs.widths[c.key]!))}px` : c.width))
    .join(' ');
  return { visible, squeezedOut, template };
}

/** Reads saved preferences, dropping anything malformed. */
export function restoreColumnPrefs(saved: unknown): ColumnPrefs {
  const prefs: ColumnPrefs = { shown: {}, widths: {} };
  if (typeof saved !== 'object' || saved === null) return prefs;
  const s = saved as Record<string, unknown>;
  if (typeof s.shown === 'object' && s.shown !== null) {
    for (const [key, value] of Object.entries(s.shown)) if (typeof value === 'boolean') prefs.shown[key] = value;
  }
  if (typeof s.widths === 'object' && s.widths !== null) {
    for (const [key, value] of Object.entries(s.widths))
      if (typeof value === 'number' && Number.isFinite(value) && value >= MIN_DRAGGED_WIDTH) prefs.widths[key] = value;
  }
  return prefs;
}
