// Which tree the flame graph draws and what each of its frames is. A run with samples draws its
// true sampled stacks (one root per thread, waiting apart from working); a `.prof` from disk has
// only pstats' caller->callee totals and draws the estimated tree. Pure: no DOM.

import { buildCallTree, ROOT_ID } from '../core/profile/callTree';
import type { CallTree, CallTreeNode, FunctionId, FunctionStats, Profile, SampleFrame, ThreadInfo } from '../core/profile/model';
import { AWAIT_ID, buildSampledTree, threadOfRoot, WAITING_ID } from '../core/profile/sampledTree';
import { formatCount, formatDuration, formatLocation, formatShare } from '../shared/format';
import type { FrameKind } from './flameLayout';
import type { FlameStacks, FlameTime } from './viewState';

export interface FlameChoice {
  rootId: FunctionId | null;
  hideLibrary: boolean;
  mergeThreads: boolean;
  time: FlameTime;
  stacks: FlameStacks;
}

/** A run's flame graph comes from its samples when it has any. */
export function hasSamples(profile: Profile): boolean {
  return (profile.sampling?.stacks.length ?? 0) > 0;
}

export function hasAwaits(profile: Profile): boolean {
  return (profile.sampling?.awaits.length ?? 0) > 0;
}

export function flameTree(profile: Profile, choice: FlameChoice): CallTree {
  const rootId = choice.rootId ?? undefined;
  if (!hasSamples(profile)) {
    return buildCallTree(profile, { hideLibrary: choice.hideLibrary, ...(rootId !== undefined ? { rootId } : {}) });
  }
  return buildSampledTree(profile, {
    view: choice.stacks === 'await' && hasAwaits(profile) ? 'await' : 'threads',
    mergeThreads: choice.mergeThreads,
    show: choice.time,
    hideLibrary: choice.hideLibrary,
    ...(rootId !== undefined ? { rootId } : {}),
  });
}

/** What a frame of either tree stands for. */
export interface FrameInfo {
  name: string;
  /** Source file and first line; null for built-ins and synthetic frames. */
  file: string | null;
  line: number;
  kind: FrameKind;
  /** The table's row for it, when the table has one. */
  fn: FunctionStats | undefined;
  /** The thread of a thread root. */
  thread: ThreadInfo | undefined;
}

/** Looks frames up by id: the table's functions first, then the sampled frames, then synthetic ids. */
export class FrameCatalog {
  private readonly sampled = new Map<FunctionId, SampleFrame>();
  private readonly cache = new Map<FunctionId, FrameInfo>();

  constructor(
    private readonly profile: Profile,
    private readonly functions: ReadonlyMap<FunctionId, FunctionStats>,
  ) {
    for (const frame of profile.sampling?.frames ?? []) this.sampled.set(frame.id, frame);
  }

  info(id: FunctionId): FrameInfo {
    let info = this.cache.get(id);
    if (!info) {
      info = this.lookUp(id);
      this.cache.set(id, info);
    }
    return info;
  }

  private lookUp(id: FunctionId): FrameInfo {
    const none = { fn: undefined, thread: undefined, file: null, line: 0 };
    if (id === ROOT_ID) return { ...none, name: 'all', kind: 'root' };
    if (id === WAITING_ID) return { ...none, name: 'waiting', kind: 'waiting' };
    if (id === AWAIT_ID) return { ...none, name: 'awaiting', kind: 'waiting' };
    const threadIndex = threadOfRoot(id);
    if (threadIndex !== undefined) {
      const thread = this.profile.threads?.[threadIndex];
      return { ...none, name: `thread ${thread?.name ?? threadIndex}`, kind: 'thread', thread };
    }
    const fn = this.functions.get(id);
    if (fn)
      return {
        fn,
        thread: undefined,
        name: fn.name,
        file: fn.builtin ? null : fn.file,
        line: fn.line,
        kind: fn.builtin ? 'builtin' : fn.library ? 'library' : 'user',
      };
    const frame = this.sampled.get(id);
    if (frame) return { ...none, name: frame.name, file: frame.file, line: frame.line, kind: frame.library ? 'library' : 'user' };
    return { ...none, name: id, kind: 'user' };
  }
}

/** Tooltip lines of a frame of a sampled tree: its time on this path, working and waiting. */
export function describeSampledFrame(node: CallTreeNode, info: FrameInfo, graphTotal: number, baseDir: string | null): string[] {
  const lines = [info.name];
  const share = formatShare(graphTotal > 0 ? node.totalTime / graphTotal : 0);
  if (info.kind === 'waiting') {
    lines.push(
      node.functionId === AWAIT_ID
        ? `${formatDuration(node.totalTime)} suspended in this await (${share} of the graph; task-seconds: tasks wait side by side)`
        : `${formatDuration(node.totalTime)} off CPU in the frame above (${share} of the graph)`,
    );
    if (node.functionId === WAITING_ID) lines.push('Sleeping, waiting for a lock, a socket, a child process, the GIL or a free CPU.');
    return lines;
  }
  if (info.file !== null) lines.push(formatLocation(info.file, info.line, baseDir));
  lines.push(`${formatDuration(node.totalTime)} on this path (${share} of the graph)`);
  lines.push(`working (on CPU) ${formatDuration(node.workTime ?? 0)} \u00b7 waiting (off CPU) ${formatDuration(node.waitTime ?? 0)}`);
  if (info.thread) {
    const thread = info.thread;
    lines.push(
      thread.profiled
        ? 'cProfile counted this thread\u2019s calls (exact in the table).'
        : 'Only sampled: the table\u2019s numbers for this thread come from its samples.',
    );
    if (thread.exited) lines.push('Ended before the script did.');
  } else if (node.ownTime > 0) {
    lines.push(`${formatDuration(node.ownTime)} at the top of the stack (own time, C calls it made included)`);
  }
  if (node.cut?.includes('small') && node.elidedTime) lines.push(`${formatDuration(node.elidedTime)} in callees too small to show.`);
  if (node.cut?.includes('size')) lines.push('Callees not expanded (tree size limit).');
  return lines;
}

/** The legend's summary of a tree: how its frames were measured. */
export function flameTreeSummary(profile: Profile, tree: CallTree): string {
  if (tree.sampled) {
    const interval = (profile.sampling?.interval ?? 0) * 1000;
    return ` \u00b7 true stacks sampled every ${interval >= 1 ? interval.toFixed(0) : interval.toFixed(1)} ms: every frame ran`;
  }
  return tree.apportionedCount > 0
    ? ` \u00b7 ${formatCount(tree.apportionedCount)} of ${formatCount(tree.nodeCount - 1)} frames estimated`
    : ' \u00b7 every frame is exact';
}
