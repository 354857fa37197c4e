// The single walk: one native traversal (descendantsOfType) yields, in document order, every node of
// the types any rule needs; a stack of open scopes/classes/handlers gives each its context. The result
// is a plain-data UnitModel that rules read, so no rule walks the tree itself.
import type { Node } from 'web-tree-sitter';
import { analyzeMessage, printAsLogArgs } from './lazyFormat';
import type {
  ArgRec,
  AssignRec,
  CallRec,
  CallUse,
  HandlerRec,
  MainBlockRec,
  PrintInfo,
  RaiseRec,
  ScopeRec,
  Span,
  UnitModel,
} from './model';
import type { TextPart } from '../python/document';
import { isSecretName } from './secrets';

const WALK_TYPE_LIST = [
  'function_definition',
  'lambda',
  'class_definition',
  'except_clause',
  'except_group_clause',
  'raise_statement',
  'call',
  'import_statement',
  'import_from_statement',
  'assignment',
];
const WALK_TYPE_SET = new Set(WALK_TYPE_LIST);

/**
 * The node types the walk visits. web-tree-sitter's descendantsOfType() maps names to symbol ids by
 * calling `types.includes()` for every grammar symbol; a Set-backed `includes` makes that O(1).
 */
export const WALK_TYPES: string[] = Object.defineProperty([...WALK_TYPE_LIST], 'includes', {
  value: (t: string) => WALK_TYPE_SET.has(t),
});

/** Logger methods that emit a record. */
export const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log']);

/** Calls whose arguments are collected (anything else is skipped unless inside a handler). */
const ARG_TAILS = new Set([
  ...LOG_METHODS,
  'run', 'call', 'check_call', 'check_output', 'Popen', 'wait', 'poll', 'communicate',
  'system', 'popen', 'getoutput', 'getstatusoutput',
  'print', 'open', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'urlopen',
  'load', 'load_all', 'mktemp', 'getLogger', 'get_logger', 'basicConfig', 'dictConfig', 'fileConfig',
  'addHandler', 'Session', 'Client', 'exit', '_exit', 'quit', 'abort', 'install', 'configure',
]);

/** Calls whose result use (discarded, bound to a name...) matters to a rule. */
const USE_TAILS = new Set([
  'run', 'call', 'check_output', 'Popen', 'wait', 'poll', 'communicate', 'getLogger', 'get_logger', 'Session', 'Client',
  'system', 'popen', 'getoutput', 'getstatusoutput', 'mktemp',
]);

/** Calls whose command argument is checked for being assembled from variables. */
const COMMAND_TAILS = new Set(['run', 'call', 'check_call', 'check_output', 'Popen', 'system', 'popen', 'getoutput', 'getstatusoutput']);

