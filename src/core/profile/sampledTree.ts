// Builds the flame-graph tree from sampled stacks: true paths only, nothing apportioned.
// One root per thread (or the threads merged), working and waiting time kept apart on every
// node, and a separate tree of where suspended asyncio tasks awaited.
import { ROOT_ID } from './callTree';
import type { CallTree, CallTreeNode, FunctionId, Profile, SampleFrame } from './model';

/** Prefix of a thread root's id: `<thread>3` stands for Profile.threads[3]. */
export const THREAD_ROOT_PREFIX = '<thread>';
/** The leaf of a waiting sample: the time the frame above it spent off CPU. */
export const WAITING_ID = '[waiting]';
/** The leaf of an await chain: the task was suspended there. */
export const AWAIT_ID = '[await]';

const DEFAULT_MAX_NODES = 50_000;
const DEFAULT_MIN_SHARE = 0.0001;

export type SampledView = 'threads' | 'await';
export type StateFilter = 'all' | 'working' | 'waiting';

export interface SampledTreeOptions {
  /** `threads` (default): the threads' stacks; `await`: suspended asyncio tasks' await chains. */
  view?: SampledView;
  /** One tree for all threads instead of one root per thread. Default false. */
  mergeThreads?: boolean;
  /** Only working (on CPU) or only waiting (off CPU) time. Default `all`. */
  show?: StateFilter;
  /** Leave out standard library and site-packages frames (their callees move up). */
  hideLibrary?: boolean;
  /** Start at this function: every sampled path through it, from its outermost occurrence. */
  rootId?: FunctionId;
  /** Stop adding nodes beyond this many; the rest is kept as the parent's own time. Default 50,000. */
  maxNodes?: number;
  /** Children below this (seconds) are folded into their parent. Default 0.0001 x root time. */
  minTime?: number;
}

export function threadRootId(thread: number): FunctionId {
  return `${THREAD_ROOT_PREFIX}${thread}`;
}

/** The thread index of a thread root's id, or undefined for any other id. */
export function threadOfRoot(id: FunctionId): number | undefined {
  if (!id.startsWith(THREAD_ROOT_PREFIX)) return undefined;
  const index = Number(id.slice(THREAD_ROOT_PREFIX.length));
  return Number.isInteger(index) ? index : undefined;
}

interface Building {
  node: CallTreeNode;
  byId: Map<FunctionId, Building>;
}

function newNode(functionId: FunctionId): Building {
  return {
    node: { nodeId: 0, functionId, exact: true, calls: 0, totalTime: 0, ownTime: 0, selfTime: 0, workTime: 0, waitTime: 0, children: [] },
    byId: new Map(),
  };
}

/** The ids of one sample's path, root first, after re-rooting and hiding library frames. */
function pathOf(frameIds: readonly number[], frames: readonly SampleFrame[], options: SampledTreeOptions): FunctionId[] | null {
  let ids: FunctionId[] = [];
  for (const index of frameIds) {
    const frame = frames[index];
    if (frame === undefined) continue;
    if (options.hideLibrary && frame.library && frame.id !== options.rootId) continue;
    ids.push(frame.id);
  }
  if (options.rootId !== undefined) {
    const start = ids.indexOf(options.rootId);
    if (start < 0) return null;
    ids = ids.slice(start);
  }
  return ids;
}

/** Sampled stacks as a CallTree (every node exact: these paths ran). */
export function buildSampledTree(profile: Profile, options: SampledTreeOptions = {}): CallTree {
  const sampling = profile.sampling;
  const view = options.view ?? 'threads';
  const show = options.show ?? 'all';
  const maxNodes = Math.max(1, options.maxNodes ?? DEFAULT_MAX_NODES);
  const labels: Record<FunctionId, string> = { [WAITING_ID]: 'waiting (off CPU)', [AWAIT_ID]: 'suspended (await)' };
  const root = newNode(ROOT_ID);
  let nodeCount = 1;
  let truncated = false;

  const add = (path: readonly FunctionId[], seconds: number, waiting: boolean): void => {
    let at = root;
    const charge = (building: Building): void => {
      building.node.totalTime += seconds;
      if (waiting) building.node.waitTime! += seconds;
      else building.node.workTime! += seconds;
    };
    charge(at);
    for (const id of path) {
      let next = at.byId.get(id);
      if (next === undefined) {
        if (nodeCount >= maxNodes) {
          truncated = true;
          addCut(at.node, 'size');
          break;
        }
        next = newNode(id);
        at.byId.set(id, next);
        at.node.children.push(next.node);
        nodeCount += 1;
      }
      charge(next);
      at = next;
    }
    at.node.ownTime += seconds;
  };

  if (sampling) {
    if (view === 'await') {
      for (const stack of sampling.awaits) {
        const path = pathOf(stack.frames, sampling.frames, options);
        if (path === null || path.length === 0) continue;
        add([...path, AWAIT_ID], stack.seconds, true);
      }
    } else {
      const threads = profile.threads ?? [];
      for (const stack of sampling.stacks) {
        const waiting = stack.state === 'waiting';
        if ((show === 'working' && stack.state !== 'working') || (show === 'waiting' && !waiting)) continue;
        const path = pathOf(stack.frames, sampling.frames, options);
        if (path === null) continue;
        const full = options.mergeThreads || options.rootId !== undefined ? path : [threadRootId(stack.thread), ...path];
        if (!options.mergeThreads && options.rootId === undefined) {
          labels[threadRootId(stack.thread)] = `thread: ${threads[stack.thread]?.name ?? stack.thread}`;
        }
        if (full.length === 0) continue;
        add(waiting ? [...full, WAITING_ID] : full, stack.seconds, waiting);
      }
    }
  }

  const minTime = options.minTime ?? root.node.totalTime * DEFAULT_MIN_SHARE;
  // Depth-first: sort, fold small children into their parent, number the nodes.
  let nextId = 0;
  let kept = 0;
  const stack: CallTreeNode[] = [root.node];
  while (stack.length > 0) {
    const node = stack.pop()!;
    node.nodeId = nextId++;
    kept += 1;
    const children: CallTreeNode[] = [];
    for (const child of node.children) {
      if (child.totalTime < minTime && node !== root.node) {
        node.elidedTime = (node.elidedTime ?? 0) + child.totalTime;
        addCut(node, 'small');
      } else {
        children.push(child);
      }
    }
    children.sort((a, b) => b.totalTime - a.totalTime);
    node.children = children;
    const childTime = children.reduce((sum, child) => sum + child.totalTime, 0);
    node.selfTime = Math.max(0, node.totalTime - childTime);
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
  }
  return { root: root.node, nodeCount: kept, truncated, apportionedCount: 0, sampled: true, labels };
}

function addCut(node: CallTreeNode, reason: 'size' | 'small'): void {
  if (!node.cut) node.cut = [];
  if (!node.cut.includes(reason)) node.cut.push(reason);
}
