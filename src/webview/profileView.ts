// Entry point of the profile viewer webview: receives a Profile from the extension and shows the
// header, the function table with callers/callees, the flame graph, the comparison and memory.

import type { CallTree, FunctionStats, Profile, ProfileComparison } from '../core/profile/model';
import { collapsePytestFrames, PYTEST_GROUP_ID } from '../core/targets/pytestFrames';
import { functionColumns } from './columns';
import { CompareView } from './compareView';
import { button, clear, h } from './dom';
import { EdgesView } from './edgesView';
import { flameTree, flameTreeSummary, FrameCatalog, hasAwaits, hasSamples } from './flameSource';
import { FlameView } from './flameView';
import { formatCount } from '../shared/format';
import { renderHeader } from './header';
import { renderMemory } from './memoryView';
import type { FromViewerMessage, ToViewerMessage, ViewerCapabilities } from '../shared/viewerProtocol';
import { filterFunctions, indexOfId, sortRows } from './tableModel';
import { restoreViewState, type FlameStacks, type FlameTime, type ViewState, type ViewTab } from './viewState';
import { VirtualTable } from './virtualTable';

interface VsCodeApi {
  postMessage(message: FromViewerMessage): void;
  getState(): unknown;
  setState(state: ViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: ViewState = restoreViewState(vscode.getState());

function saveState(patch: Partial<ViewState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
}

function post(message: FromViewerMessage): void {
  vscode.postMessage(message);
}

interface Loaded {
  profile: Profile;
  title: string;
  baseDir: string | null;
  capabilities: ViewerCapabilities;
  byId: Map<string, FunctionStats>;
  /** A test run's profile: whether pytest's frames are folded into <pytest>, and the toggle. */
  pytest?: { hidden: boolean; toggle(): void };
}

/** One viewer instance per received profile; replaced when a new profile arrives. */
class Viewer {
  private readonly table: VirtualTable<FunctionStats>;
  private readonly columns;
  private readonly edges: EdgesView;
  private readonly flame: FlameView;
  private readonly compare: CompareView;
  private readonly panels = new Map<ViewTab, HTMLElement>();
  private readonly tabButtons = new Map<ViewTab, HTMLButtonElement>();
  private readonly filterInput: HTMLInputElement;
  private readonly countLabel: HTMLElement;
  private readonly flameRootChip: HTMLElement;
  private readonly flameLegendCount: HTMLElement;
  private readonly trees = new Map<string, CallTree>();
  private readonly catalog: FrameCatalog;
  private filterTimer: number | undefined;

  constructor(
    private readonly data: Loaded,
    root: HTMLElement,
  ) {
    const { profile, baseDir } = data;
    this.catalog = new FrameCatalog(profile, data.byId);
    this.columns = functionColumns({
      totalTime: profile.run.totalTime,
      baseDir,
      callCounts: profile.run.callCounts !== false,
      sampledTiming: profile.run.timing === 'samples',
    });
    this.table = new VirtualTable<FunctionStats>(
      {
        label: 'Profiled functions',
        columns: this.columns,
        rowKey: (fn) => fn.id,
        onSelect: (fn, byKeyboard) => {
          this.selectFunction(fn.id, false);
          // A click previews the source beside the panel; arrowing through rows does not.
          if (!byKeyboard) this.openSource(fn, false);
        },
        onActivate: (fn) => this.openSource(fn, true),
        onSortChange: (sort) => {
          saveState({ sort });
          this.table.setSort(sort);
          this.refreshTable();
        },
        rowClass: (fn) => (fn.library ? 'library' : undefined),
        rowTitle: (fn) => (fn.builtin ? `${fn.name} (built-in: no source)` : `${fn.file}:${fn.line}`),
        emptyText: 'No function matches the filter.',
        onColumnPrefsChange: (columns) => saveState({ columns }),
      },
      state.sort,
      state.columns,
    );
    this.edges = new EdgesView(
      {
        onSelectFunction: (id) => this.selectFunction(id, true),
        onOpenSource: (fn) => this.openSource(fn, true),
        onShowInFlame: (id) => this.showInFlame(id),
      },
      { callCounts: profile.run.callCounts !== false, threads: profile.threads ?? [] },
    );
    this.flame = new FlameView({
      onSelectFunction: (id) => this.selectFunction(id, false),
      onOpenSource: (file, line) => post({ type: 'openSource', file, line }),
      onFocusChange: (nodeId) => saveState({ flameFocusId: nodeId }),
    });
    this.compare = new CompareView(
      {
        onRequestCompare: () => post({ type: 'compare' }),
        onOpenSource: (file, line) => post({ type: 'openSource', file, line }),
        onSortChange: (compareSort) => saveState({ compareSort }),
        onSelectFunction: (id) => {
          if (this.data.byId.has(id)) saveState({ selectedId: id });
        },
      },
      baseDir,
      state.compareSort,
      data.capabilities.compare,
    );
    this.compare.setLibraryIds(new Set(profile.functions.filter((fn) => fn.library).map((fn) => fn.id)));

    const header = renderHeader(profile, data.title, baseDir, data.capabilities, {
      onOpenLocation: (file, line) => post({ type: 'openSource', file, line }),
      onExport: (format) => post({ type: 'export', format }),
      onCompare: () => {
        this.switchTab('compare');
        post({ type: 'compare' });
      },
      onRerun: () => post({ type: 'rerun' }),
    });

    this.filterInput = h('input', {
      type: 'search',
      className: 'filter',
      placeholder: 'Filter functions and files (press / to focus)',
      'aria-label': 'Filter functions by name or file; also highlights frames in the flame graph',
      value: state.query,
    });
    this.filterInput.value = state.query;
    this.filterInput.addEventListener('input', () => {
      window.clearTimeout(this.filterTimer);
      // Debounced: filtering 10,000+ rows on every keystroke would make typing lag.
      this.filterTimer = window.setTimeout(() => this.applyFilter(), 80);
    });
    this.filterInput.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        if (this.filterInput.value) {
          this.filterInput.value = '';
          this.applyFilter();
        }
        this.focusCurrent();
      } else if (event.key === 'Enter' || event.key === 'ArrowDown') {
        event.preventDefault();
        window.clearTimeout(this.filterTimer);
        this.applyFilter();
        this.focusCurrent();
      }
    });
    const hideLibrary = h('input', { type: 'checkbox', id: 'hide-library' });
    hideLibrary.checked = state.hideLibrary;
    hideLibrary.addEventListener('change', () => {
      saveState({ hideLibrary: hideLibrary.checked, flameFocusId: null });
      this.refreshTable();
      this.refreshFlame();
      this.compare.refresh(state.query, state.hideLibrary);
    });
    this.countLabel = h('span', { className: 'muted count', 'aria-live': 'polite' });
    const toolbar = h(
      'div',
      { className: 'toolbar' },
      this.filterInput,
      h(
        'label',
        {
          className: 'checkbox',
          title: 'Hide functions from the standard library, site-packages and built-ins; their callees move up to the nearest shown caller',
        },
        hideLibrary,
        ' Hide library frames',
      ),
      data.pytest ? pytestToggle(data.pytest) : null,
      this.columnMenu(),
      this.countLabel,
    );

