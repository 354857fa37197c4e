// A virtualised, sortable grid: only the rows in view exist in the DOM (a pool reused on
// scroll), so 10,000+ rows scroll as smoothly as 10. Keyboard: arrows, Page Up/Down, Home/End
// move the selection; Enter activates. Columns fit the panel's width (see columnLayout.ts): the
// least important ones leave a narrow panel first, and each can be resized at its header's edge.

import { layoutColumns, MIN_DRAGGED_WIDTH, type ColumnLayout, type ColumnPrefs } from './columnLayout';
import type { Column } from './columns';
import { h } from './dom';
import { moveSelection, nextSort, scrollToReveal, visibleRange, type SortSpec } from './tableModel';

export const ROW_HEIGHT = 22;

export interface VirtualTableOptions<Row> {
  /** Accessible name of the grid. */
  label: string;
  columns: Column<Row>[];
  rowKey(row: Row): string;
  /** Row selected by click or keyboard. `byKeyboard` lets the owner skip side effects while arrowing. */
  onSelect(row: Row, byKeyboard: boolean): void;
  /** Enter or double click. */
  onActivate(row: Row): void;
  onSortChange(sort: SortSpec): void;
  /** Extra class for a whole row (e.g. library rows dimmed). */
  rowClass?(row: Row): string | undefined;
  /** Tooltip for a whole row. */
  rowTitle?(row: Row): string | undefined;
  emptyText: string;
  /** The user showed, hid or resized a column (to keep the choice). */
  onColumnPrefsChange?(prefs: ColumnPrefs): void;
}

/** A column as the Columns menu lists it. */
export interface ColumnState {
  key: string;
  title: string;
  visible: boolean;
  /** Always shown (the first column). */
  locked: boolean;
  /** Hidden only because the panel is too narrow. */
  squeezedOut: boolean;
}

let tableCounter = 0;

export class VirtualTable<Row> {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly body: HTMLElement;
  private readonly header: HTMLElement;
  private readonly headerCells: HTMLElement[] = [];
  private readonly empty: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  private readonly idPrefix = `vt${++tableCounter}`;
  private rows: Row[] = [];
  private sort: SortSpec;
  private selectedKey: string | null = null;
  private frameRequested = false;
  private prefs: ColumnPrefs;
  private layout: ColumnLayout;
  private laidOutWidth = -1;

  constructor(
    private readonly options: VirtualTableOptions<Row>,
    sort: SortSpec,
    prefs: ColumnPrefs = { shown: {}, widths: {} },
  ) {
    this.sort = sort;
    this.prefs = { shown: { ...prefs.shown }, widths: { ...prefs.widths } };
    this.layout = { visible: options.columns.map(() => true), squeezedOut: [], template: options.columns.map((c) => c.width).join(' ') };
    const header = h('div', { className: 'vt-header', role: 'row', 'aria-rowindex': 1 });
    this.header = header;
    for (const column of options.columns) {
      const cell = h(
        'div',
        { className: `vt-cell vt-head align-${column.align}`, role: 'columnheader' },
        h(
          'button',
          { type: 'button', className: 'vt-sort', title: column.tooltip },
          column.title,
          h('span', { className: 'vt-arrow', 'aria-hidden': 'true' }),
        ),
      );
      cell.querySelector('button')!.addEventListener('click', () => {
        this.options.onSortChange(nextSort(this.sort, column as Column<unknown>));
      });
      cell.appendChild(this.resizeHandle(column, cell));
      this.headerCells.push(cell);
      header.appendChild(cell);
    }
    this.body = h('div', { className: 'vt-body', role: 'rowgroup' });
    this.empty = h('div', { className: 'vt-empty', hidden: true }, options.emptyText);
    this.scroller = h(
      'div',
      { className: 'vt-scroll', role: 'grid', tabindex: 0, 'aria-label': options.label, 'aria-multiselectable': 'false' },
      header,
      this.body,
      this.empty,
    );
    this.element = this.scroller;
    this.applyLayout();
    this.scroller.addEventListener('scroll', () => this.scheduleRender(), { passive: true });
    this.scroller.addEventListener('keydown', (event) => this.onKey(event));
    this.body.addEventListener('click', (event) => this.onRowEvent(event, false));
    this.body.addEventListener('dblclick', (event) => this.onRowEvent(event, true));
    new ResizeObserver(() => {
      if (this.scroller.clientWidth !== this.laidOutWidth) this.relayout();
      this.scheduleRender();
    }).observe(this.scroller);
    this.updateHeader();
  }