const DOTTED = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;
/** A simple callee (dotted name) followed by its opening parenthesis. */
const CALL_HEAD = /^([A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*)[ \t]*\(/;
/** `target =` or `target: type =` at the start of an assignment. */
const ASSIGN_HEAD = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*/;
/** A value that starts with a string literal. */
const STRING_START = /^[rRuUbBfF]{0,2}["']/;
const TAIL = /([A-Za-z_]\w*)\s*$/;

export type UnitContext = 'module' | 'class';

interface Frame {
  end: number;
  scope?: ScopeRec;
  handler?: HandlerRec;
  className?: string;
}

function emptyModel(): UnitModel {
  return { calls: [], handlers: [], raises: [], assigns: [], imports: [], moduleDefs: [], main: null, errorSpans: [] };
}

/** Normalises a callee or target written with spaces or line breaks (`a . b`) to a dotted name. */
export function dottedName(src: string): string | null {
  const compact = src.includes(' ') || src.includes('\n') || src.includes('\\') ? src.replace(/[\s\\]+/g, '') : src;
  return DOTTED.test(compact) ? compact : null;
}

/** ERROR nodes inside `node`, found by descending only into children that contain errors. */
function collectErrorSpans(node: Node, base: number, out: Span[]): void {
  const pending: Node[] = [node];
  while (pending.length > 0) {
    const n = pending.pop()!;
    for (const child of n.children) {
      if (!child) continue;
      if (child.isError) out.push({ s: child.startIndex - base, e: child.endIndex - base });
      else if (child.hasError) pending.push(child);
    }
  }
}

class UnitExtractor {
  readonly model = emptyModel();
  private readonly stack: Frame[] = [];
  private readonly hasErrors: boolean;
  /** Types caught so far by each try statement's clauses, keyed by the try node's id. */
  private readonly caughtByTry = new Map<number, string[]>();

  constructor(
    private readonly unit: Node,
    private readonly text: string,
    private readonly context: UnitContext,
    private readonly base: number,
  ) {
    this.hasErrors = unit.hasError;
    if (this.hasErrors) {
      if (unit.isError) this.model.errorSpans.push({ s: 0, e: unit.endIndex - base });
      else collectErrorSpans(unit, base, this.model.errorSpans);
    }
  }

  run(nodes: (Node | null)[]): UnitModel {
    if (this.context === 'module' && this.unit.type === 'if_statement') this.model.main = this.mainBlock();
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (!node) continue;
      const start = node.startIndex;
      while (this.stack.length > 0 && start >= this.stack[this.stack.length - 1].end) this.stack.pop();
      if (this.hasErrors && this.inError(start - this.base)) continue;
      this.visit(node, nodes[i + 1] ?? null);
    }
    return this.model;
  }

  private inError(rel: number): boolean {
    for (const e of this.model.errorSpans) if (rel >= e.s && rel < e.e) return true;
    return false;
  }

  private span(node: Node): Span {
    return { s: node.startIndex - this.base, e: node.endIndex - this.base };
  }

  private slice(node: Node): string {
    return this.text.slice(node.startIndex, node.endIndex);
  }

  /** Innermost function scope, innermost handler in that scope, and whether we sit in a class body. */
  private where(): { scope: ScopeRec | null; handler: HandlerRec | null; classLevel: boolean; moduleLevel: boolean } {
    let handler: HandlerRec | null = null;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i];
      if (f.handler && !handler) handler = f.handler;
      if (f.scope) return { scope: f.scope, handler, classLevel: false, moduleLevel: false };
      if (f.className !== undefined) return { scope: null, handler, classLevel: true, moduleLevel: false };
    }
    const inClass = this.context === 'class';
    return { scope: null, handler, classLevel: inClass, moduleLevel: !inClass };
  }

  private qualifiedName(name: string): string {
    const parts = this.stack.filter((f) => f.scope || f.className !== undefined).map((f) => f.scope?.name ?? f.className!);
    return parts.length > 0 ? `${parts[parts.length - 1]}.${name}` : name;
  }

  private visit(node: Node, next: Node | null): void {
    switch (node.type) {
      case 'call':
        return this.call(node, next);
      case 'assignment':
        return this.assignment(node);
      case 'function_definition':
      case 'lambda': {
        const isLambda = node.type === 'lambda';
        const m = isLambda ? null : /^(?:async\s+)?def\s+([^\s(]+)/.exec(this.text.slice(node.startIndex, node.startIndex + 200));
        const name = isLambda ? '<lambda>' : (m?.[1] ?? '?');
        const w = this.where();
        if (w.moduleLevel && !isLambda) this.model.moduleDefs.push(name);
        const scope: ScopeRec = { kind: isLambda ? 'lambda' : 'function', name: this.qualifiedName(name), span: this.span(node) };
        this.stack.push({ end: node.endIndex, scope });
        return;
      }
      case 'class_definition': {
        const m = /^class\s+([^\s(:]+)/.exec(this.text.slice(node.startIndex, node.startIndex + 200));
        const name = m?.[1] ?? '?';
        if (this.where().moduleLevel) this.model.moduleDefs.push(name);
        this.stack.push({ end: node.endIndex, className: this.qualifiedName(name) });
        return;
      }
      case 'except_clause':
      case 'except_group_clause':
        return this.handler(node);
      case 'raise_statement':
        return this.raise(node);
      case 'import_statement':
      case 'import_from_statement':
        return this.importStatement(node);
    }
  }

  private handler(node: Node): void {
    const children = node.children.filter((c): c is Node => c !== null);
    const block = children.find((c) => c.type === 'block') ?? null;
    const colon = children.find((c) => c.type === ':');
    let value: Node | null = null;
    for (const c of children) {
      if (c === block) break;
      if (c.isNamed && c.type !== 'comment') {
        value = c;
        break;
      }
    }
    let typeNode: Node | null = value;
    let alias: string | null = null;
    if (value?.type === 'as_pattern') {
      typeNode = value.child(0);
      const m = /\bas\s+([A-Za-z_]\w*)\s*$/.exec(this.slice(value));
      alias = m?.[1] ?? null;
    }
    const typeNames: string[] = [];
    if (typeNode) {
      const src = this.slice(typeNode).replace(/#[^\n]*/g, '');
      const inner = /^\(([\s\S]*)\)$/.exec(src.trim());
      for (const part of (inner ? inner[1] : src).split(',')) {
        if (part.trim() === '') continue;
        typeNames.push(dottedName(part.trim()) ?? '?');
      }
    }
    let passOnly = false;
    if (block) {
      passOnly = true;
      for (const stmt of block.children) {
        if (!stmt || stmt.type === 'comment') continue;
        if (stmt.type === 'pass_statement' || stmt.type === 'continue_statement') continue;
        if (stmt.type === 'expression_statement' && /^(\.\.\.|[rRuU]?("""|'''|"|')[\s\S]*\2)$/.test(this.slice(stmt).trim())) continue;
        passOnly = false;
        break;
      }
    }
    const headerEnd = value ? value.endIndex : node.startIndex + 6;
    const w = this.where();
    const tryId = node.parent?.id ?? -1;
    const earlierTypes = this.caughtByTry.get(tryId) ?? [];
    this.caughtByTry.set(tryId, [...earlierTypes, ...typeNames]);
    const rec: HandlerRec = {
      span: this.span(node),
      header: { s: node.startIndex - this.base, e: headerEnd - this.base },
      bare: typeNode === null,
      typeNames,
      earlierTypes,
      typeEnd: typeNode ? typeNode.endIndex - this.base : -1,
      alias,
      body: block ? this.span(block) : { s: (colon?.endIndex ?? headerEnd) - this.base, e: node.endIndex - this.base },
      passOnly,
      raises: false,
      raised: [],
      calls: [],
      scope: w.scope,
      broken: this.hasErrors && node.hasError,
    };
    this.model.handlers.push(rec);
    this.stack.push({ end: node.endIndex, handler: rec });
  }

  private raise(node: Node): void {
    const w = this.where();
    if (w.handler) w.handler.raises = true;
    if (this.hasErrors && node.hasError) {
      w.handler?.raised.push('');
      return;
    }
    const children = node.children.filter((c): c is Node => c !== null && c.type !== 'comment');
    const hasCause = children.some((c) => c.type === 'from');
    const expr = children[1] && children[1].type !== 'from' ? children[1] : null;
    let exprKind: RaiseRec['exprKind'] = 'none';
    let exprName = '';
    if (expr) {
      const src = this.slice(expr);
      if (expr.type === 'call') {
        exprKind = 'call';
        const open = src.indexOf('(');
        exprName = dottedName(src.slice(0, open === -1 ? src.length : open)) ?? '';
      } else if (expr.type === 'identifier' || expr.type === 'attribute') {
        exprKind = 'name';
        exprName = dottedName(src) ?? '';
      } else exprKind = 'other';
    }
    w.handler?.raised.push(exprName);
    this.model.raises.push({
      span: this.span(node),
      handler: w.handler,
      scope: w.scope,
      exprKind,
      exprName,
      exprEnd: expr ? expr.endIndex - this.base : node.endIndex - this.base,
      hasCause,
    });
  }

  private call(node: Node, next: Node | null): void {
    const callStart = node.startIndex;
    let calleeSrc: string;
    let fnStart = callStart;
    let fn: Node | null = null;
    // Fast path: a dotted callee read from the text. A following node starting at the same offset means
    // this call's callee is itself a call (`f(a)(b)`, `Popen(x).wait()`): read that one from the tree.
    const head = next !== null && next.startIndex === callStart ? null : CALL_HEAD.exec(this.text.slice(callStart, callStart + 300));
    if (head) calleeSrc = head[1];
    else {
      fn = node.child(0);
      if (!fn || (fn.type !== 'identifier' && fn.type !== 'attribute')) return;
      fnStart = fn.startIndex;
      calleeSrc = this.text.slice(fnStart, fn.endIndex);
    }
    const fnEnd = fnStart + calleeSrc.length;
    let tail: string;
    let tailStart: number;
    let receiver: string | null = null;
    let receiverSpan: Span | null = null;
    const lastDot = calleeSrc.lastIndexOf('.');
    if (lastDot === -1) {
      tail = calleeSrc;
      tailStart = fnStart;
    } else {
      const m = TAIL.exec(calleeSrc);
      if (!m) return;
      tail = m[1];
      tailStart = fnStart + m.index;
      const dot = calleeSrc.lastIndexOf('.', m.index);
      receiver = dot > 0 ? dottedName(calleeSrc.slice(0, dot)) : null;
      if (dot > 0) receiverSpan = { s: fnStart - this.base, e: fnStart + calleeSrc.slice(0, dot).trimEnd().length - this.base };
    }
    const w = this.where();
    const interesting = ARG_TAILS.has(tail) || /log/i.test(tail);
    if (!interesting && !w.handler) return;
    if (this.hasErrors && node.hasError) return;
    let receiverCall: string | null = null;
    if (interesting && receiver === null && fn?.type === 'attribute') {
      const obj = fn.child(0);
      if (obj?.type === 'call') {
        const objSrc = this.slice(obj);
        const open = objSrc.indexOf('(');
        receiverCall = open > 0 ? dottedName(objSrc.slice(0, open)) : null;
      }
    }
    const rec: CallRec = {
      span: this.span(node),
      callee: dottedName(calleeSrc),
      calleeSpan: { s: fnStart - this.base, e: fnEnd - this.base },
      tail,
      tailSpan: { s: tailStart - this.base, e: tailStart + tail.length - this.base },
      receiver,
      receiverSpan,
      receiverCall,
      args: null,
      argsSpan: null,
      use: 'unknown',
      boundTo: null,
      attrUse: null,
      scope: w.scope,
      handler: w.handler,
      classLevel: w.classLevel,
      moduleLevel: w.moduleLevel,
      eager: null,
      print: null,
    };
    const argList = interesting ? node.lastChild : null;
    if (argList?.type === 'argument_list') this.collectArgs(rec, argList);
    if (USE_TAILS.has(tail)) this.collectUse(rec, node);
    this.model.calls.push(rec);
    if (w.handler) w.handler.calls.push(rec);
  }

  private collectArgs(rec: CallRec, argList: Node): void {
    const args: ArgRec[] = [];
    const nodes: Node[] = [];
    let sep: Node | null = null;
    const command = COMMAND_TAILS.has(rec.tail);
    for (const child of argList.children) {
      if (!child || !child.isNamed || child.type === 'comment') continue;
      const span = this.span(child);
      switch (child.type) {
        case 'keyword_argument': {
          const src = this.slice(child);
          const m = /^([A-Za-z_]\w*)\s*=\s*/.exec(src);
          if (!m) continue;
          const value = child.lastChild;
          const built = command && m[1] === 'args' && value !== null && isBuiltString(value, this.text);
          args.push({ kind: 'kw', name: m[1], span, value: { s: span.s + m[0].length, e: span.e }, valueType: value?.type ?? '', built });
          if (m[1] === 'sep' && value) sep = value;
          break;
        }
        case 'list_splat':
          args.push({ kind: 'star', name: '', span, value: span, valueType: child.type, built: false });
          break;
        case 'dictionary_splat':
          args.push({ kind: 'dstar', name: '', span, value: span, valueType: child.type, built: false });
          break;
        default:
          args.push({ kind: 'pos', name: '', span, value: span, valueType: child.type, built: command && nodes.length === 0 && isBuiltString(child, this.text) });
          nodes.push(child);
      }
    }
    rec.args = args;
    rec.argsSpan = this.span(argList);
    if (LOG_METHODS.has(rec.tail)) {
      const messageIndex = rec.tail === 'log' ? 1 : 0;
      const message = nodes[messageIndex];
      if (message) rec.eager = analyzeMessage(message, this.text, this.base, nodes.length > messageIndex + 1);
    } else if (rec.tail === 'print' && rec.receiver === null) {
      const file = args.find((a) => a.kind === 'kw' && a.name === 'file');
      const end = args.find((a) => a.kind === 'kw' && a.name === 'end');
      const hasSplat = args.some((a) => a.kind === 'star' || a.kind === 'dstar');
      const keepsEnd = !end || /^(["'])\\n\1$/.test(this.text.slice(end.value.s + this.base, end.value.e + this.base));
      const info: PrintInfo = {
        argsText: hasSplat || !keepsEnd ? null : printAsLogArgs(nodes, sep, this.text),
        file: file ? this.text.slice(file.value.s + this.base, file.value.e + this.base) : '',
        positional: nodes.length,
        argCallee: nodes.length === 1 && nodes[0].type === 'call' ? calleeText(nodes[0], this.text) : null,
      };
      rec.print = info;
    }
  }

  private collectUse(rec: CallRec, node: Node): void {
    const parent = node.parent;
    if (!parent) return;
    let use: CallUse = 'other';
    switch (parent.type) {
      case 'expression_statement':
        use = 'stmt';
        break;
      case 'assignment': {
        const left = parent.child(0);
        if (left && left.startIndex !== node.startIndex) {
          const target = left.type === 'identifier' || left.type === 'attribute' ? dottedName(this.slice(left)) : null;
          use = target ? 'assign' : 'other';
          rec.boundTo = target;
        }
        break;
      }
      case 'as_pattern': {
        const m = /^\s*as\s+([A-Za-z_][\w.]*)/.exec(this.text.slice(node.endIndex, parent.endIndex));
        use = m ? 'with' : 'other';
        rec.boundTo = m?.[1] ?? null;
        break;
      }
      case 'attribute': {
        const m = /^\s*\.\s*([A-Za-z_]\w*)/.exec(this.text.slice(node.endIndex, parent.endIndex));
        use = 'attr';
        rec.attrUse = m?.[1] ?? null;
        break;
      }
      case 'return_statement':
        use = 'return';
        break;
      case 'argument_list':
      case 'keyword_argument':
        use = 'arg';
        break;
    }
    rec.use = use;
  }

  private assignment(node: Node): void {
    // Only `name = "..."`-like assignments matter (secrets, shell commands built from strings): decide
    // from the text before touching the tree.
    const start = node.startIndex;
    const head = ASSIGN_HEAD.exec(this.text.slice(start, start + 300));
    if (!head) return;
    const target = head[1];
    const rhs = this.text.slice(start + head[0].length, start + head[0].length + 4);
    if (!STRING_START.test(rhs)) return;
    const leafName = target.slice(target.lastIndexOf('.') + 1);
    const secretCandidate = isSecretName(leafName);
    const builtCandidate = !target.includes('.');
    if (!secretCandidate && !builtCandidate) return;
    if (this.hasErrors && node.hasError) return;
    const right = node.lastChild;
    if (!right) return;
    let kind: AssignRec['kind'] | null = null;
    if (secretCandidate && right.type === 'string') kind = 'secret';
    else if (builtCandidate && isBuiltString(right, this.text)) kind = 'built-string';
    if (!kind) return;
    const w = this.where();
    this.model.assigns.push({
      kind,
      span: this.span(node),
      target,
      targetSpan: { s: start - this.base, e: start + target.length - this.base },
      value: this.span(right),
      scope: w.scope,
    });
  }

  private importStatement(node: Node): void {
    const src = this.slice(node)
      .replace(/#[^\n]*/g, '')
      .replace(/[\\()]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const w = this.where();
    const span = this.span(node);
    const add = (local: string, qualified: string) =>
      this.model.imports.push({ local, qualified, moduleLevel: w.moduleLevel, scope: w.scope, span });
    if (node.type === 'import_statement') {
      for (const part of src.replace(/^import /, '').split(',')) {
        const m = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (!m) continue;
        if (m[2]) add(m[2], m[1]);
        else add(m[1].split('.')[0], m[1].split('.')[0]);
      }
      return;
    }
    const m = /^from\s+(\.*[\w.]*)\s+import\s+(.*)$/.exec(src);
    if (!m) return;
    const module = m[1];
    for (const part of m[2].split(',')) {
      const p = /^\s*(\*|\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (!p) continue;
      if (p[1] === '*') add('*', module);
      else add(p[2] ?? p[1], `${module}.${p[1]}`);
    }
  }

  private mainBlock(): MainBlockRec | null {
    return mainBlockOf(this.unit, this.text);
  }
}

/**
 * The `if __name__ == "__main__":` block an if statement is, with offsets relative to the statement,
 * or null for any other if statement.
 */
export function mainBlockOf(ifNode: Node, text: string): MainBlockRec | null {
  const cond = ifNode.childForFieldName('condition');
  if (!cond) return null;
  const c = text.slice(cond.startIndex, cond.endIndex).replace(/\s+/g, '').replace(/'/g, '"');
  if (c !== '__name__=="__main__"' && c !== '"__main__"==__name__') return null;
  const body = ifNode.childForFieldName('consequence');
  const first = body?.namedChildren.find((n) => n !== null && n.type !== 'comment') ?? null;
  if (!body || !first) return null;
  const base = ifNode.startIndex;
  const colon = text.indexOf(':', cond.endIndex);
  const lineStart = text.lastIndexOf('\n', first.startIndex - 1) + 1;
  const lead = text.slice(lineStart, first.startIndex);
  return {
    header: { s: 0, e: colon + 1 - base },
    firstStatement: first.startIndex - base,
    indent: lineStart > colon && /^[ \t]*$/.test(lead) ? lead : null,
  };
}

/** A string value assembled from variables: f-string, `%`, `+`, `.format()`, `.join()`. */
export function isBuiltString(node: Node, text: string, depth = 0): boolean {
  // Long `a + b + c ...` chains nest to the left; looking 64 levels down is plenty and keeps the stack small.
  if (depth > 64) return false;
  switch (node.type) {
    case 'string':
      return /^[rRbB]?[fF]/.test(text.slice(node.startIndex, node.startIndex + 3)) && node.children.some((c) => c?.type === 'interpolation');
    case 'binary_operator': {
      const [l, op, r] = node.children;
      if (!l || !op || !r) return false;
      if (op.type === '%') return l.type === 'string';
      if (op.type !== '+') return false;
      const plain = (n: Node) => n.type === 'string' && !isBuiltString(n, text, depth + 1);
      if (plain(l) && plain(r)) return false;
      return plain(l) || plain(r) || isBuiltString(l, text, depth + 1) || isBuiltString(r, text, depth + 1);
    }
    case 'call': {
      const fn = node.child(0);
      if (fn?.type !== 'attribute') return false;
      const src = text.slice(fn.startIndex, fn.endIndex);
      return /\.\s*(format|join)$/.test(src) && fn.child(0)?.type === 'string';
    }
    default:
      return false;
  }
}

/** A call's callee as a dotted name without spaces, or null when it is not a dotted name. */
function calleeText(call: Node, text: string): string | null {
  const fn = call.childForFieldName('function');
  if (!fn) return null;
  const name = text.slice(fn.startIndex, fn.endIndex).replace(/\s+/g, '');
  return DOTTED.test(name) ? name : null;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}

/** Whether `word` occurs in `src` as a whole word. */
function hasWord(src: string, word: string): boolean {
  for (let i = src.indexOf(word); i !== -1; i = src.indexOf(word, i + 1)) {
    if ((i === 0 || !isNameChar(src.charCodeAt(i - 1))) && !isNameChar(src.charCodeAt(i + word.length))) return true;
  }
  return false;
}

/** The text of a line up to an `=` that ASSIGN_HEAD would read as an assignment (at a statement start). */
const ASSIGNMENT_BEFORE = /(?:^|[;:=])[ \t\f]*([A-Za-z_][\w.]*)[ \t]*(?::[^=\n]*)?=$/;
/** Any name right before an `=`: looser, for secret-looking names (broken code may hide the statement start). */
const NAME_BEFORE = /([A-Za-z_][\w.]*)[ \t]*(?::[^=\n]*)?=$/;
const STRING_PREFIX = /[rRuUbBfF]/;

/**
 * Some `name = "..."` statement that assignment() records may be in `src`: a secret-looking name, or
 * (unless `secretsOnly`) a string that may be built from variables. In a function, a string built
 * for a command matters only to a command call in the same function, which mayCallRecorded finds.
 */
function mayAssignString(src: string, secretsOnly: boolean): boolean {
  for (let q = src.indexOf('='); q !== -1; q = src.indexOf('=', q + 1)) {
    let i = q + 1;
    if (src.charCodeAt(i) === 61) {
      q = i; // `==`
      continue;
    }
    while (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9) i++;
    const prefixStart = i;
    for (let k = 0; k < 2 && STRING_PREFIX.test(src.charAt(i)); k++) i++;
    const c = src.charCodeAt(i);
    if (c !== 34 && c !== 39) continue;
    const before = src.slice(src.lastIndexOf('\n', q - 1) + 1, q + 1);
    const named = NAME_BEFORE.exec(before);
    if (named && isSecretName(named[1].slice(named[1].lastIndexOf('.') + 1))) return true;
    if (!secretsOnly && ASSIGNMENT_BEFORE.test(before) && mayBeBuiltString(src, prefixStart, i)) return true;
  }
  return false;
}

/**
 * Whether the string literal whose prefix starts at `prefixStart` and quote is at `quote` may be
 * part of a string built from variables (see isBuiltString): an f-string, or a literal followed by
 * `%`, `+` or a method call (`.format`, `.join`). Unsure (unterminated, followed by another
 * literal) counts as yes.
 */
function mayBeBuiltString(src: string, prefixStart: number, quote: number): boolean {
  if (/[fF]/.test(src.slice(prefixStart, quote))) return true;
  const end = stringLiteralEnd(src, quote);
  if (end === -1) return true;
  let k = end;
  for (;;) {
    while (src.charCodeAt(k) === 32 || src.charCodeAt(k) === 9) k++;
    if (src.charCodeAt(k) !== 92) break;
    k += src.charCodeAt(k + 1) === 13 ? 3 : 2; // a line continuation
  }
  const next = src.charCodeAt(k);
  return next === 37 || next === 43 || next === 46 || next === 34 || next === 39;
}

/** Offset just past the string literal whose opening quote is at `quote`, or -1 when it is not closed. */
function stringLiteralEnd(src: string, quote: number): number {
  const q = src.charAt(quote);
  const triple = src.startsWith(q + q + q, quote) ? q + q + q : null;
  if (triple) {
    for (let from = quote + 3; ; ) {
      const k = src.indexOf(triple, from);
      if (k === -1) return -1;
      let backslashes = 0;
      while (src.charCodeAt(k - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) return k + 3;
      from = k + 1;
    }
  }
  for (let j = quote + 1; j < src.length; j++) {
    const c = src.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 10) return -1;
    else if (src.charAt(j) === q) return j + 1;
  }
  return -1;
}

/** End of the code on the line [lineStart, lineEnd): where a comment starts (outside one-line strings), else lineEnd. */
function lineCodeEnd(src: string, lineStart: number, lineEnd: number): number {
  let quote = 0;
  for (let j = lineStart; j < lineEnd; j++) {
    const c = src.charCodeAt(j);
    if (quote !== 0) {
      if (c === 92) j++;
      else if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 35) return j;
  }
  return lineEnd;
}

/** Some call whose last name is one call() records (ARG_TAILS, or containing "log") may be in `src`. */
function mayCallRecorded(src: string): boolean {
  for (let p = src.indexOf('('); p !== -1; p = src.indexOf('(', p + 1)) {
    let j = p - 1;
    let c = src.charCodeAt(j);
    for (;;) {
      while (c === 32 || c === 9 || c === 92 || c === 13 || c === 12) c = src.charCodeAt(--j);
      if (c !== 10) break;
      // `(` opens a line: the callee's name may end the code of a line above (inside brackets or
      // after a backslash), before its comment.
      const lineStart = src.lastIndexOf('\n', j - 1) + 1;
      j = lineCodeEnd(src, lineStart, j) - 1;
      c = src.charCodeAt(j);
    }
    const end = j + 1;
    while (j >= 0 && isNameChar(src.charCodeAt(j))) j--;
    if (end === j + 1) continue;
    const name = src.slice(j + 1, end);
    if ((ARG_TAILS.has(name) && !HANDLER_ONLY_TAILS.has(name)) || /log/i.test(name)) return true;
  }
  return false;
}

/** Calls that matter only inside an except clause (exiting there is handling the error), which `except` finds. */
const HANDLER_ONLY_TAILS = new Set(['exit', '_exit', 'quit', 'abort']);

/**
 * A well-formed function definition header (decorated on one-line decorators, or not): in a text
 * that is this one statement, strings and imports stay in the function's scope.
 */
const FUNCTION_START = /^(?:[ \t\f]*@[^\n]*\n)*[ \t\f]*(?:async[ \t]+)?def[ \t]+[A-Za-z_]\w*[ \t]*\(/;

/**
 * Whether `src` may produce a record a rule reads: a handler (and the raises in it), a call whose
 * last name is one the walk collects, an import that matters, or a `name = "..."` statement that
 * matters (see mayAssignString). A raise outside a handler is read by no rule. Deliberately loose
 * (words inside strings and comments count): a false "yes" only costs the walk.
 */
function mayHoldRecords(src: string, oneFunction: boolean): boolean {
  if (hasWord(src, 'except') || mayCallRecorded(src)) return true;
  // An import in a function binds names for that function's calls (found above); only importing
  // logging says something of the whole module.
  if (hasWord(src, 'import') && (!oneFunction || hasWord(src, 'logging'))) return true;
  return mayAssignString(src, oneFunction);
}

/** A line that starts a (nested) function or class definition. */
const NESTED_DEFINITION = /^[ \t\f]*(?:async[ \t]+)?(?:def|class)\b/m;

/** A top-level definition: its name is all it contributes when it holds no record. */
const DEFINITION_START = /^(?:@|def\b|async[ \t]+def\b|class\b)/;

/**
 * Whether a part of a document (see TextPart) can be left unparsed, because skimUnit would find
 * nothing in it that needs the tree: no record, and at the top level no nested definition
 * (module-level names) and no `__main__` block.
 */
export function needsNoTree(src: string, part: TextPart): boolean {
  // A branch run can hold several statements, so it is never just one function.
  if (mayHoldRecords(src, part !== 'branch' && FUNCTION_START.test(src))) return false;
  if (part !== 'statement' || DEFINITION_START.test(src)) return true;
  return !NESTED_DEFINITION.test(src) && !src.includes('__main__');
}

/**
 * The model of a unit whose text shows it cannot hold any record (see mayHoldRecords), built without
 * walking its tree; null when the unit needs the walk. Walking every node is most of the analysis
 * time, and most function bodies hold nothing a rule looks at.
 */
export function skimUnit(unit: Node, text: string, context: UnitContext): UnitModel | null {
  if (unit.hasError) return null;
  const src = text.slice(unit.startIndex, unit.endIndex);
  if (mayHoldRecords(src, FUNCTION_START.test(src))) return null;
  const model = emptyModel();
  if (context !== 'module') return model;
  const def = unit.type === 'decorated_definition' ? unit.childForFieldName('definition') : unit;
  if (def?.type === 'function_definition' || def?.type === 'class_definition') {
    const m = /^(?:async\s+)?(?:def|class)\s+([^\s(:]+)/.exec(text.slice(def.startIndex, def.startIndex + 200));
    model.moduleDefs.push(m?.[1] ?? '?');
    return model;
  }
  if (NESTED_DEFINITION.test(src)) return null;
  if (unit.type === 'if_statement') model.main = mainBlockOf(unit, text);
  return model;
}

/**
 * Builds a unit's model. `nodes` are the unit's WALK_TYPES descendants in document order when the
 * caller already has them (one walk of the whole tree, partitioned by unit); otherwise the unit is walked.
 */
export function extractUnit(unit: Node, text: string, context: UnitContext, nodes?: (Node | null)[]): UnitModel {
  return new UnitExtractor(unit, text, context, unit.startIndex).run(nodes ?? unit.descendantsOfType(WALK_TYPES));
}