    const tabs: Array<[ViewTab, string]> = [
      ['table', 'Functions'],
      ['flame', 'Flame graph'],
      ['compare', 'Compare'],
    ];
    if (profile.memory) tabs.push(['memory', 'Memory']);
    const tabList = h('div', { className: 'tabs', role: 'tablist', 'aria-label': 'Views' });
    for (const [tab, label] of tabs) {
      const tabButton = h(
        'button',
        { type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-controls': `panel-${tab}`, className: 'tab' },
        label,
      );
      tabButton.addEventListener('click', () => this.switchTab(tab));
      tabButton.addEventListener('keydown', (event) => {
        if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
        const index = tabs.findIndex(([t]) => t === tab);
        const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]![0];
        this.switchTab(next);
        this.tabButtons.get(next)!.focus();
      });
      this.tabButtons.set(tab, tabButton);
      tabList.appendChild(tabButton);
    }

    const tablePanel = h(
      'section',
      { className: 'panel table-panel', role: 'tabpanel', id: 'panel-table', 'aria-labelledby': 'tab-table' },
      this.table.element,
      this.edges.element,
    );

    this.flameRootChip = h('span', { className: 'root-chip' });
    this.flameLegendCount = h('span', { className: 'muted' });
    const sampled = hasSamples(profile);
    const flameToolbar = h(
      'div',
      { className: 'flame-toolbar' },
      this.flameRootChip,
      button('Reset zoom', 'Show the whole graph again (Escape zooms out one level)', () => this.flame.zoomTo(null)),
      sampled ? this.sampledControls(profile) : null,
      sampled ? sampledLegend(this.flameLegendCount) : estimatedLegend(this.flameLegendCount),
    );
    const flamePanel = h(
      'section',
      { className: 'panel flame-panel', role: 'tabpanel', id: 'panel-flame', 'aria-labelledby': 'tab-flame' },
      flameToolbar,
      this.flame.element,
    );
    const comparePanel = h(
      'section',
      { className: 'panel compare-panel', role: 'tabpanel', id: 'panel-compare', 'aria-labelledby': 'tab-compare' },
      this.compare.element,
    );
    this.panels.set('table', tablePanel);
    this.panels.set('flame', flamePanel);
    this.panels.set('compare', comparePanel);
    if (profile.memory) {
      this.panels.set(
        'memory',
        h(
          'section',
          { className: 'panel memory-panel', role: 'tabpanel', id: 'panel-memory', 'aria-labelledby': 'tab-memory' },
          renderMemory(profile.memory, baseDir, (file, line) => post({ type: 'openSource', file, line })),
        ),
      );
    }

