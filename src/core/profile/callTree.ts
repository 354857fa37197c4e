// Builds the flame-graph tree of a profile without samples (a .prof file) from pstats
// caller->callee edges. Profiles with samples draw their true stacks instead (sampledTree.ts).
//
// pstats has no stacks. A node "covers all" of its function when its path is the function's only
// way in (one caller, recursion aside) and its parent covered all of the parent function: then
// the edge numbers are exactly this path's numbers. A function with several callers is drawn
// with the numbers of the edge from its caller (exact too), but its callees are not split among
// its callers: nobody knows which callee time belongs to which caller, and splitting in
// proportion draws paths that may never have run (snakeviz #112). Such a node is cut ('callers');
// re-rooting at the function shows its callees with exact numbers.
// Expansion is largest-frame-first, so the size cap keeps the frames that matter.
import type { CallTree, CallTreeNode, CallTreeOptions, FunctionId, FunctionStats, Profile } from './model';

export const ROOT_ID = '<root>';
const DEFAULT_MAX_DEPTH = 128;
const DEFAULT_MAX_NODES = 50_000;
const DEFAULT_MIN_SHARE = 0.0001;
/** Hidden library frames hoisted through per step; deeper chains are cut. */
const MAX_HOIST_DEPTH = 64;

interface Work {
  node: CallTreeNode;
  fn: FunctionStats | undefined;
  /** Share of fn's activity this node stands for (1 when coversAll). */
  share: number;
  coversAll: boolean;
  depth: number;
  parent: Work | undefined;
}

interface ChildSpec {
  fn: FunctionStats;
  calls: number;
  totalTime: number;
  ownTime: number;
  exact: boolean;
  share: number;
  coversAll: boolean;
}

/** Max-heap of pending nodes by totalTime. */
class WorkHeap {
  private readonly items: Work[] = [];
  get size(): number {
    return this.items.length;
  }
  push(item: Work): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.node.totalTime >= items[i]!.node.totalTime) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }
  pop(): Work | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let largest = i;
        if (left < items.length && items[left]!.node.totalTime > items[largest]!.node.totalTime) largest = left;
        if (right < items.length && items[right]!.node.totalTime > items[largest]!.node.totalTime) largest = right;
        if (largest === i) break;
        [items[largest], items[i]] = [items[i]!, items[largest]!];
        i = largest;
      }
    }
    return top;
  }
}

function addCut(node: CallTreeNode, reason: 'recursion' | 'depth' | 'size' | 'small' | 'callers'): void {
  if (!node.cut) node.cut = [];
  if (!node.cut.includes(reason)) node.cut.push(reason);
}

