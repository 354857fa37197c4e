// What a name is when it is a parameter of the function around a call: its annotation, its place
// and the function's decorators, read from the tree (see RuleImpl.callDetail). Rules use it to
// know a receiver's type: `def sync(dest: Path)`, `def deploy(c: Connection)`, `@task def build(c)`.
import type { Node } from 'web-tree-sitter';
import type { CallRec } from '../model';
import { dottedName } from '../pythonNames';
import type { RuleContext } from '../rule';

export interface ParameterInfo {
  /** The annotation as written (`Path`, `Optional[pathlib.Path]`), or null. */
  annotation: string | null;
  /** Its place among the function's parameters (0 for the first). */
  index: number;
  /** The function's decorators as dotted names, without `@` and arguments (`task`, `invoke.task`). */
  decorators: string[];
}

const PARAMETER_TYPES = new Set(['identifier', 'typed_parameter', 'default_parameter', 'typed_default_parameter']);
/** How far up a call's ancestors the function holding it is looked for. */
const MAX_DEPTH = 200;

/** The name of a parameter of type `type`. */
function nameOf(param: Node, type: string): Node | null {
  if (type === 'identifier') return param;
  if (type === 'typed_parameter') return param.namedChildren.find((c) => c?.type === 'identifier') ?? null;
  return param.childForFieldName('name');
}

function decoratorsOf(fn: Node, text: string): string[] {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : null;
  if (!decorated) return [];
  const out: string[] = [];
  for (const child of decorated.namedChildren) {
    if (child?.type !== 'decorator') continue;
    const src = text.slice(child.startIndex, child.endIndex).replace(/^@\s*/, '');
    const open = src.indexOf('(');
    const name = dottedName(open === -1 ? src : src.slice(0, open));
    if (name) out.push(name);
  }
  return out;
}

/**
 * The parameter `name` of the innermost function around `node` that has one by that name, or null
 * (the name is no parameter, or a lambda's, whose type nothing says).
 */
export function parameterOf(node: Node, name: string, text: string): ParameterInfo | null {
  let depth = 0;
  for (let n = node.parent; n && depth < MAX_DEPTH; n = n.parent, depth++) {
    // Each ancestor's type read once (a read is a call into wasm).
    const type = n.type;
    if (type === 'lambda') {
      const params = n.childForFieldName('parameters');
      if (params?.namedChildren.some((p) => p !== null && text.slice(p.startIndex, p.endIndex).split(/[:=]/)[0].trim() === name))
        return null;
      continue;
    }
    if (type !== 'function_definition') continue;
    const params = n.childForFieldName('parameters');
    let index = 0;
    for (const param of params?.namedChildren ?? []) {
      const paramType = param ? param.type : '';
      if (!param || !PARAMETER_TYPES.has(paramType)) {
        if (param && paramType !== 'comment' && !paramType.endsWith('separator')) index++;
        continue;
      }
      const id = nameOf(param, paramType);
      if (id && text.slice(id.startIndex, id.endIndex) === name) {
        const annotation = paramType === 'identifier' || paramType === 'default_parameter' ? null : param.childForFieldName('type');
        return {
          annotation: annotation ? text.slice(annotation.startIndex, annotation.endIndex) : null,
          index,
          decorators: decoratorsOf(n, text),
        };
      }
      index++;
    }
  }
  return null;
}

const QUOTED = /^(["'])(.*)\1$/s;

/**
 * The class an annotation names, through quotes, `Optional[X]` and `X | None`: `"Path"`,
 * `Optional[pathlib.Path]`, `Path | None` all give the dotted name as written; null for any other
 * annotation (a union with another type says nothing certain).
 */
export function annotatedClass(annotation: string): string | null {
  let a = annotation.replace(/\s+/g, '');
  a = QUOTED.exec(a)?.[2] ?? a;
  const optional = /^(?:typing\.)?Optional\[(.+)\]$/.exec(a);
  if (optional) a = optional[1];
  const orNone = /^(.+)\|None$/.exec(a) ?? /^None\|(.+)$/.exec(a);
  if (orNone) a = orNone[1];
  a = QUOTED.exec(a)?.[2] ?? a;
  return dottedName(a);
}

/** Whether an annotation names one of these classes (qualified names), as the call's scope resolves it. */
export function annotatedAs(annotation: string | null | undefined, c: CallRec, cx: RuleContext, classes: readonly string[]): boolean {
  const cls = annotation ? annotatedClass(annotation) : null;
  return cls !== null && cx.facts.resolve(cls, c.scope).some((q) => classes.includes(q));
}