    clear(root);
    root.append(header, toolbar, tabList, ...this.panels.values());
    this.refreshTable();
    const restoredScroll = state.tableScrollTop;
    if (restoredScroll > 0) this.table.scrollTop = restoredScroll;
    this.table.element.addEventListener('scroll', () => saveState({ tableScrollTop: this.table.scrollTop }), { passive: true });
    this.selectFunction(state.selectedId && data.byId.has(state.selectedId) ? state.selectedId : null, false, restoredScroll === 0);
    this.switchTab(state.tab === 'memory' && !profile.memory ? 'table' : state.tab);
  }

  /** "Columns": show or hide each column of the function table; a narrow panel drops the least useful first. */
  private columnMenu(): HTMLElement {
    const list = h('div', { className: 'column-list', role: 'group', 'aria-label': 'Columns of the function table' });
    const fill = (): void => {
      clear(list);
      for (const column of this.table.columnStates()) {
        const box = h('input', { type: 'checkbox', id: `column-${column.key}`, disabled: column.locked });
        box.checked = column.visible;
        box.addEventListener('change', () => {
          this.table.setColumnShown(column.key, box.checked);
          fill();
        });
        list.append(
          h(
            'label',
            { className: 'checkbox', for: `column-${column.key}` },
            box,
            ` ${column.title}`,
            column.squeezedOut ? h('span', { className: 'muted' }, ' (no room)') : null,
          ),
        );
      }
      list.append(
        button('Reset', 'Show the columns that fit and their default widths again', () => {
          this.table.resetColumns();
          fill();
        }),
      );
    };
    const menu = h(
      'details',
      { className: 'column-menu' },
      h('summary', { title: 'Choose the columns of the function table (drag a header\u2019s edge to resize it)' }, 'Columns'),
      list,
    );
    menu.addEventListener('toggle', () => {
      if (menu.open) fill();
    });
    return menu;
  }

  private focusCurrent(): void {
    if (state.tab === 'flame') this.flame.focusCanvas();
    else if (state.tab === 'compare') this.compare.focus();
    else this.table.focus();
  }

  focusFilter(): void {
    this.filterInput.focus();
    this.filterInput.select();
  }

  private applyFilter(): void {
    saveState({ query: this.filterInput.value });
    this.refreshTable();
    this.flame.setSearch(state.query);
    this.compare.refresh(state.query, state.hideLibrary);
  }

  private refreshTable(): void {
    const functions = this.data.profile.functions;
    const filtered = filterFunctions(functions, { query: state.query, hideLibrary: state.hideLibrary });
    const column = this.columns.find((c) => c.key === state.sort.key) ?? this.columns[4]!;
    // The profile arrives sorted by cumulative time, highest first: skip the sort in that case.
    const sorted = column.key === 'cumulativeTime' && state.sort.descending ? filtered : sortRows(filtered, column, state.sort.descending);
    this.table.setRows(sorted);
    this.countLabel.textContent =
      sorted.length === functions.length
        ? `${formatCount(functions.length)} functions`
        : `${formatCount(sorted.length)} of ${formatCount(functions.length)} functions`;
  }

  private treeFor(rootId: string | null): CallTree {
    const choice = {
      rootId,
      hideLibrary: state.hideLibrary,
      mergeThreads: state.flameMergeThreads,
      time: state.flameTime,
      stacks: state.flameStacks,
    };
    const key = JSON.stringify(choice);
    let tree = this.trees.get(key);
    if (!tree) {
      // A test run with pytest folded starts at <pytest>, where the run starts.
      const root = rootId ?? (this.data.pytest?.hidden ? PYTEST_GROUP_ID : null);
      tree = flameTree(this.data.profile, { ...choice, rootId: root });
      this.trees.set(key, tree);
    }
    return tree;
  }

  /** Threads split or merged, all time or only working or waiting, stacks or asyncio awaits. */
  private sampledControls(profile: Profile): HTMLElement {
    const merge = h('input', { type: 'checkbox', id: 'flame-merge-threads' });
    merge.checked = state.flameMergeThreads;
    merge.addEventListener('change', () => this.setFlameChoice({ flameMergeThreads: merge.checked }));
    const time = h(
      'select',
      { id: 'flame-time', 'aria-label': 'Time shown in the flame graph' },
      h('option', { value: 'all' }, 'Working and waiting'),
      h('option', { value: 'working' }, 'Working (on CPU)'),
      h('option', { value: 'waiting' }, 'Waiting (off CPU)'),
    );
    time.value = state.flameTime;
    time.addEventListener('change', () => this.setFlameChoice({ flameTime: time.value as FlameTime }));
    const controls = h(
      'span',
      { className: 'flame-controls' },
      h(
        'label',
        { className: 'checkbox', title: 'Draw every thread\u2019s stacks in one tree instead of one root per thread' },
        merge,
        ' Merge threads',
      ),
      time,
    );
    if (hasAwaits(profile)) {
      const stacks = h(
        'select',
        { id: 'flame-stacks', 'aria-label': 'Stacks shown in the flame graph' },
        h('option', { value: 'threads' }, 'Threads\u2019 stacks'),
        h('option', { value: 'await' }, 'asyncio await time'),
      );
      stacks.value = state.flameStacks;
      stacks.addEventListener('change', () => {
        const view = stacks.value as FlameStacks;
        // Await chains have no threads and are all waiting: those two controls do not apply.
        merge.disabled = time.disabled = view === 'await';
        this.setFlameChoice({ flameStacks: view });
      });
      merge.disabled = time.disabled = state.flameStacks === 'await';
      controls.append(stacks);
    }
    return controls;
  }

  private setFlameChoice(patch: Partial<ViewState>): void {
    saveState({ ...patch, flameFocusId: null });
    this.refreshFlame();
  }

  private refreshFlame(): void {
    if (state.tab !== 'flame') return;
    const rootId = state.flameRootId && this.data.byId.has(state.flameRootId) ? state.flameRootId : null;
    const tree = this.treeFor(rootId);
    clear(this.flameRootChip);
    if (rootId !== null) {
      const fn = this.data.byId.get(rootId)!;
      this.flameRootChip.append(
        h('span', {}, 'Rooted at ', h('strong', {}, fn.name)),
        ' ',
        button(
          '\u00d7',
          'Show the whole program again',
          () => {
            saveState({ flameRootId: null, flameFocusId: null });
            this.refreshFlame();
          },
          'icon-button',
        ),
      );
    }
    this.flameLegendCount.textContent = flameTreeSummary(this.data.profile, tree);
    this.flame.setData(tree, this.catalog, this.data.profile.run.totalTime, this.data.baseDir, state.flameFocusId);
    this.flame.setSearch(state.query);
  }

  private showInFlame(functionId: string): void {
    saveState({ flameRootId: functionId, flameFocusId: null });
    this.switchTab('flame');
    this.flame.focusCanvas();
  }

  switchTab(tab: ViewTab): void {
    if (!this.panels.has(tab)) tab = 'table';
    saveState({ tab });
    for (const [name, panel] of this.panels) {
      panel.hidden = name !== tab;
      const tabButton = this.tabButtons.get(name)!;
      tabButton.setAttribute('aria-selected', String(name === tab));
      tabButton.tabIndex = name === tab ? 0 : -1;
    }
    if (tab === 'flame') this.refreshFlame();
  }

  selectFunction(id: string | null, reveal: boolean, scroll = true): void {
    saveState({ selectedId: id });
    const fn = id ? (this.data.byId.get(id) ?? null) : null;
    if (fn && reveal && indexOfId(this.table.getRows(), fn.id) < 0) {
      // The function is filtered out: clear the filter so the selection is visible.
      this.filterInput.value = '';
      this.applyFilter();
    }
    this.table.select(id, scroll);
    this.edges.show(fn, this.data.byId, this.data.baseDir);
  }

  reveal(functionId: string): void {
    if (!this.data.byId.has(functionId)) return;
    this.switchTab('table');
    this.selectFunction(functionId, true);
    this.table.focus();
  }

  private openSource(fn: FunctionStats, focus: boolean): void {
    if (fn.builtin || fn.line <= 0) return;
    post({ type: 'openSource', file: fn.file, line: fn.line, preserveFocus: !focus });
  }

  showComparison(comparison: ProfileComparison | null, message?: string): void {
    const started = performance.now();
    this.switchTab('compare');
    if (comparison) {
      this.compare.setComparison(comparison, state.query, state.hideLibrary);
      afterPaint(() =>
        post({
          type: 'rendered',
          view: 'comparison',
          functionCount: comparison.functions.length,
          milliseconds: performance.now() - started,
        }),
      );
    } else {
      this.compare.showPlaceholder(message ?? null);
    }
  }
}

