// "Compare with previous run": per-function deltas in a virtualised table, worst change first.

import type { FunctionDelta, ProfileComparison } from '../core/profile/model';
import { comparisonColumns, deltaSearchText } from './columns';
import { append, button, clear, h } from './dom';
import { formatDuration, formatDurationDelta, formatRelativeChange } from '../shared/format';
import { matchesTerms, queryTerms, sortRows, type SortSpec } from './tableModel';
import { VirtualTable } from './virtualTable';

export interface CompareViewCallbacks {
  onRequestCompare(): void;
  onOpenSource(file: string, line: number): void;
  onSortChange(sort: SortSpec): void;
  onSelectFunction(functionId: string): void;
}

export class CompareView {
  readonly element: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly table: VirtualTable<FunctionDelta>;
  private readonly columns;
  private comparison: ProfileComparison | null = null;

  constructor(
    private readonly callbacks: CompareViewCallbacks,
    baseDir: string | null,
    private sort: SortSpec,
    private readonly canCompare: boolean,
  ) {
    this.columns = comparisonColumns({ totalTime: 0, baseDir });
    this.summary = h('div', { className: 'compare-summary', 'aria-live': 'polite' });
    this.table = new VirtualTable<FunctionDelta>(
      {
        label: 'Per-function changes against the previous run',
        columns: this.columns,
        rowKey: (d) => d.id,
        onSelect: (d) => this.callbacks.onSelectFunction(d.id),
        onActivate: (d) => {
          if (d.file !== '~' && d.line > 0) this.callbacks.onOpenSource(d.file, d.line);
        },
        onSortChange: (next) => {
          this.sort = next;
          this.table.setSort(next);
          this.callbacks.onSortChange(next);
          this.refresh(this.lastQuery, this.lastHideLibrary);
        },
        rowClass: (d) => `status-${d.status}`,
        emptyText: 'No function matches the filter.',
      },
      sort,
    );
    this.table.element.hidden = true;
    this.element = h('section', { className: 'compare-view' }, this.summary, this.table.element);
    this.showPlaceholder(null);
  }

  private lastQuery = '';
  private lastHideLibrary = false;
  private libraryIds = new Set<string>();

  /** Functions the "hide library" toggle hides (known from the current profile). */
  setLibraryIds(ids: Set<string>): void {
    this.libraryIds = ids;
  }

  showPlaceholder(message: string | null): void {
    this.comparison = null;
    this.table.element.hidden = true;
    clear(this.summary);
    append(
      this.summary,
      h(
        'p',
        {},
        message ??
          (this.canCompare
            ? 'Compare this run with the previous run of the same script: per-function changes, largest first.'
            : 'There is no earlier run of this script to compare with. Profile it again to compare the two runs.'),
      ),
      this.canCompare
        ? button('Compare with previous run', 'Load the previous run and compute per-function changes', () =>
            this.callbacks.onRequestCompare(),
          )
        : null,
    );
  }

  setComparison(comparison: ProfileComparison, query: string, hideLibrary: boolean): void {
    this.comparison = comparison;
    clear(this.summary);
    const before = comparison.before.totalTime;
    const after = comparison.after.totalTime;
    const counts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
    for (const d of comparison.functions) counts[d.status]++;
    if (comparison.differences.length > 0) {
      this.summary.append(
        h(
          'div',
          { className: 'compare-warnings', role: 'note' },
          h('strong', {}, 'These runs differ, so their times are not directly comparable:'),
          h('ul', {}, ...comparison.differences.map((text) => h('li', {}, text))),
        ),
      );
    }
    this.summary.append(
      h(
        'p',
        {},
        'Profiled time ',
        h('strong', {}, formatDuration(before)),
        ' \u2192 ',
        h('strong', {}, formatDuration(after)),
        ' (',
        h(
          'span',
          { className: after > before ? 'delta-worse' : after < before ? 'delta-better' : '' },
          `${formatDurationDelta(comparison.totalTimeDelta)}, ${formatRelativeChange(before, after)}`,
        ),
        ')',
      ),
      h(
        'p',
        { className: 'muted' },
        `Previous run: ${comparison.before.startTime ? new Date(comparison.before.startTime).toLocaleString() : 'unknown time'}. ` +
          `${counts.changed} changed, ${counts.added} new, ${counts.removed} gone, ${counts.unchanged} unchanged. ` +
          'Timings vary between runs: small differences are noise.',
      ),
    );
    this.table.element.hidden = false;
    this.refresh(query, hideLibrary);
  }

  refresh(query: string, hideLibrary: boolean): void {
    this.lastQuery = query;
    this.lastHideLibrary = hideLibrary;
    if (!this.comparison) return;
    const terms = queryTerms(query);
    const rows = this.comparison.functions.filter(
      (d) => (!hideLibrary || !this.libraryIds.has(d.id)) && (terms.length === 0 || matchesTerms(deltaSearchText(d), terms)),
    );
    const column = this.columns.find((c) => c.key === this.sort.key) ?? this.columns[5]!;
    this.table.setRows(sortRows(rows, column, this.sort.descending));
  }

  focus(): void {
    this.table.focus();
  }
}
