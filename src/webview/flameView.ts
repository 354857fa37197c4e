// The icicle (top-down flame graph) drawn on a canvas. Layout and hit testing are in
// flameLayout.ts; this file only draws, listens and shows the tooltip.

import type { CallTree, CallTreeNode } from '../core/profile/model';
import { h, themeColor } from './dom';
import {
  contrastingText,
  fitLabel,
  frameAt,
  hashString,
  layoutFlame,
  neighbourFrame,
  searchTree,
  shadeColor,
  type FlameFrame,
  type FlameLayout,
  type FlameSearchResult,
  type FrameKind,
} from './flameLayout';
import { describeSampledFrame, type FrameCatalog } from './flameSource';
import { formatCount, formatDuration, formatLocation, formatShare } from '../shared/format';
import { matchesTerms, queryTerms, searchText } from './tableModel';

const FRAME_HEIGHT = 20;

export interface FlameViewCallbacks {
  /** A frame was clicked or reached by keyboard: select its function elsewhere too. */
  onSelectFunction(functionId: string): void;
  /** Double click / Ctrl+Enter on a frame with source. */
  onOpenSource(file: string, line: number): void;
  /** Zoom changed (null: whole tree), so the owner can remember it. */
  onFocusChange(nodeId: number | null): void;
}

interface Palette {
  user: string;
  library: string;
  builtin: string;
  root: string;
  waiting: string;
  thread: string;
  background: string;
  foreground: string;
  match: string;
  focusBorder: string;
}

export class FlameView {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly tooltip: HTMLElement;
  private readonly status: HTMLElement;
  private tree: CallTree | null = null;
  private catalog: FrameCatalog | null = null;
  private layout: FlameLayout | null = null;
  private focusId: number | null = null;
  private search: FlameSearchResult | null = null;
  private cursor: FlameFrame | null = null;
  private totalTime = 0;
  private baseDir: string | null = null;
  private palette: Palette | null = null;
  private charWidth = 7;
  private drawRequested = false;