function clampShare(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** The `<module>` function of the profiled script (or of its `__main__.py` for a folder), if recorded. */
export function scriptModuleId(profile: Profile): FunctionId | undefined {
  const script = profile.run.script;
  if (script === null) return undefined;
  const candidates = [script, `${script}/__main__.py`, `${script}\\__main__.py`];
  return profile.functions.find((fn) => fn.name === '<module>' && candidates.includes(fn.file))?.id;
}

export function buildCallTree(profile: Profile, options: CallTreeOptions = {}): CallTree {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxNodes = Math.max(1, options.maxNodes ?? DEFAULT_MAX_NODES);
  const hideLibrary = options.hideLibrary === true;
  const byId = new Map<FunctionId, FunctionStats>();
  for (const fn of profile.functions) byId.set(fn.id, fn);

  // The one caller through which all of a function's calls arrive (self-recursion ignored).
  const soleCaller = new Map<FunctionId, FunctionId>();
  for (const fn of profile.functions) {
    const outside = fn.callers.filter((edge) => edge.id !== fn.id);
    if (outside.length === 1) soleCaller.set(fn.id, outside[0]!.id);
  }

  function onPath(work: Work | undefined, id: FunctionId, hoisted: ReadonlySet<FunctionId>): boolean {
    if (hoisted.has(id)) return true;
    for (let w = work; w; w = w.parent) if (w.fn?.id === id) return true;
    return false;
  }

  function shareOf(fn: FunctionStats, numbers: { calls: number; totalTime: number }): number {
    if (fn.cumulativeTime > 0) return clampShare(numbers.totalTime / fn.cumulativeTime);
    return fn.totalCalls > 0 ? clampShare(numbers.calls / fn.totalCalls) : 0;
  }

  function mergeInto(specs: Map<FunctionId, ChildSpec>, spec: ChildSpec): void {
    const existing = specs.get(spec.fn.id);
    if (!existing) {
      specs.set(spec.fn.id, spec);
      return;
    }
    existing.calls += spec.calls;
    existing.totalTime += spec.totalTime;
    existing.ownTime += spec.ownTime;
    existing.exact = existing.exact && spec.exact;
    existing.coversAll = false;
    existing.share = shareOf(existing.fn, existing);
  }

  /** Children of a frame of `fn`; library callees are replaced by their own callees when hidden. */
  function childSpecs(
    fn: FunctionStats,
    coversAll: boolean,
    share: number,
    exact: boolean,
    work: Work | undefined,
    hoisted: Set<FunctionId>,
    into: Map<FunctionId, ChildSpec>,
    hoistDepth: number,
  ): boolean {
    let recursionCut = false;
    for (const edge of fn.callees) {
      const callee = byId.get(edge.id);
      if (!callee) continue;
      if (callee.id === fn.id || onPath(work, callee.id, hoisted)) {
        recursionCut = true;
        continue;
      }
      const scale = coversAll ? 1 : share;
      const calls = edge.totalCalls * scale;
      const totalTime = edge.cumulativeTime * scale;
      const childExact = exact && coversAll;
      const childCoversAll = childExact && soleCaller.get(callee.id) === fn.id;
      const spec: ChildSpec = {
        fn: callee,
        calls,
        totalTime,
        ownTime: edge.ownTime * scale,
        exact: childExact,
        coversAll: childCoversAll,
        share: childCoversAll ? 1 : shareOf(callee, { calls, totalTime }),
      };
      // A hidden library function is skipped over only where its callees are known for this
      // path; with several callers it stays, cut like any other.
      if (hideLibrary && callee.library && spec.coversAll && hoistDepth < MAX_HOIST_DEPTH) {
        hoisted.add(callee.id);
        const cut = childSpecs(callee, spec.coversAll, spec.share, spec.exact, work, hoisted, into, hoistDepth + 1);
        hoisted.delete(callee.id);
        recursionCut ||= cut;
      } else {
        mergeInto(into, spec);
      }
    }
    return recursionCut;
  }

  function rootSpecs(): ChildSpec[] {
    const specs = new Map<FunctionId, ChildSpec>();
    const starts: FunctionStats[] = [];
    const chosenId = options.rootId ?? (options.includeLauncherFrames ? undefined : scriptModuleId(profile));
    if (chosenId !== undefined) {
      const chosen = byId.get(chosenId);
      if (chosen) starts.push(chosen);
    } else {
      for (const fn of profile.functions) {
        if (fn.callers.every((edge) => edge.id === fn.id)) starts.push(fn);
      }
    }
    for (const fn of starts) {
      const whole: ChildSpec = {
        fn,
        calls: fn.totalCalls,
        totalTime: fn.cumulativeTime,
        ownTime: fn.ownTime,
        exact: true,
        coversAll: true,
        share: 1,
      };
      if (hideLibrary && fn.library && chosenId === undefined) {
        childSpecs(fn, true, 1, true, undefined, new Set([fn.id]), specs, 1);
      } else {
        mergeInto(specs, whole);
      }
    }
    return [...specs.values()];
  }

  let nodeCount = 1;
  let truncated = false;
  const heap = new WorkHeap();

  function makeNode(spec: ChildSpec): CallTreeNode {
    return {
      nodeId: 0,
      functionId: spec.fn.id,
      exact: spec.exact,
      calls: spec.calls,
      totalTime: spec.totalTime,
      ownTime: spec.ownTime,
      selfTime: 0,
      children: [],
    };
  }

  const tops = rootSpecs().sort((a, b) => b.totalTime - a.totalTime);
  const root: CallTreeNode = {
    nodeId: 0,
    functionId: ROOT_ID,
    exact: true,
    calls: 0,
    totalTime: tops.reduce((sum, spec) => sum + spec.totalTime, 0),
    ownTime: 0,
    selfTime: 0,
    children: [],
  };
  const minTime = options.minTime ?? root.totalTime * DEFAULT_MIN_SHARE;
  const rootWork: Work = { node: root, fn: undefined, share: 1, coversAll: true, depth: 0, parent: undefined };

  function attach(parent: Work, specs: ChildSpec[]): void {
    for (const spec of specs) {
      if (spec.totalTime < minTime && parent.node !== root) {
        parent.node.elidedTime = (parent.node.elidedTime ?? 0) + spec.totalTime;
        addCut(parent.node, 'small');
        continue;
      }
      if (nodeCount >= maxNodes) {
        addCut(parent.node, 'size');
        truncated = true;
        return;
      }
      const node = makeNode(spec);
      parent.node.children.push(node);
      nodeCount += 1;
      heap.push({ node, fn: spec.fn, share: spec.share, coversAll: spec.coversAll, depth: parent.depth + 1, parent });
    }
  }

  attach(rootWork, tops);
  while (heap.size > 0) {
    const work = heap.pop()!;
    const fn = work.fn!;
    if (fn.callees.length === 0) continue;
    if (!work.coversAll) {
      addCut(work.node, 'callers');
      continue;
    }
    if (work.depth >= maxDepth) {
      addCut(work.node, 'depth');
      truncated = true;
      continue;
    }
    const specs = new Map<FunctionId, ChildSpec>();
    const recursion = childSpecs(fn, work.coversAll, work.share, work.node.exact, work, new Set(), specs, 0);
    if (recursion) addCut(work.node, 'recursion');
    attach(
      work,
      [...specs.values()].sort((a, b) => b.totalTime - a.totalTime),
    );
  }

  // Depth-first ids, self time, and the apportioned count, without recursion (deep trees).
  let nextId = 0;
  let apportionedCount = 0;
  const stack: CallTreeNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    node.nodeId = nextId++;
    if (!node.exact) apportionedCount += 1;
    const childTime = node.children.reduce((sum, child) => sum + child.totalTime, 0);
    node.selfTime = Math.max(0, node.totalTime - childTime);
    for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]!);
  }
  return { root, nodeCount, truncated, apportionedCount };
}