function pytestToggle(pytest: { hidden: boolean; toggle(): void }): HTMLElement {
  const checkbox = h('input', { type: 'checkbox', id: 'hide-pytest' });
  checkbox.checked = pytest.hidden;
  checkbox.addEventListener('change', () => pytest.toggle());
  return h(
    'label',
    {
      className: 'checkbox',
      title:
        'Fold pytest, pluggy and the library code only they call into one <pytest> frame, so the test, its fixtures and your code come first',
    },
    checkbox,
    ' Hide pytest frames',
  );
}

/** Shows a received profile; a test run's profile with pytest's frames folded unless the user asked for them. */
function showProfile(message: Extract<ToViewerMessage, { type: 'profile' }>): void {
  const started = performance.now();
  // The panel is reused for each new run: what was filtered or selected belonged to the last one.
  const runKey = `${message.title}\u0000${message.profile.run.startTime ?? ''}`;
  if (state.runKey !== runKey) saveState({ runKey, query: '', selectedId: null, flameRootId: null, flameFocusId: null, tableScrollTop: 0 });
  const folded = collapsePytestFrames(message.profile);
  const hidden = folded !== undefined && !state.showPytestFrames;
  const profile = hidden ? folded : message.profile;
  const byId = new Map(profile.functions.map((fn) => [fn.id, fn] as const));
  const pytest = folded
    ? {
        hidden,
        toggle: () => {
          saveState({ showPytestFrames: hidden, flameFocusId: null });
          showProfile(message);
        },
      }
    : undefined;
  viewer = new Viewer(
    { profile, title: message.title, baseDir: message.baseDir, capabilities: message.capabilities, byId, ...(pytest ? { pytest } : {}) },
    root,
  );
  document.title = message.title;
  afterPaint(() =>
    post({ type: 'rendered', view: 'profile', functionCount: profile.functions.length, milliseconds: performance.now() - started }),
  );
}

