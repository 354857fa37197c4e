// What bounds an awaited call in time, read from the tree around it (see RuleImpl.callDetail):
// `await asyncio.wait_for(proc.wait(), 60)`, `async with asyncio.timeout(60):`. The callees are
// kept as written; the rule resolves them through the imports.
import type { Node } from 'web-tree-sitter';
import { dottedName } from '../pythonNames';

export interface AwaitContext {
  /** The call is awaited, itself or through the calls it is an argument of (`await gather(p.wait())`). */
  awaited: boolean;
  /** Awaited right away (`await proc.wait()`): the call can be wrapped in wait_for where it is. */
  direct: boolean;
  /**
   * Calls it is an argument of, and context managers of `with` blocks around it in the same
   * function, as written, with the text of the argument that would give the time limit
   * (`asyncio.wait_for`'s timeout, `asyncio.timeout`'s delay), or null when none is given.
   */
  around: { callee: string; limit: string | null }[];
}

/** How far up a call's ancestors the function holding it is looked for. */
const MAX_DEPTH = 200;
const LIMIT_KEYWORDS = new Set(['timeout', 'delay', 'when', 'deadline', 'delay_in_seconds']);

/** The callee of a call node as a dotted name, and the argument that gives its limit. */
function describeCall(call: Node, text: string): { callee: string; limit: string | null } | null {
  const fn = call.childForFieldName('function');
  const callee = fn ? dottedName(text.slice(fn.startIndex, fn.endIndex)) : null;
  if (!callee) return null;
  const args = call.childForFieldName('arguments');
  const positional: Node[] = [];
  let limit: string | null = null;
  for (const arg of args?.namedChildren ?? []) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (name && value && LIMIT_KEYWORDS.has(text.slice(name.startIndex, name.endIndex)))
        limit = text.slice(value.startIndex, value.endIndex);
    } else positional.push(arg);
  }
  // wait_for(aw, timeout) takes the limit second; timeout(delay), fail_after(delay) first.
  const at = /(?:^|\.)wait_for$/.test(callee) ? 1 : 0;
  if (limit === null && positional[at]) limit = text.slice(positional[at].startIndex, positional[at].endIndex);
  return { callee, limit };
}

export function awaitContext(call: Node, text: string): AwaitContext {
  const around: AwaitContext['around'] = [];
  let awaited = false;
  let direct = false;
  // Up through the calls this one is an argument of, to an await (or anything else).
  let node = call;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const parent = node.parent;
    const parentType = parent ? parent.type : '';
    const outerCall = parent && parentType === 'argument_list' ? parent.parent : null;
    if (outerCall?.type === 'call') {
      const outer = describeCall(outerCall, text);
      if (outer) around.push(outer);
      node = outerCall;
      continue;
    }
    if (parentType === 'await') {
      awaited = true;
      direct = node === call || node.id === call.id;
    }
    break;
  }
  // Then the with blocks around it, up to the function that holds it.
  let n: Node | null = node.parent;
  for (let depth = 0; n && depth < MAX_DEPTH; n = n.parent, depth++) {
    // Each ancestor's type read once (a read is a call into wasm).
    const type = n.type;
    if (type === 'function_definition' || type === 'lambda' || type === 'class_definition') break;
    if (type !== 'with_statement') continue;
    const clause = n.namedChildren.find((c) => c?.type === 'with_clause');
    for (const item of clause?.namedChildren ?? []) {
      let value = item?.childForFieldName('value') ?? null;
      if (value?.type === 'as_pattern') value = value.namedChildren[0] ?? null;
      if (value?.type === 'call') {
        const manager = describeCall(value, text);
        if (manager) around.push(manager);
      }
    }
  }
  return { awaited, direct, around };
}