  constructor(private readonly callbacks: FlameViewCallbacks) {
    this.canvas = h('canvas', {
      className: 'flame-canvas',
      tabindex: 0,
      role: 'img',
      'aria-label': 'Flame graph. Arrow keys move between frames, Enter zooms in, Escape zooms out, Ctrl+Enter opens the source.',
    });
    this.tooltip = h('div', { className: 'flame-tooltip', role: 'tooltip', hidden: true });
    this.status = h('div', { className: 'flame-status', 'aria-live': 'polite' });
    this.element = h('div', { className: 'flame-container' }, this.canvas, this.tooltip, this.status);
    this.canvas.addEventListener('mousemove', (e) => this.onHover(e));
    this.canvas.addEventListener('mouseleave', () => (this.tooltip.hidden = true));
    this.canvas.addEventListener('click', (e) => this.onClick(e));
    this.canvas.addEventListener('dblclick', (e) => this.onDoubleClick(e));
    this.canvas.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.relayout()).observe(this.element);
    // The theme can change while the panel is open: colours are re-read on the next draw.
    new MutationObserver(() => {
      this.palette = null;
      this.requestDraw();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  setData(tree: CallTree, catalog: FrameCatalog, totalTime: number, baseDir: string | null, focusId: number | null): void {
    this.tree = tree;
    this.catalog = catalog;
    this.totalTime = totalTime;
    this.baseDir = baseDir;
    this.focusId = focusId;
    this.cursor = null;
    this.relayout();
  }

  setSearch(query: string): void {
    const terms = queryTerms(query);
    if (!this.tree || terms.length === 0) {
      this.search = null;
    } else {
      const cache = new Map<string, boolean>();
      this.search = searchTree(this.tree.root, (node) => {
        let hit = cache.get(node.functionId);
        if (hit === undefined) {
          const info = this.catalog?.info(node.functionId);
          hit = info?.fn
            ? matchesTerms(searchText(info.fn), terms)
            : matchesTerms(`${info?.name ?? node.functionId} ${info?.file ?? ''}`.toLowerCase(), terms);
          cache.set(node.functionId, hit);
        }
        return hit;
      });
    }
    this.updateStatus();
    this.requestDraw();
  }

  zoomTo(nodeId: number | null): void {
    this.focusId = nodeId;
    this.cursor = null;
    this.callbacks.onFocusChange(nodeId);
    this.relayout();
  }

  focusCanvas(): void {
    this.canvas.focus();
  }

  private relayout(): void {
    if (!this.tree) return;
    const width = Math.max(1, this.element.clientWidth);
    // Anything under half a pixel cannot be seen or clicked: skip it (and its subtree).
    this.layout = layoutFlame(this.tree.root, { focusId: this.focusId, minWidth: 0.5 / width });
    if (this.focusId !== null && this.layout.focus.nodeId !== this.focusId) this.focusId = null;
    this.updateStatus();
    this.requestDraw();
  }

  private updateStatus(): void {
    if (!this.layout || !this.tree) return;
    const parts: string[] = [];
    const focusName = this.label(this.layout.focus);
    if (this.layout.focus.nodeId !== this.tree.root.nodeId) parts.push(`Zoomed into ${focusName} (Escape zooms out)`);
    if (this.search) {
      const share = this.tree.root.totalTime > 0 ? this.search.matchedTime / this.tree.root.totalTime : 0;
      const threads = this.threadsMatched();
      parts.push(
        `${formatCount(this.search.matches.size)} matching frame${this.search.matches.size === 1 ? '' : 's'}, ${formatShare(share)} of the time` +
          (threads.length > 0 ? ` in ${threads.length === 1 ? 'thread' : 'threads'} ${threads.join(', ')}` : ''),
      );
    }
    if (this.layout.hiddenCount > 0)
      parts.push(`${formatCount(this.layout.hiddenCount)} frame${this.layout.hiddenCount === 1 ? '' : 's'} too narrow to draw`);
    if (this.tree.truncated) parts.push('tree truncated (very deep or very large)');
    this.status.textContent = parts.join(' \u00b7 ');
  }

  /** Names of the thread roots with a matching frame below them (sampled trees, threads not merged). */
  private threadsMatched(): string[] {
    if (!this.tree?.sampled || !this.search || !this.catalog) return [];
    const roots = this.tree.root.children;
    const names: string[] = [];
    // Node ids are depth-first: a root owns the ids from its own up to the next root's.
    for (let i = 0; i < roots.length; i++) {
      const info = this.catalog.info(roots[i]!.functionId);
      if (info.kind !== 'thread') continue;
      const first = roots[i]!.nodeId;
      const end = roots[i + 1]?.nodeId ?? Number.POSITIVE_INFINITY;
      for (const id of this.search.matches) {
        if (id >= first && id < end) {
          names.push(info.thread?.name ?? info.name);
          break;
        }
      }
    }
    return names;
  }

  private requestDraw(): void {
    if (this.drawRequested) return;
    this.drawRequested = true;
    requestAnimationFrame(() => {
      this.drawRequested = false;
      this.draw();
    });
  }

  private readPalette(): Palette {
    return {
      user: themeColor('--vscode-charts-orange', '#d18616'),
      library: themeColor('--vscode-charts-blue', '#3794ff'),
      builtin: themeColor('--vscode-charts-purple', '#b180d7'),
      root: themeColor('--vscode-charts-foreground', '#888888'),
      waiting: themeColor('--vscode-disabledForeground', '#8b8b8b'),
      thread: themeColor('--vscode-charts-green', '#89d185'),
      background: themeColor('--vscode-editor-background', '#1e1e1e'),
      foreground: themeColor('--vscode-editor-foreground', '#cccccc'),
      match: themeColor('--vscode-editor-findMatchHighlightBackground', '#ea5c0055'),
      focusBorder: themeColor('--vscode-focusBorder', '#007fd4'),
    };
  }

  private kindOf(node: CallTreeNode): FrameKind {
    if (node.functionId === '<root>') return 'root';
    return this.catalog?.info(node.functionId).kind ?? 'user';
  }

  private label(node: CallTreeNode): string {
    if (node.functionId === '<root>') return 'all';
    return this.catalog?.info(node.functionId).name ?? node.functionId;
  }

  /** The source of a frame that has one (not built-ins, thread roots or waiting leaves). */
  private sourceOf(node: CallTreeNode): { file: string; line: number } | null {
    const info = this.catalog?.info(node.functionId);
    return info && info.file !== null && info.line > 0 && !info.file.startsWith('<') ? { file: info.file, line: info.line } : null;
  }

  private draw(): void {
    const layout = this.layout;
    if (!layout) return;
    const palette = (this.palette ??= this.readPalette());
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, this.element.clientWidth);
    const height = Math.max(FRAME_HEIGHT, layout.rows.length * FRAME_HEIGHT);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const font = getComputedStyle(document.body).getPropertyValue('--vscode-font-family') || 'sans-serif';
    ctx.font = `12px ${font}`;
    this.charWidth = ctx.measureText('abcdefghijklmnopqrstuvwxyz_ABCDEFGH').width / 35 || 7;
    ctx.textBaseline = 'middle';
    const hatch = this.hatchPattern(ctx, palette.background);

    for (const row of layout.rows) {
      for (const frame of row) {
        const x = Math.round(frame.x * width);
        const w = Math.max(1, Math.round((frame.x + frame.width) * width) - x);
        const y = frame.depth * FRAME_HEIGHT;
        const kind = this.kindOf(frame.node);
        const base = palette[kind];
        // Vary the lightness by function so neighbours of the same kind stay distinguishable.
        const shade = ((hashString(frame.node.functionId) % 7) - 3) * 0.06;
        const fill = kind === 'root' || kind === 'waiting' || kind === 'thread' ? base : shadeColor(base, shade);
        const dimmed = this.search !== null && !this.search.matches.has(frame.node.nodeId);
        // Waiting is drawn pale: at a glance, solid frames worked and pale ones waited.
        ctx.globalAlpha = (dimmed ? 0.35 : frame.ancestor ? 0.6 : 1) * (kind === 'waiting' ? 0.55 : 1);
        ctx.fillStyle = fill;
        ctx.fillRect(x, y, w - (w > 2 ? 1 : 0), FRAME_HEIGHT - 1);
        if (frame.apportioned && hatch) {
          ctx.fillStyle = hatch;
          ctx.fillRect(x, y, w - (w > 2 ? 1 : 0), FRAME_HEIGHT - 1);
        }
        if (this.search?.matches.has(frame.node.nodeId)) {
          ctx.globalAlpha = 1;
          ctx.strokeStyle = palette.foreground;
          ctx.lineWidth = 1;
          ctx.strokeRect(x + 0.5, y + 0.5, w - 2, FRAME_HEIGHT - 2);
        }
        const text = fitLabel(this.label(frame.node), w - 6, this.charWidth);
        if (text) {
          ctx.globalAlpha = dimmed ? 0.6 : 1;
          ctx.fillStyle = contrastingText(fill);
          ctx.fillText(text, x + 3, y + FRAME_HEIGHT / 2);
        }
      }
    }
    ctx.globalAlpha = 1;
    if (this.cursor) {
      const f = this.cursor;
      const x = Math.round(f.x * width);
      const w = Math.max(2, Math.round(f.width * width));
      ctx.strokeStyle = palette.focusBorder;
      ctx.lineWidth = 2;
      ctx.strokeRect(x + 1, f.depth * FRAME_HEIGHT + 1, w - 2, FRAME_HEIGHT - 3);
    }
  }

  private hatchPattern(ctx: CanvasRenderingContext2D, stroke: string): CanvasPattern | null {
    const tile = document.createElement('canvas');
    tile.width = 6;
    tile.height = 6;
    const t = tile.getContext('2d');
    if (!t) return null;
    t.strokeStyle = stroke;
    t.globalAlpha = 0.55;
    t.lineWidth = 1.5;
    t.beginPath();
    t.moveTo(0, 6);
    t.lineTo(6, 0);
    t.moveTo(-1, 1);
    t.lineTo(1, -1);
    t.moveTo(5, 7);
    t.lineTo(7, 5);
    t.stroke();
    return ctx.createPattern(tile, 'repeat');
  }

  private frameAtEvent(event: MouseEvent): FlameFrame | null {
    if (!this.layout) return null;
    const rect = this.canvas.getBoundingClientRect();
    const x = (event.clientX - rect.left) / Math.max(1, rect.width);
    const depth = Math.floor((event.clientY - rect.top) / FRAME_HEIGHT);
    return frameAt(this.layout, x, depth);
  }

  private describe(frame: FlameFrame): string[] {
    const node = frame.node;
    if (this.tree?.sampled && this.catalog)
      return describeSampledFrame(node, this.catalog.info(node.functionId), this.tree.root.totalTime, this.baseDir);
    const fn = this.catalog?.info(node.functionId).fn;
    const lines: string[] = [];
    lines.push(this.label(node));
    if (fn && !fn.builtin) lines.push(formatLocation(fn.file, fn.line, this.baseDir));
    else if (fn?.builtin) lines.push('built-in (C) function');
    const rootTotal = this.tree?.root.totalTime ?? this.totalTime;
    const approx = frame.apportioned ? '\u2248 ' : '';
    lines.push(
      `${approx}${formatDuration(node.totalTime)} on this path (${formatShare(rootTotal > 0 ? node.totalTime / rootTotal : 0)} of the graph)`,
    );
    lines.push(
      `${approx}${formatDuration(node.ownTime)} own time, ${approx}${formatCount(node.calls)} call${Math.round(node.calls) === 1 ? '' : 's'}`,
    );
    if (frame.apportioned) {
      lines.push('Apportioned: this function has several callers and pstats keeps no stacks, so this path\u2019s share is estimated.');
    }
    if (node.cut?.includes('recursion')) lines.push('Recursive calls below are folded into this frame.');
    if (node.cut?.includes('small') && node.elidedTime) lines.push(`${formatDuration(node.elidedTime)} in callees too small to show.`);
    if (node.cut?.includes('depth') || node.cut?.includes('size')) lines.push('Callees not expanded (tree size limit).');
    return lines;
  }

  private onHover(event: MouseEvent): void {
    const frame = this.frameAtEvent(event);
    if (!frame) {
      this.tooltip.hidden = true;
      this.canvas.style.cursor = 'default';
      return;
    }
    this.canvas.style.cursor = 'pointer';
    this.tooltip.textContent = '';
    for (const [i, line] of this.describe(frame).entries()) {
      this.tooltip.appendChild(h('div', { className: i === 0 ? 'tooltip-title' : '' }, line));
    }
    this.tooltip.hidden = false;
    const bounds = this.element.getBoundingClientRect();
    const left = Math.min(event.clientX - bounds.left + 12, Math.max(0, bounds.width - this.tooltip.offsetWidth - 4));
    this.tooltip.style.left = `${left}px`;
    this.tooltip.style.top = `${event.clientY - bounds.top + 16 + this.element.scrollTop}px`;
  }

  private onClick(event: MouseEvent): void {
    const frame = this.frameAtEvent(event);
    if (!frame) return;
    this.cursor = frame;
    if (this.catalog?.info(frame.node.functionId).fn) this.callbacks.onSelectFunction(frame.node.functionId);
    this.zoomTo(frame.node.nodeId === this.tree?.root.nodeId ? null : frame.node.nodeId);
  }

  private onDoubleClick(event: MouseEvent): void {
    const frame = this.frameAtEvent(event);
    const source = frame && this.sourceOf(frame.node);
    if (source) this.callbacks.onOpenSource(source.file, source.line);
  }

  private onKey(event: KeyboardEvent): void {
    const layout = this.layout;
    if (!layout) return;
    const directions: Record<string, 'up' | 'down' | 'left' | 'right'> = {
      ArrowUp: 'up',
      ArrowDown: 'down',
      ArrowLeft: 'left',
      ArrowRight: 'right',
    };
    const direction = directions[event.key];
    if (direction) {
      event.preventDefault();
      // The first arrow key puts the cursor on the top frame; later ones move it.
      const current = this.cursor && layout.rows[this.cursor.depth]?.includes(this.cursor) ? this.cursor : null;
      const next = current ? (neighbourFrame(layout, current, direction) ?? current) : layout.rows[0]?.[0];
      if (!next) return;
      this.cursor = next;
      this.announce(next);
      if (this.catalog?.info(next.node.functionId).fn) this.callbacks.onSelectFunction(next.node.functionId);
      this.requestDraw();
      return;
    }
    if (event.key === 'Enter' && this.cursor) {
      event.preventDefault();
      const source = this.sourceOf(this.cursor.node);
      if (event.ctrlKey || event.metaKey) {
        if (source) this.callbacks.onOpenSource(source.file, source.line);
      } else {
        this.zoomTo(this.cursor.node.nodeId === this.tree?.root.nodeId ? null : this.cursor.node.nodeId);
      }
      return;
    }
    if ((event.key === 'Escape' || event.key === 'Backspace') && this.focusId !== null && this.tree) {
      event.preventDefault();
      // One level up: the focused frame's parent, or no zoom at the top.
      const ancestors = layout.rows.flat().filter((f) => f.ancestor);
      const parent = ancestors[ancestors.length - 1];
      this.zoomTo(parent && parent.node.nodeId !== this.tree.root.nodeId ? parent.node.nodeId : null);
    }
  }

  private announce(frame: FlameFrame): void {
    this.canvas.setAttribute('aria-label', `Flame graph, frame: ${this.describe(frame).join('. ')}`);
  }
}
