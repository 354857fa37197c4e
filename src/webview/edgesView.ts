// Callers and callees of the selected function: pstats' exact per-edge numbers (no estimate).

import type { CallEdge, FunctionStats, ThreadInfo } from '../core/profile/model';
import { button, clear, h, tableHead } from './dom';
import { formatCalls, formatDuration, formatLocation, formatShare } from '../shared/format';

export interface EdgesViewCallbacks {
  onSelectFunction(functionId: string): void;
  onOpenSource(fn: FunctionStats): void;
  onShowInFlame(functionId: string): void;
}

/** What the lists need to know about the run. */
export interface EdgesContext {
  /** False when calls were not counted: the call columns show a dash. */
  callCounts: boolean;
  /** The run's threads, for a function's per-thread numbers. */
  threads: readonly ThreadInfo[];
}

export class EdgesView {
  readonly element: HTMLElement;

  constructor(
    private readonly callbacks: EdgesViewCallbacks,
    private readonly context: EdgesContext = { callCounts: true, threads: [] },
  ) {
    this.element = h('section', { className: 'edges', 'aria-label': 'Callers and callees of the selected function' });
    this.show(null, new Map(), null);
  }

  show(fn: FunctionStats | null, functions: Map<string, FunctionStats>, baseDir: string | null): void {
    clear(this.element);
    if (!fn) {
      this.element.appendChild(h('p', { className: 'muted' }, 'Select a function to see who calls it and what it calls.'));
      return;
    }
    const title = h(
      'div',
      { className: 'edges-title' },
      h('strong', {}, fn.name),
      ' ',
      h('span', { className: 'muted' }, formatLocation(fn.file, fn.line, baseDir)),
      ' ',
      button('Show in flame graph', 'Re-root the flame graph at this function (all its calls)', () => this.callbacks.onShowInFlame(fn.id)),
      fn.builtin ? null : button('Open source', 'Open the function in the editor', () => this.callbacks.onOpenSource(fn)),
    );
    this.element.append(
      title,
      h(
        'div',
        { className: 'edges-columns' },
        this.list(
          'Called by',
          'Callers: each row is that caller\u2019s calls to this function. Share: part of this function\u2019s cumulative time that came through that caller.',
          fn,
          fn.callers,
          functions,
          baseDir,
        ),
        this.list(
          'Calls',
          'Callees: each row is this function\u2019s calls to that function. Share: part of this function\u2019s cumulative time spent in that callee.',
          fn,
          fn.callees,
          functions,
          baseDir,
        ),
      ),
    );
    const byThread = this.byThread(fn);
    if (byThread) this.element.append(byThread);
  }

  /** The function's numbers in each thread that ran it (several threads only). */
  private byThread(fn: FunctionStats): HTMLElement | null {
    const rows = fn.byThread ?? [];
    if (rows.length < 2) return null;
    const body = h('tbody');
    for (const row of [...rows].sort((a, b) => b.cumulativeTime - a.cumulativeTime)) {
      body.appendChild(
        h(
          'tr',
          {},
          h('td', { className: 'align-left' }, this.context.threads[row.thread]?.name ?? `thread ${row.thread}`),
          h('td', { className: 'align-right' }, this.calls(row.primitiveCalls, row.totalCalls)),
          h('td', { className: 'align-right' }, formatDuration(row.ownTime)),
          h('td', { className: 'align-right' }, formatDuration(row.cumulativeTime)),
          h('td', { className: 'align-right' }, formatShare(fn.cumulativeTime > 0 ? row.cumulativeTime / fn.cumulativeTime : 0)),
        ),
      );
    }
    const head = tableHead(
      ['Thread', 'left'],
      ['Calls', 'right'],
      ['Own', 'right'],
      ['Cumulative', 'right'],
      ['Share', 'right', 'Share of the function\u2019s cumulative time, summed over threads'],
    );
    return h(
      'div',
      { className: 'edge-list by-thread' },
      h('h3', { title: 'This function\u2019s numbers in each thread that ran it' }, `By thread (${rows.length})`),
      h('table', { className: 'edge-table' }, head, body),
    );
  }

  private calls(primitive: number, total: number): string {
    return this.context.callCounts ? formatCalls(primitive, total) : '\u2014';
  }

  private list(
    heading: string,
    explanation: string,
    fn: FunctionStats,
    edges: CallEdge[],
    functions: Map<string, FunctionStats>,
    baseDir: string | null,
  ): HTMLElement {
    const table = h(
      'table',
      { className: 'edge-table' },
      tableHead(
        ['Function', 'left'],
        ['Calls', 'right', 'Calls along this edge (total/primitive when recursive)'],
        ['Own', 'right', 'Own time of the callee within these calls'],
        ['Cumulative', 'right', 'Cumulative time of the callee within these calls'],
        ['Share', 'right', 'Share of the selected function\u2019s cumulative time'],
      ),
    );
    const body = h('tbody');
    for (const edge of edges) {
      const other = functions.get(edge.id);
      const name = other?.name ?? edge.id;
      const link = h(
        'button',
        { type: 'button', className: 'link', title: other ? formatLocation(other.file, other.line, baseDir) : edge.id },
        name,
      );
      link.addEventListener('click', () => this.callbacks.onSelectFunction(edge.id));
      link.addEventListener('dblclick', () => other && !other.builtin && this.callbacks.onOpenSource(other));
      body.appendChild(
        h(
          'tr',
          {},
          h('td', { className: 'align-left' }, link),
          h('td', { className: 'align-right' }, this.calls(edge.primitiveCalls, edge.totalCalls)),
          h('td', { className: 'align-right' }, formatDuration(edge.ownTime)),
          h('td', { className: 'align-right' }, formatDuration(edge.cumulativeTime)),
          h('td', { className: 'align-right' }, formatShare(fn.cumulativeTime > 0 ? edge.cumulativeTime / fn.cumulativeTime : 0)),
        ),
      );
    }
    if (edges.length === 0) {
      body.appendChild(
        h(
          'tr',
          {},
          h('td', { colspan: 5, className: 'muted' }, heading === 'Calls' ? 'No profiled callees.' : 'No callers (a program entry point).'),
        ),
      );
    }
    table.appendChild(body);
    return h('div', { className: 'edge-list' }, h('h3', { title: explanation }, `${heading} (${edges.length})`), table);
  }
}
