// Icicle (top-down flame graph) layout of a call tree. Pure: positions are fractions of the
// focused frame's width, so the canvas only multiplies by its pixel width.

import type { CallTreeNode } from '../core/profile/model';

export interface FlameFrame {
  node: CallTreeNode;
  /** Row, 0 at the top. */
  depth: number;
  /** Left edge as a fraction of the focused frame's width (0..1). */
  x: number;
  /** Width as a fraction of the focused frame's width (0..1]. */
  width: number;
  /** A frame above the focused one, drawn full width so the user sees the way back. */
  ancestor: boolean;
  /** Numbers are apportioned (pstats has no stacks), not measured: drawn hatched. */
  apportioned: boolean;
}

export interface FlameLayout {
  /** The frame everything is scaled to (the zoom target). */
  focus: CallTreeNode;
  /** Frames by row; each row sorted by x. */
  rows: FlameFrame[][];
  /** Number of frames laid out. */
  frameCount: number;
  /** Frames left out because they would be narrower than `minWidth`. */
  hiddenCount: number;
}

export interface FlameLayoutOptions {
  /** nodeId of the frame to zoom into; the root when missing or not found. */
  focusId?: number | null;
  /** Frames narrower than this fraction are skipped with their subtree (e.g. 1 px / canvas width). */
  minWidth?: number;
}

/**
 * Path of nodes from `root` to the node with `nodeId` (both included), or null when absent.
 * Node ids are depth-first, so each child owns the id range up to its next sibling's id: the walk
 * is O(depth × log children) instead of a search of the whole tree.
 */
export function pathToNode(root: CallTreeNode, nodeId: number): CallTreeNode[] | null {
  const path: CallTreeNode[] = [root];
  let node = root;
  while (node.nodeId !== nodeId) {
    const children = node.children;
    let low = 0;
    let high = children.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (children[mid]!.nodeId <= nodeId) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (found < 0) return null;
    const child = children[found]!;
    // Ids are depth-first only when children are in id order; fall back to a scan otherwise.
    if (child.nodeId > nodeId) return pathBySearch(root, nodeId);
    node = child;
    path.push(node);
    if (path.length > 100_000) return null;
  }
  return path;
}

function pathBySearch(root: CallTreeNode, nodeId: number): CallTreeNode[] | null {
  const stack: Array<{ node: CallTreeNode; path: CallTreeNode[] }> = [{ node: root, path: [root] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node.nodeId === nodeId) return path;
    for (const child of node.children) stack.push({ node: child, path: [...path, child] });
  }
  return null;
}

export function layoutFlame(root: CallTreeNode, options: FlameLayoutOptions = {}): FlameLayout {
  const minWidth = options.minWidth ?? 0;
  const path = (options.focusId !== null && options.focusId !== undefined && pathToNode(root, options.focusId)) || [root];
  const focus = path[path.length - 1]!;
  const rows: FlameFrame[][] = [];
  let frameCount = 0;
  let hiddenCount = 0;

  const place = (frame: FlameFrame): void => {
    (rows[frame.depth] ??= []).push(frame);
    frameCount++;
  };

  for (let i = 0; i < path.length - 1; i++) {
    const node = path[i]!;
    place({ node, depth: i, x: 0, width: 1, ancestor: true, apportioned: !node.exact });
  }

  const focusDepth = path.length - 1;
  const scaleTotal = focus.totalTime;
  place({ node: focus, depth: focusDepth, x: 0, width: 1, ancestor: false, apportioned: !focus.exact });

  // Breadth-agnostic walk with an explicit stack: trees can be deep and wide (50,000 nodes).
  const stack: Array<{ node: CallTreeNode; depth: number; x: number; width: number }> = [
    { node: focus, depth: focusDepth, x: 0, width: 1 },
  ];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    const children = parent.node.children;
    if (children.length === 0) continue;
    // Widths come from time; apportioning can make children sum to a little more than the parent:
    // squeeze them to fit rather than overflow into the neighbour.
    let childSum = 0;
    for (const child of children) childSum += widthOf(child, scaleTotal);
    const squeeze = childSum > parent.width && childSum > 0 ? parent.width / childSum : 1;
    let x = parent.x;
    for (const child of children) {
      const width = widthOf(child, scaleTotal) * squeeze;
      if (width <= 0 || width < minWidth) {
        hiddenCount += countNodes(child);
        x += width;
        continue;
      }
      const frame: FlameFrame = {
        node: child,
        depth: parent.depth + 1,
        x,
        width,
        ancestor: false,
        apportioned: !child.exact,
      };
      place(frame);
      stack.push({ node: child, depth: frame.depth, x, width });
      x += width;
    }
  }
  for (const row of rows) row?.sort((a, b) => a.x - b.x);
  // Rows can only be missing between filled ones if a tree is malformed; keep indexes dense.
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return { focus, rows, frameCount, hiddenCount };
}

function widthOf(node: CallTreeNode, scaleTotal: number): number {
  if (scaleTotal <= 0) return 0;
  return Math.max(0, node.totalTime) / scaleTotal;
}