  /** The columns for the Columns menu: which are shown, which only lack room. */
  columnStates(): ColumnState[] {
    return this.options.columns.map((column, i) => ({
      key: column.key,
      title: column.title,
      visible: this.layout.visible[i]!,
      locked: (column.priority ?? i) === 0,
      squeezedOut: this.layout.squeezedOut.includes(column.key),
    }));
  }

  /** Shows (true) or hides (false) a column whatever the width; undefined: shown when it fits. */
  setColumnShown(key: string, shown: boolean | undefined): void {
    if (shown === undefined) delete this.prefs.shown[key];
    else this.prefs.shown[key] = shown;
    this.relayout();
    this.options.onColumnPrefsChange?.(this.columnPrefs());
  }

  resetColumns(): void {
    this.prefs = { shown: {}, widths: {} };
    this.relayout();
    this.options.onColumnPrefsChange?.(this.columnPrefs());
  }

  columnPrefs(): ColumnPrefs {
    return { shown: { ...this.prefs.shown }, widths: { ...this.prefs.widths } };
  }

  private relayout(): void {
    this.laidOutWidth = this.scroller.clientWidth;
    const fits = this.options.columns.map((column, i) => ({
      key: column.key,
      minWidth: column.minWidth ?? 60,
      priority: column.priority ?? i,
      width: column.width,
    }));
    // Before the panel has a size (hidden tab), keep every column: the observer lays out again.
    this.layout = layoutColumns(fits, this.laidOutWidth > 0 ? this.laidOutWidth : Number.POSITIVE_INFINITY, this.prefs);
    this.applyLayout();
    this.render();
  }

  private applyLayout(): void {
    this.header.style.gridTemplateColumns = this.layout.template;
    this.scroller.style.setProperty('--vt-columns', this.layout.template);
    this.headerCells.forEach((cell, i) => (cell.hidden = !this.layout.visible[i]));
  }