function estimatedLegend(count: HTMLElement): HTMLElement {
  return h(
    'div',
    { className: 'legend' },
    h('span', { className: 'swatch kind-user' }),
    ' your code ',
    h('span', { className: 'swatch kind-library' }),
    ' library ',
    h('span', { className: 'swatch kind-builtin' }),
    ' built-in ',
    h('span', { className: 'swatch hatched' }),
    ' estimated (apportioned) ',
    h(
      'details',
      { className: 'legend-help' },
      h('summary', {}, 'Why estimated?'),
      h(
        'p',
        {},
        'This profile has no sampled stacks (a .prof file keeps only caller \u2192 callee totals). Where a function has a single caller, ' +
          'its frame and the frames below it are measured exactly. Where it has several callers, nobody knows how its ' +
          'callees\u2019 time splits between them: the frame is drawn with each caller\u2019s measured share and not split further ' +
          '(re-root at the function to see its callees). The Functions tab and its callers/callees lists are always exact.',
      ),
    ),
    count,
  );
}

function sampledLegend(count: HTMLElement): HTMLElement {
  return h(
    'div',
    { className: 'legend' },
    h('span', { className: 'swatch kind-thread' }),
    ' thread ',
    h('span', { className: 'swatch kind-user' }),
    ' your code ',
    h('span', { className: 'swatch kind-library' }),
    ' library ',
    h('span', { className: 'swatch kind-waiting' }),
    ' waiting (off CPU) ',
    h(
      'details',
      { className: 'legend-help' },
      h('summary', {}, 'What is drawn?'),
      h(
        'p',
        {},
        'Each frame is a call stack that was seen running, sampled in every thread; its width is the time it stood for. ' +
          'A pale \u201cwaiting\u201d frame under a function is its time off the CPU: sleeping, waiting for a lock, a socket, ' +
          'a child process, the GIL or a free CPU. The rest of a frame worked on the CPU (C functions it called included). ' +
          'Samples cannot count calls: the Functions tab has the counts.',
      ),
    ),
    count,
  );
}

/** Runs `action` once the browser has painted the current frame (for render timings). */
function afterPaint(action: () => void): void {
  requestAnimationFrame(() => setTimeout(action, 0));
}

const root = document.getElementById('root')!;
let viewer: Viewer | null = null;

window.addEventListener('message', (event: MessageEvent<ToViewerMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'profile':
      showProfile(message);
      break;
    case 'comparison':
      viewer?.showComparison(message.comparison, message.message);
      break;
    case 'reveal':
      viewer?.reveal(message.functionId);
      break;
    case 'status':
      viewer = null;
      clear(root);
      root.append(
        h(
          'div',
          { className: `status-message tone-${message.tone}`, role: message.tone === 'error' ? 'alert' : 'status' },
          h('p', {}, message.text),
          message.detail ? h('pre', { className: 'formatted' }, message.detail) : null,
          h(
            'div',
            { className: 'actions' },
            ...(message.actions ?? []).map((a) => button(a.label, a.label, () => post({ type: 'action', id: a.id }))),
          ),
        ),
      );
      break;
  }
});

window.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement | null;
  const typing = target?.tagName === 'INPUT' || target?.tagName === 'TEXTAREA';
  if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    viewer?.focusFilter();
  }
});

post({ type: 'ready' });