function countNodes(node: CallTreeNode): number {
  let count = 0;
  const stack = [node];
  while (stack.length > 0) {
    const next = stack.pop()!;
    count++;
    for (const child of next.children) stack.push(child);
  }
  return count;
}

/** The frame under a point (x as a fraction of the width, a row index), or null. */
export function frameAt(layout: FlameLayout, x: number, depth: number): FlameFrame | null {
  const row = layout.rows[depth];
  if (!row || row.length === 0) return null;
  let low = 0;
  let high = row.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const frame = row[mid]!;
    if (x < frame.x) high = mid - 1;
    else if (x >= frame.x + frame.width) low = mid + 1;
    else return frame;
  }
  return null;
}

export type FlameDirection = 'up' | 'down' | 'left' | 'right';

/** Keyboard navigation between frames: parent, first child, previous/next frame in the row. */
export function neighbourFrame(layout: FlameLayout, frame: FlameFrame, direction: FlameDirection): FlameFrame | null {
  const row = layout.rows[frame.depth] ?? [];
  switch (direction) {
    case 'left':
    case 'right': {
      const index = row.indexOf(frame);
      const next = row[index + (direction === 'left' ? -1 : 1)];
      return next ?? null;
    }
    case 'up':
      return frame.depth === 0 ? null : frameAt(layout, frame.x + frame.width / 2, frame.depth - 1);
    case 'down': {
      const below = layout.rows[frame.depth + 1] ?? [];
      const end = frame.x + frame.width;
      return below.find((f) => f.x >= frame.x - 1e-12 && f.x < end) ?? null;
    }
  }
}

export interface FlameSearchResult {
  /** nodeIds of matching frames. */
  matches: Set<number>;
  /** Time of the matching frames, nested matches counted once. */
  matchedTime: number;
}

/** Frames whose function matches `predicate`; the matched time counts only outermost matches. */
export function searchTree(root: CallTreeNode, predicate: (node: CallTreeNode) => boolean): FlameSearchResult {
  const matches = new Set<number>();
  let matchedTime = 0;
  const stack: Array<{ node: CallTreeNode; insideMatch: boolean }> = [{ node: root, insideMatch: false }];
  while (stack.length > 0) {
    const { node, insideMatch } = stack.pop()!;
    const isMatch = predicate(node);
    if (isMatch) {
      matches.add(node.nodeId);
      if (!insideMatch) matchedTime += node.totalTime;
    }
    for (const child of node.children) stack.push({ node: child, insideMatch: insideMatch || isMatch });
  }
  return { matches, matchedTime };
}

/** Every node standing for `functionId`, largest first (to zoom to the heaviest path). */
export function nodesOfFunction(root: CallTreeNode, functionId: string): CallTreeNode[] {
  const found: CallTreeNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.functionId === functionId) found.push(node);
    for (const child of node.children) stack.push(child);
  }
  return found.sort((a, b) => b.totalTime - a.totalTime);
}

// ---------------------------------------------------------------------------------------------
// Colours

/** `waiting`: off-CPU time and await leaves of a sampled tree; `thread`: a thread's root. */
export type FrameKind = 'user' | 'library' | 'builtin' | 'root' | 'waiting' | 'thread';

/** A small stable hash so a function keeps its colour between renders and runs. */
export function hashString(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

/** Black or white text for a background colour (`#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb(...)`), by luminance. */
export function contrastingText(background: string): '#000000' | '#ffffff' {
  const rgb = parseColor(background);
  if (!rgb) return '#000000';
  const [r, g, b] = rgb.map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.4 ? '#000000' : '#ffffff';
}

export function parseColor(text: string): [number, number, number] | null {
  const value = text.trim();
  let match = /^#([0-9a-f]{3,4})$/i.exec(value);
  if (match) {
    const digits = match[1]!;
    return [0, 1, 2].map((i) => parseInt(digits[i]! + digits[i]!, 16)) as [number, number, number];
  }
  match = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(value);
  if (match) {
    const digits = match[1]!;
    return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as [number, number, number];
  }
  match = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(value);
  if (match) return [Number(match[1]), Number(match[2]), Number(match[3])];
  return null;
}

/**
 * Mixes a colour toward white (amount > 0) or black (amount < 0) so neighbouring frames of the
 * same kind are told apart; returns `#rrggbb`.
 */
export function shadeColor(base: string, amount: number): string {
  const rgb = parseColor(base) ?? [128, 128, 128];
  const target = amount >= 0 ? 255 : 0;
  const t = Math.min(1, Math.abs(amount));
  const mixed = rgb.map((c) => Math.round(c + (target - c) * t));
  return '#' + mixed.map((c) => c.toString(16).padStart(2, '0')).join('');
}

/**
 * A frame label shortened to fit `availablePx` given an average character width; `''` when not
 * even two characters fit (a frame that narrow shows no text).
 */
export function fitLabel(label: string, availablePx: number, charWidthPx: number): string {
  if (charWidthPx <= 0) return label;
  const fits = Math.floor(availablePx / charWidthPx);
  if (fits >= label.length) return label;
  if (fits < 3) return '';
  return label.slice(0, fits - 1) + '\u2026';
}