  /** The drag handle at a header's right edge (arrow keys resize too; double click restores). */
  private resizeHandle(column: Column<Row>, cell: HTMLElement): HTMLElement {
    const handle = h('span', {
      className: 'vt-resize',
      role: 'separator',
      'aria-orientation': 'vertical',
      'aria-label': `Resize ${column.title}`,
      tabindex: -1,
      title: 'Drag to resize; double-click for the default width',
    });
    const setWidth = (width: number | undefined): void => {
      if (width === undefined) delete this.prefs.widths[column.key];
      else this.prefs.widths[column.key] = Math.max(MIN_DRAGGED_WIDTH, Math.round(width));
      this.relayout();
    };
    handle.addEventListener('pointerdown', (event) => {
      event.preventDefault();
      const startX = event.clientX;
      const startWidth = cell.getBoundingClientRect().width;
      handle.setPointerCapture(event.pointerId);
      const move = (moved: PointerEvent): void => setWidth(startWidth + moved.clientX - startX);
      const up = (): void => {
        handle.removeEventListener('pointermove', move);
        handle.removeEventListener('pointerup', up);
        handle.removeEventListener('pointercancel', up);
        this.options.onColumnPrefsChange?.(this.columnPrefs());
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', up);
      handle.addEventListener('pointercancel', up);
    });
    handle.addEventListener('dblclick', () => {
      setWidth(undefined);
      this.options.onColumnPrefsChange?.(this.columnPrefs());
    });
    return handle;
  }

  setRows(rows: Row[]): void {
    this.rows = rows;
    this.body.style.height = `${rows.length * ROW_HEIGHT}px`;
    this.scroller.setAttribute('aria-rowcount', String(rows.length + 1));
    this.empty.hidden = rows.length > 0;
    this.render();
  }

  setSort(sort: SortSpec): void {
    this.sort = sort;
    this.updateHeader();
  }

  getRows(): readonly Row[] {
    return this.rows;
  }

  selectedIndex(): number {
    if (this.selectedKey === null) return -1;
    for (let i = 0; i < this.rows.length; i++) if (this.options.rowKey(this.rows[i]!) === this.selectedKey) return i;
    return -1;
  }

  /** Selects the row with `key` (if present) and scrolls it into view. */
  select(key: string | null, reveal = true): void {
    this.selectedKey = key;
    if (reveal) {
      const index = this.selectedIndex();
      if (index >= 0) this.scroller.scrollTop = scrollToReveal(index, this.scroller.scrollTop, this.viewportHeight(), ROW_HEIGHT);
    }
    this.render();
  }

  get scrollTop(): number {
    return this.scroller.scrollTop;
  }

  set scrollTop(value: number) {
    this.scroller.scrollTop = value;
    this.render();
  }

  focus(): void {
    this.scroller.focus();
  }

  private viewportHeight(): number {
    // The sticky header covers the first row's height of the viewport.
    return Math.max(ROW_HEIGHT, this.scroller.clientHeight - ROW_HEIGHT);
  }

  private scheduleRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.render();
    });
  }

  private updateHeader(): void {
    this.options.columns.forEach((column, i) => {
      const cell = this.headerCells[i]!;
      const active = column.key === this.sort.key;
      cell.setAttribute('aria-sort', active ? (this.sort.descending ? 'descending' : 'ascending') : 'none');
      cell.querySelector('.vt-arrow')!.textContent = active ? (this.sort.descending ? ' \u25be' : ' \u25b4') : '';
    });
  }

  private render(): void {
    const range = visibleRange(this.scroller.scrollTop, this.scroller.clientHeight, ROW_HEIGHT, this.rows.length);
    const needed = range.end - range.start;
    while (this.pool.length < needed) this.pool.push(this.createRow());
    const columns = this.options.columns;
    let activeId: string | null = null;
    for (let i = 0; i < this.pool.length; i++) {
      const element = this.pool[i]!;
      const index = range.start + i;
      if (i >= needed) {
        element.hidden = true;
        continue;
      }
      const row = this.rows[index]!;
      const key = this.options.rowKey(row);
      const selected = key === this.selectedKey;
      element.hidden = false;
      element.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
      element.dataset.index = String(index);
      element.setAttribute('aria-rowindex', String(index + 2));
      element.setAttribute('aria-selected', String(selected));
      element.className = `vt-row${selected ? ' selected' : ''}${this.options.rowClass?.(row) ? ' ' + this.options.rowClass(row) : ''}`;
      const title = this.options.rowTitle?.(row);
      if (title) element.title = title;
      else element.removeAttribute('title');
      if (selected) {
        element.id = `${this.idPrefix}-selected`;
        activeId = element.id;
      } else {
        element.removeAttribute('id');
      }
      const cells = element.children;
      for (let c = 0; c < columns.length; c++) {
        const cell = cells[c] as HTMLElement;
        const column = columns[c]!;
        const hidden = !this.layout.visible[c];
        if (cell.hidden !== hidden) cell.hidden = hidden;
        if (hidden) continue;
        const text = column.text(row);
        // A path cut at its start keeps its file name and line in view (see .ellipsis-start).
        if (cell.textContent !== text) {
          if (column.ellipsisStart) cell.replaceChildren(h('bdi', {}, text));
          else cell.textContent = text;
        }
        const extra = column.cellClass?.(row);
        const className = `vt-cell align-${column.align}${column.ellipsisStart ? ' ellipsis-start' : ''}${extra ? ' ' + extra : ''}`;
        if (cell.className !== className) cell.className = className;
      }
    }
    if (activeId) this.scroller.setAttribute('aria-activedescendant', activeId);
    else this.scroller.removeAttribute('aria-activedescendant');
  }

  private createRow(): HTMLElement {
    const row = h('div', { className: 'vt-row', role: 'row' });
    for (let c = 0; c < this.options.columns.length; c++) row.appendChild(h('div', { className: 'vt-cell', role: 'gridcell' }));
    this.body.appendChild(row);
    return row;
  }

  private onRowEvent(event: MouseEvent, activate: boolean): void {
    const target = (event.target as HTMLElement).closest('.vt-row') as HTMLElement | null;
    if (!target?.dataset.index) return;
    const row = this.rows[Number(target.dataset.index)];
    if (row === undefined) return;
    this.selectedKey = this.options.rowKey(row);
    this.render();
    if (activate) this.options.onActivate(row);
    else this.options.onSelect(row, false);
  }

  private onKey(event: KeyboardEvent): void {
    const key = event.key;
    if (key === 'Enter') {
      const index = this.selectedIndex();
      if (index >= 0) {
        event.preventDefault();
        this.options.onActivate(this.rows[index]!);
      }
      return;
    }
    if (key !== 'ArrowUp' && key !== 'ArrowDown' && key !== 'PageUp' && key !== 'PageDown' && key !== 'Home' && key !== 'End') return;
    event.preventDefault();
    const pageSize = Math.floor(this.viewportHeight() / ROW_HEIGHT);
    const index = moveSelection(this.selectedIndex(), this.rows.length, key, pageSize);
    if (index < 0) return;
    const row = this.rows[index]!;
    this.select(this.options.rowKey(row));
    this.options.onSelect(row, true);
  }
}
