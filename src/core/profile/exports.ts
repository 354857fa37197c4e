// Exports of a call tree: speedscope JSON (sampled profile) and collapsed stacks (`a;b;c N`).
// Both are built from the CallTree, so they carry its approximations: apportioned frames get an
// "[apportioned]" suffix (unless markApportioned is false) so no guessed number passes as measured.
import { ROOT_ID } from './callTree';
import {
  collapsedText,
  speedscopeFile,
  speedscopeProfile,
  speedscopeTitle,
  type SpeedscopeFile,
  type SpeedscopeFrame,
} from './exportFormats';
import type { CallTree, CallTreeNode, FunctionId, FunctionStats, Profile } from './model';

export { SPEEDSCOPE_SCHEMA, type SpeedscopeFile, type SpeedscopeFrame, type SpeedscopeSampledProfile } from './exportFormats';

const APPORTIONED_SUFFIX = ' [apportioned]';

export interface ExportOptions {
  /** Suffix apportioned frames with " [apportioned]". Default true. */
  markApportioned?: boolean;
}

function functionIndex(profile: Profile): Map<FunctionId, FunctionStats> {
  const byId = new Map<FunctionId, FunctionStats>();
  for (const fn of profile.functions) byId.set(fn.id, fn);
  return byId;
}

/** Walks root-to-leaf paths (root excluded) and calls `visit` for every node with its stack. */
function walkStacks(tree: CallTree, visit: (node: CallTreeNode, stack: readonly CallTreeNode[]) => void): void {
  const stack: CallTreeNode[] = [];
  // Explicit stack of [node, childIndex] so deep trees cannot overflow the JS stack.
  const pending: Array<[CallTreeNode, number]> = tree.root.children.map((child): [CallTreeNode, number] => [child, -1]).reverse();
  while (pending.length > 0) {
    const top = pending[pending.length - 1]!;
    const [node, index] = top;
    if (index === -1) {
      stack.push(node);
      visit(node, stack);
      top[1] = 0;
    }
    if (top[1] < node.children.length) {
      const child = node.children[top[1]]!;
      top[1] += 1;
      pending.push([child, -1]);
    } else {
      pending.pop();
      stack.pop();
    }
  }
}

export function toSpeedscope(profile: Profile, tree: CallTree, options: ExportOptions = {}): SpeedscopeFile {
  const mark = options.markApportioned !== false;
  const byId = functionIndex(profile);
  const frames: SpeedscopeFrame[] = [];
  const frameIndex = new Map<string, number>();

  function frameOf(node: CallTreeNode): number {
    const apportioned = mark && !node.exact;
    const key = apportioned ? `${node.functionId}\u0000~` : node.functionId;
    let index = frameIndex.get(key);
    if (index === undefined) {
      const fn = byId.get(node.functionId);
      const name = (fn?.name ?? node.functionId) + (apportioned ? APPORTIONED_SUFFIX : '');
      const frame: SpeedscopeFrame = { name };
      if (fn && !fn.builtin) {
        frame.file = fn.file;
        frame.line = fn.line;
      }
      index = frames.length;
      frames.push(frame);
      frameIndex.set(key, index);
    }
    return index;
  }

  const samples: number[][] = [];
  const weights: number[] = [];
  walkStacks(tree, (node, stack) => {
    if (node.selfTime <= 0) return;
    samples.push(stack.map(frameOf));
    weights.push(node.selfTime);
  });
  const name = `${speedscopeTitle(profile)} (cProfile; tree rebuilt from caller/callee totals${
    tree.apportionedCount > 0 ? `, ${tree.apportionedCount} frames apportioned` : ''
  })`;
  return speedscopeFile(profile, frames, [speedscopeProfile(name, samples, weights)]);
}

/** `name (file:line)` for Python functions, the pstats name for built-ins; no `;` inside. */
export function collapsedFrameLabel(fn: FunctionStats | undefined, functionId: FunctionId): string {
  const label = fn ? (fn.builtin ? fn.name : `${fn.name} (${fn.file}:${fn.line})`) : functionId;
  return label.replace(/;/g, ':').replace(/[\r\n]/g, ' ');
}

/**
 * Collapsed stacks, one line per stack with own time: `frame;frame;frame N`, N in whole
 * microseconds (lines rounding to 0 are left out). Readable by flamegraph.pl, speedscope, inferno.
 */
export function toCollapsedStacks(profile: Profile, tree: CallTree, options: ExportOptions = {}): string {
  const mark = options.markApportioned !== false;
  const byId = functionIndex(profile);
  const labels = new Map<string, string>();
  const label = (node: CallTreeNode): string => {
    const apportioned = mark && !node.exact;
    const key = apportioned ? `${node.functionId}\u0000~` : node.functionId;
    let text = labels.get(key);
    if (text === undefined) {
      text = collapsedFrameLabel(byId.get(node.functionId), node.functionId) + (apportioned ? APPORTIONED_SUFFIX : '');
      labels.set(key, text);
    }
    return text;
  };
  const stacks: Array<[string, number]> = [];
  walkStacks(tree, (node, stack) => {
    if (node.selfTime <= 0 || node.functionId === ROOT_ID) return;
    stacks.push([stack.map(label).join(';'), node.selfTime]);
  });
  return collapsedText(stacks);
}
