// The single walk: one native traversal (descendantsOfType) yields, in document order, every node of
// the types the vocabulary asks for; a stack of open scopes/classes/handlers gives each its context.
// The result is a plain-data UnitModel that rules read, so no rule walks the tree itself. What is
// recorded is what the enabled rules declared (see vocabulary.ts), nothing more.
import type { Language, Node } from 'web-tree-sitter';
import { importsOfTry } from '../python/plainImports';
import { childInField, fieldIds, type FieldIds, type UnitContext, type UnitReader } from '../python/segments';
import {
  definitionModel,
  emptyModel,
  fixedModel,
  type ArgRec,
  type AssignRec,
  type CallRec,
  type CallUse,
  type HandlerRec,
  type ImportRec,
  type MainBlockRec,
  type RaiseRec,
  type ScopeRec,
  type Span,
  type UnitModel,
} from './model';
import { hasNestedDefinition, isOneFunction, mayHoldRecords } from './prefilter';
import { dottedName, isBuiltString, mainBlockFromText, mainBlockOf } from './pythonNames';
import type { CallSite } from './rule';
import { recordsCall, type Vocabulary } from './vocabulary';

/** A simple callee (dotted name) followed by its opening parenthesis. */
const CALL_HEAD = /^([A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*)[ \t]*\(/;
/** `target =` or `target: type =` at the start of an assignment. */
const ASSIGN_HEAD = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)[ \t]*(?::[^=\n]*)?=(?!=)[ \t]*/;
/** A value that starts with a string literal. */
const STRING_START = /^[rRuUbBfF]{0,2}["']/;
const TAIL = /([A-Za-z_]\w*)\s*$/;
/** `target["key"] =` at the start of an assignment (group 4: the key). */
const SUBSCRIPT_HEAD = /^([A-Za-z_][\w.]*[ \t]*\[[ \t]*)([rRuU]?)(["'])([A-Za-z_][\w-]*)\3[ \t]*\][ \t]*=(?!=)[ \t]*/;
/** `"key": "` at the start of a dictionary pair (group 3: the key). */
const PAIR_HEAD = /^([rRuU]?(["']))([A-Za-z_][\w-]*)\2\s*:\s*[rRuUbB]{0,2}["']/;
/** `name="` at the start of a keyword argument. */
const KEYWORD_HEAD = /^([A-Za-z_]\w*)\s*=\s*[rRuUbB]{0,2}["']/;

/** The node types visit() handles, as numbers (a switch on ints; a node's type string is compared by content). */
const enum Kind {
  Call,
  Assignment,
  Pair,
  KeywordArgument,
  Comparison,
  Function,
  Lambda,
  Class,
  Except,
  ExceptGroup,
  Raise,
  Import,
  ImportFrom,
  Other,
}

/** The type name of each Kind but Other, in Kind's order. */
const KIND_NAMES: readonly string[] = [
  'call',
  'assignment',
  'pair',
  'keyword_argument',
  'comparison_operator',
  'function_definition',
  'lambda',
  'class_definition',
  'except_clause',
  'except_group_clause',
  'raise_statement',
  'import_statement',
  'import_from_statement',
];

let kindTable: { language: Language; kinds: Uint8Array } | null = null;

/**
 * The Kind of each of a grammar's symbol ids (a node's typeId), looked up once per language: a node's
 * type is its symbol's name (web-tree-sitter reads `types[typeId] || "ERROR"`), so this is the same
 * test without a string compare per case.
 */
function kindsOf(language: Language): Uint8Array {
  if (kindTable?.language !== language) {
    const types = language.types;
    const kinds = new Uint8Array(types.length).fill(Kind.Other);
    for (let id = 0; id < types.length; id++) {
      const at = KIND_NAMES.indexOf(types[id] || 'ERROR');
      if (at !== -1) kinds[id] = at;
    }
    kindTable = { language, kinds };
  }
  return kindTable.kinds;
}

/** Tokens of an except clause before its caught expression: never named, so not asked whether they are. */
const ANONYMOUS_IN_CLAUSE: ReadonlySet<string> = new Set(['except', 'except*', '*', ':']);

/** What handler() reads of an except clause (see clauseParts). */
interface ClauseParts {
  block: Node | null;
  /** `block` is the clause's last child. */
  blockIsLast: boolean;
  colon: Node | null;
  value: Node | null;
  valueType: string;
}

interface Frame {
  end: number;
  scope?: ScopeRec;
  handler?: HandlerRec;
  className?: string;
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
  private readonly fields: FieldIds;
  private readonly kinds: Uint8Array;

  constructor(
    private readonly unit: Node,
    private readonly text: string,
    private readonly context: UnitContext,
    private readonly base: number,
    private readonly vocabulary: Vocabulary,
    broken: boolean,
  ) {
    this.hasErrors = broken;
    this.fields = fieldIds(unit);
    this.kinds = kindsOf(unit.tree.language);
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
      const id = node.typeId;
      this.visit(node, id < this.kinds.length ? (this.kinds[id] as Kind) : Kind.Other, nodes[i + 1] ?? null);
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

  /** The span of a node whose end was read already (each read of a node's end is a call into wasm). */
  private spanTo(node: Node, end: number): Span {
    return { s: node.startIndex - this.base, e: end - this.base };
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
    // The innermost function or class: a loop, not filter and map (see packed.ts).
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i];
      if (f.scope || f.className !== undefined) return `${f.scope?.name ?? f.className!}.${name}`;
    }
    return name;
  }

  /** `kind` is the node's type, read once: every read of a node's property is a call into wasm. */
  private visit(node: Node, kind: Kind, next: Node | null): void {
    switch (kind) {
      case Kind.Call:
        return this.call(node, next);
      case Kind.Assignment:
        return this.assignment(node);
      case Kind.Pair:
        return this.pair(node);
      case Kind.KeywordArgument:
        return this.keywordArgument(node);
      case Kind.Comparison:
        return this.comparison(node);
      case Kind.Function:
      case Kind.Lambda: {
        const isLambda = kind === Kind.Lambda;
        const m = isLambda ? null : /^(?:async\s+)?def\s+([^\s(]+)/.exec(this.text.slice(node.startIndex, node.startIndex + 200));
        const name = isLambda ? '<lambda>' : (m?.[1] ?? '?');
        const w = this.where();
        if (w.moduleLevel && !isLambda) this.model.moduleDefs.push(name);
        const end = node.endIndex;
        const scope: ScopeRec = { kind: isLambda ? 'lambda' : 'function', name: this.qualifiedName(name), span: this.spanTo(node, end) };
        this.stack.push({ end, scope });
        return;
      }
      case Kind.Class: {
        const m = /^class\s+([^\s(:]+)/.exec(this.text.slice(node.startIndex, node.startIndex + 200));
        const name = m?.[1] ?? '?';
        if (this.where().moduleLevel) this.model.moduleDefs.push(name);
        this.stack.push({ end: node.endIndex, className: this.qualifiedName(name) });
        return;
      }
      case Kind.Except:
      case Kind.ExceptGroup:
        return this.handler(node);
      case Kind.Raise:
        return this.raise(node);
      case Kind.Import:
      case Kind.ImportFrom:
        return this.importStatement(node, KIND_NAMES[kind]);
    }
  }

  /**
   * An except clause's parts from its children, each child's type read once (a read is a call into
   * wasm): the first block, the first `:`, and the first named child other than a comment before
   * the block (the caught expression).
   */
  private clauseParts(node: Node): ClauseParts {
    let block: Node | null = null;
    let colon: Node | null = null;
    let value: Node | null = null;
    let valueType = '';
    for (const c of node.children) {
      if (!c) continue;
      const type = c.type;
      if (type === 'block') {
        block ??= c;
        if (colon) break;
      } else if (type === ':') {
        colon ??= c;
        if (block) break;
      } else if (!block && !value && type !== 'comment' && !ANONYMOUS_IN_CLAUSE.has(type) && c.isNamed) {
        value = c;
        valueType = type;
      }
    }
    return { block, blockIsLast: false, colon, value, valueType };
  }

  /**
   * clauseParts of a clause without errors, read with two nodes made instead of one per child: such
   * a clause is `except [*] [value] : block` (comments aside), its caught expression its first child
   * in field `value`, its block its last child; null where the last child is no block (then read
   * the children). The `:` is only read where there is no block.
   */
  private clausePartsByField(node: Node): ClauseParts | null {
    const last = node.lastChild;
    if (!last || last.type !== 'block') return null;
    const value = childInField(node, this.fields.value);
    return { block: last, blockIsLast: true, colon: null, value, valueType: value ? value.type : '' };
  }

  private handler(node: Node): void {
    const { block, blockIsLast, colon, value, valueType } =
      (this.hasErrors ? null : this.clausePartsByField(node)) ?? this.clauseParts(node);
    let typeNode: Node | null = value;
    let alias: string | null = null;
    const valueEnd = value ? value.endIndex : -1;
    if (value && valueType === 'as_pattern') {
      typeNode = value.child(0);
      const m = /\bas\s+([A-Za-z_]\w*)\s*$/.exec(this.text.slice(value.startIndex, valueEnd));
      alias = m?.[1] ?? null;
    }
    const typeNames: string[] = [];
    if (typeNode) this.caughtTypes(typeNode, typeNode === value ? valueType : typeNode.type, typeNames, 0);
    let passOnly = false;
    // tree-sitter reads `except E:` followed by a line indented no deeper as a clause with an empty
    // body, where Python raises IndentationError (reported as a syntax error).
    let empty = true;
    if (block) {
      passOnly = true;
      // `pass;` ends with an unnamed `;` token: named children only.
      for (const stmt of block.namedChildren) {
        if (!stmt) continue;
        const type = stmt.type;
        if (type === 'comment') continue;
        empty = false;
        if (type === 'pass_statement' || type === 'continue_statement') continue;
        if (type === 'expression_statement' && /^(\.\.\.|[rRuU]?("""|'''|"|')[\s\S]*\2)$/.test(this.slice(stmt).trim())) continue;
        passOnly = false;
        break;
      }
    }
    const headerEnd = value ? valueEnd : node.startIndex + 6;
    const end = node.endIndex;
    const w = this.where();
    const tryId = node.parent?.id ?? -1;
    // Each distinct type once, and one array shared by the clauses that add nothing new, so that a
    // try with thousands of clauses stays linear.
    const earlierTypes = this.caughtByTry.get(tryId) ?? [];
    const added = typeNames.filter((t, i) => !earlierTypes.includes(t) && typeNames.indexOf(t) === i);
    if (added.length > 0 || !this.caughtByTry.has(tryId)) this.caughtByTry.set(tryId, [...earlierTypes, ...added]);
    const rec: HandlerRec = {
      span: this.spanTo(node, end),
      header: { s: node.startIndex - this.base, e: headerEnd - this.base },
      bare: typeNode === null,
      typeNames,
      earlierTypes,
      typeEnd: typeNode ? (typeNode === value ? valueEnd : typeNode.endIndex) - this.base : -1,
      alias,
      // A block that is the clause's last child ends where the clause ends.
      body: block
        ? blockIsLast
          ? this.spanTo(block, end)
          : this.span(block)
        : { s: (colon?.endIndex ?? headerEnd) - this.base, e: end - this.base },
      passOnly,
      raises: false,
      raised: [],
      calls: [],
      scope: w.scope,
      broken: (this.hasErrors && node.hasError) || empty,
    };
    this.model.handlers.push(rec);
    this.stack.push({ end, handler: rec });
  }

  /**
   * The types an except clause's expression names, nested tuples flattened
   * (`((Exception, ValueError), TypeError)`); other expressions as written (`errors()`).
   */
  private caughtTypes(node: Node, type: string, out: string[], depth: number): void {
    if ((type === 'tuple' || type === 'parenthesized_expression' || type === 'expression_list') && depth < 32) {
      for (const child of node.namedChildren) {
        if (!child) continue;
        const childType = child.type;
        if (childType !== 'comment') this.caughtTypes(child, childType, out, depth + 1);
      }
      return;
    }
    const src = this.slice(node).replace(/#[^\n]*/g, '');
    out.push(dottedName(src.trim()) ?? src.replace(/\s+/g, ' ').trim());
  }

  private raise(node: Node): void {
    const w = this.where();
    if (w.handler) w.handler.raises = true;
    if (this.hasErrors && node.hasError) {
      w.handler?.raised.push('');
      return;
    }
    // The children other than comments, each type read once: `raise`, the expression, `from`, the cause.
    let hasCause = false;
    let expr: Node | null = null;
    let exprType = '';
    let seen = 0;
    for (const c of node.children) {
      if (!c) continue;
      const type = c.type;
      if (type === 'comment') continue;
      if (type === 'from') hasCause = true;
      else if (seen === 1) {
        expr = c;
        exprType = type;
      }
      seen++;
    }
    let exprKind: RaiseRec['exprKind'] = 'none';
    let exprName = '';
    const exprEnd = expr ? expr.endIndex : -1;
    if (expr) {
      const src = this.text.slice(expr.startIndex, exprEnd);
      if (exprType === 'call') {
        exprKind = 'call';
        const open = src.indexOf('(');
        exprName = dottedName(src.slice(0, open === -1 ? src.length : open)) ?? '';
      } else if (exprType === 'identifier' || exprType === 'attribute') {
        exprKind = 'name';
        exprName = dottedName(src) ?? '';
      } else exprKind = 'other';
    }
    w.handler?.raised.push(exprName);
    const end = node.endIndex;
    this.model.raises.push({
      span: this.spanTo(node, end),
      handler: w.handler,
      scope: w.scope,
      exprKind,
      exprName,
      exprEnd: (expr ? exprEnd : end) - this.base,
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
    let fnType = '';
    if (head) calleeSrc = head[1];
    else {
      fn = node.child(0);
      fnType = fn ? fn.type : '';
      if (!fn || (fnType !== 'identifier' && fnType !== 'attribute')) return;
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
    const writtenTailLength = tail.length;
    // `from subprocess import run as r`: `r(...)` is recorded as the `run` call it is.
    if (receiver === null) tail = this.vocabulary.aliases.get(tail) ?? tail;
    const w = this.where();
    const interesting = recordsCall(this.vocabulary, tail);
    if (!interesting && !w.handler) return;
    if (this.hasErrors && node.hasError) return;
    let receiverCall: string | null = null;
    if (interesting && receiver === null && fn !== null && fnType === 'attribute') {
      const obj = fn.child(0);
      if (obj?.type === 'call') {
        const objSrc = this.slice(obj);
        const open = objSrc.indexOf('(');
        receiverCall = open > 0 ? dottedName(objSrc.slice(0, open)) : null;
      }
    }
    const end = node.endIndex;
    const rec: CallRec = {
      span: this.spanTo(node, end),
      callee: dottedName(calleeSrc),
      calleeSpan: { s: fnStart - this.base, e: fnEnd - this.base },
      tail,
      tailSpan: { s: tailStart - this.base, e: tailStart + writtenTailLength - this.base },
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
      details: null,
    };
    // A call without errors ends with its arguments (trailing comments are never a node's last child).
    const argList = interesting ? childInField(node, this.fields.arguments) : null;
    if (argList?.type === 'argument_list') this.readDetails(node, rec, this.collectArgs(rec, argList, end));
    if (this.vocabulary.resultUse.has(tail)) this.collectUse(rec, node, end);
    this.model.calls.push(rec);
    if (w.handler) w.handler.calls.push(rec);
  }

  /**
   * Fills in the call's arguments; returns the positional argument nodes and the keyword values.
   * `callEnd`: where the call ends, and so its argument list (its last child: see call()).
   */
  private collectArgs(rec: CallRec, argList: Node, callEnd: number): { positional: Node[]; keywords: Map<string, Node> } {
    const args: ArgRec[] = [];
    const positional: Node[] = [];
    const keywords = new Map<string, Node>();
    const command = this.vocabulary.commands.has(rec.tail);
    // Named children only: the brackets and commas are neither made into nodes nor asked whether they are named.
    for (const child of argList.namedChildren) {
      if (!child) continue;
      const type = child.type;
      if (type === 'comment') continue;
      const start = child.startIndex;
      const end = child.endIndex;
      const span = { s: start - this.base, e: end - this.base };
      switch (type) {
        case 'keyword_argument': {
          const src = this.text.slice(start, end);
          const m = /^([A-Za-z_]\w*)\s*=\s*/.exec(src);
          if (!m) continue;
          // The call has no errors (see call()), so its keyword's last child is its value.
          const value = childInField(child, this.fields.value);
          const built = command && m[1] === 'args' && value !== null && isBuiltString(value, this.text);
          args.push({ kind: 'kw', name: m[1], span, value: { s: span.s + m[0].length, e: span.e }, valueType: value?.type ?? '', built });
          if (value) keywords.set(m[1], value);
          break;
        }
        case 'list_splat':
          args.push({ kind: 'star', name: '', span, value: span, valueType: type, built: false });
          break;
        case 'dictionary_splat':
          args.push({ kind: 'dstar', name: '', span, value: span, valueType: type, built: false });
          break;
        default:
          args.push({
            kind: 'pos',
            name: '',
            span,
            value: span,
            valueType: type,
            built: command && positional.length === 0 && isBuiltString(child, this.text),
          });
          positional.push(child);
      }
    }
    rec.args = args;
    rec.argsSpan = this.spanTo(argList, callEnd);
    return { positional, keywords };
  }

  /** Lets the enabled rules that read details of this call read them now, while the tree is here. */
  private readDetails(node: Node, rec: CallRec, args: { positional: Node[]; keywords: Map<string, Node> }): void {
    const readers = this.vocabulary.detailRules;
    let site: CallSite | null = null;
    for (let slot = 0; slot < readers.length; slot++) {
      const reader = readers[slot];
      if (!reader.names.has(rec.tail) && !reader.pattern?.test(rec.tail)) continue;
      site ??= {
        record: rec,
        node,
        positional: args.positional,
        keyword: (name) => args.keywords.get(name) ?? null,
        text: this.text,
        span: (n) => this.span(n),
        slice: (span) => this.text.slice(span.s + this.base, span.e + this.base),
      };
      const detail = readers[slot].rule.callDetail!(site);
      if (detail !== null) (rec.details ??= new Array<unknown>(readers.length).fill(null))[slot] = detail;
    }
  }

  /** `callEnd`: where the call ends (read already). */
  private collectUse(rec: CallRec, call: Node, callEnd: number): void {
    // `proc = await create_subprocess_exec(...)` binds what the awaited call gives: look through the await.
    const up = call.parent;
    const upType = up ? up.type : '';
    const node = up !== null && upType === 'await' ? up : call;
    const awaited = node !== call;
    const parent = awaited ? node.parent : up;
    if (!parent) return;
    let use: CallUse = 'other';
    switch (awaited ? parent.type : upType) {
      case 'expression_statement':
        use = 'stmt';
        break;
      case 'assignment': {
        const left = parent.child(0);
        if (left && left.startIndex !== node.startIndex) {
          const leftType = left.type;
          const target = leftType === 'identifier' || leftType === 'attribute' ? dottedName(this.slice(left)) : null;
          use = target ? 'assign' : 'other';
          rec.boundTo = target;
        }
        break;
      }
      case 'as_pattern': {
        const m = /^\s*as\s+([A-Za-z_][\w.]*)/.exec(this.text.slice(awaited ? node.endIndex : callEnd, parent.endIndex));
        use = m ? 'with' : 'other';
        rec.boundTo = m?.[1] ?? null;
        break;
      }
      case 'attribute': {
        const m = /^\s*\.\s*([A-Za-z_]\w*)/.exec(this.text.slice(awaited ? node.endIndex : callEnd, parent.endIndex));
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
    // Only `name = "..."`-like assignments matter (literals some rule asks about, shell commands
    // built from strings): decide from the text before touching the tree.
    const start = node.startIndex;
    const src = this.text.slice(start, start + 300);
    const head = ASSIGN_HEAD.exec(src);
    if (!head) {
      const keyed = SUBSCRIPT_HEAD.exec(src);
      if (keyed && STRING_START.test(src.slice(keyed[0].length)) && this.asksAbout(keyed[4]))
        this.keyedLiteral(node, keyed[4], start + keyed[1].length, node.lastChild);
      return;
    }
    const rhs = this.text.slice(start + head[0].length, start + head[0].length + 4);
    if (!STRING_START.test(rhs)) return;
    // `password = other = "..."`: the tree nests the assignments, right to left; every target gets the value.
    const targets: { name: string; s: number; e: number }[] = [{ name: head[1], s: start, e: start + head[1].length }];
    for (
      let inner = node, outer = node.parent;
      outer?.type === 'assignment' && outer.lastChild?.id === inner.id;
      inner = outer, outer = outer.parent
    ) {
      const left = outer.child(0);
      const name = left && (left.type === 'identifier' || left.type === 'attribute') ? dottedName(this.slice(left)) : null;
      if (name && left) targets.push({ name, s: left.startIndex, e: left.endIndex });
    }
    if (this.hasErrors && node.hasError) return;
    const right = node.lastChild;
    if (!right) return;
    const w = this.where();
    for (const { name: target, s, e } of targets) {
      const leafName = target.slice(target.lastIndexOf('.') + 1);
      let kind: AssignRec['kind'] | null = null;
      if (right.type === 'string' && this.vocabulary.stringTargets.some((accepts) => accepts(leafName))) kind = 'literal';
      else if (this.vocabulary.builtStrings && !target.includes('.') && isBuiltString(right, this.text)) kind = 'built-string';
      if (!kind) continue;
      this.model.assigns.push({
        kind,
        span: this.span(node),
        target,
        targetSpan: { s: s - this.base, e: e - this.base },
        value: this.span(right),
        scope: w.scope,
      });
    }
  }

  /** Whether some rule asks about string literals stored under `name` (asked before the tree is read). */
  private asksAbout(name: string): boolean {
    return this.vocabulary.stringTargets.some((accepts) => accepts(name));
  }

  /**
   * A string literal stored under a name some rule asks about (see asksAbout), other than by
   * assignment to that name: `cfg["token"] = "..."`, `{"password": "..."}`, `connect(password="...")`.
   * `at` is where the name is written (reported there).
   */
  private keyedLiteral(node: Node, name: string, at: number, value: Node | null): void {
    if (!value || value.type !== 'string' || (this.hasErrors && node.hasError)) return;
    this.model.assigns.push({
      kind: 'literal',
      span: this.span(node),
      target: name,
      targetSpan: { s: at - this.base, e: at + name.length - this.base },
      value: this.span(value),
      scope: this.where().scope,
    });
  }

  /** `{"password": "..."}`. */
  private pair(node: Node): void {
    const m = PAIR_HEAD.exec(this.text.slice(node.startIndex, node.startIndex + 200));
    if (m && this.asksAbout(m[3])) this.keyedLiteral(node, m[3], node.startIndex + m[1].length, node.lastChild);
  }

  /** `connect(password="...")`. */
  private keywordArgument(node: Node): void {
    const m = KEYWORD_HEAD.exec(this.text.slice(node.startIndex, node.startIndex + 200));
    if (m && this.asksAbout(m[1])) this.keyedLiteral(node, m[1], node.startIndex, node.lastChild);
  }

  /** `token == "..."` or `"..." != token`: a literal compared with a secret-looking name. */
  private comparison(node: Node): void {
    // Only `==`/`!=` with a string literal on one side counts: told from the text before the tree is read.
    const src = this.slice(node);
    if ((!src.includes('==') && !src.includes('!=')) || (!src.includes('"') && !src.includes("'"))) return;
    const children = node.children;
    if (children.length !== 3) return;
    const [left, op, right] = children;
    if (!left || !op || !right) return;
    const opType = op.type;
    if (opType !== '==' && opType !== '!=') return;
    const leftType = left.type;
    const [named, literal] = leftType === 'string' ? [right, left] : [left, right];
    const namedType = named === left ? leftType : right.type;
    if (namedType !== 'identifier' && namedType !== 'attribute') return;
    const leaf = namedType === 'attribute' ? named.lastChild : named;
    // A plain word (`token == "lambda"` in a parser) is a keyword being matched, not a secret.
    if (!leaf || /^[rRuU]?(["'])[A-Za-z_]*\1$/.test(this.slice(literal))) return;
    const name = this.slice(leaf);
    if (this.asksAbout(name)) this.keyedLiteral(node, name, leaf.startIndex, literal);
  }

  private importStatement(node: Node, type: string): void {
    const w = this.where();
    const end = node.endIndex;
    addImports(this.model.imports, type, this.text.slice(node.startIndex, end), w.moduleLevel, w.scope, this.spanTo(node, end));
  }

  private mainBlock(): MainBlockRec | null {
    return mainBlockOf(this.unit, this.text);
  }
}

/**
 * The import records of an import statement (node type `type`, text `source`) spanning `span`:
 * from the tree's node in the walk, from the text alone for the plain imports of an unparsed
 * statement (see plainImports); both read the same text the same way.
 */
function addImports(out: ImportRec[], type: string, source: string, moduleLevel: boolean, scope: ScopeRec | null, span: Span): void {
  const src = PLAIN_STATEMENT.test(source) ? source : normalizedImport(source);
  const add = (local: string, qualified: string) => out.push({ local, qualified, moduleLevel, scope, span });
  if (type === 'import_statement') {
    for (const part of src.replace(/^import /, '').split(',')) {
      const m = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (!m) continue;
      if (m[2]) add(m[2], m[1]);
      else {
        const dot = m[1].indexOf('.');
        const top = dot === -1 ? m[1] : m[1].slice(0, dot);
        add(top, top);
      }
    }
    return;
  }
  if (type !== 'import_from_statement') return;
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

/**
 * An import written plainly (most are): printable ASCII words separated by single spaces, without
 * a comment, a bracket or a backslash, so that normalizedImport would return it unchanged.
 */
const PLAIN_STATEMENT = /^[!"$-'*-[\]-~]+(?: [!"$-'*-[\]-~]+)*$/;

/** An import statement's text on one line: comments, brackets and line continuations left out. */
function normalizedImport(source: string): string {
  return source
    .replace(/#[^\n]*/g, '')
    .replace(/[\\()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The model of a module-level statement of an unparsed segment read from its text (see
 * UnitReader.statement): a plain import's records, an `if __name__ == "__main__":` block (left
 * unparsed only when its text tells it, see mayBeMainBlock), the imports of a `try` statement
 * (left unparsed with imports only when its syntax is sure and importsOfTry reads them, see
 * prefilter); null when it records nothing.
 */
function unparsedStatementModel(type: string, source: string): UnitModel | null {
  if (type === 'if_statement') {
    const main = mainBlockFromText(source);
    return main ? fixedModel({ main }) : null;
  }
  const imports: ImportRec[] = [];
  if (type === 'try_statement') {
    // Most unparsed tries import nothing.
    const statements = source.includes('import') ? importsOfTry(source) : null;
    for (const t of statements ?? [])
      if (t.type !== ';') addImports(imports, t.type, source.slice(t.s, t.e), true, null, { s: t.s, e: t.e });
  } else addImports(imports, type, source, true, null, { s: 0, e: source.length });
  return imports.length > 0 ? fixedModel({ imports }) : null;
}

/**
 * The model of a unit whose text shows it cannot hold any record (see mayHoldRecords), built without
 * walking its tree; null when the unit needs the walk. Walking every node is most of the analysis
 * time, and most function bodies hold nothing a rule looks at.
 */
export function skimUnit(
  unit: Node,
  text: string,
  context: UnitContext,
  vocabulary: Vocabulary,
  end = unit.endIndex,
  broken = unit.hasError,
): UnitModel | null {
  if (broken) return null;
  const src = text.slice(unit.startIndex, end);
  if (mayHoldRecords(src, vocabulary, isOneFunction(src))) return null;
  if (context !== 'module') return fixedModel({});
  const def = unit.type === 'decorated_definition' ? unit.childForFieldName('definition') : unit;
  if (def?.type === 'function_definition' || def?.type === 'class_definition') {
    const m = /^(?:async\s+)?(?:def|class)\s+([^\s(:]+)/.exec(text.slice(def.startIndex, def.startIndex + 200));
    return definitionModel(m?.[1] ?? '?');
  }
  if (hasNestedDefinition(src)) return null;
  return fixedModel({ main: unit.type === 'if_statement' ? mainBlockOf(unit, text) : null });
}

/**
 * Builds a unit's model. `nodes` are the unit's descendants of the vocabulary's node types, in
 * document order, when the caller already has them (one walk of the whole tree, partitioned by
 * unit); otherwise the unit is walked. `broken`: whether the unit has errors, when known.
 */
export function extractUnit(
  unit: Node,
  text: string,
  context: UnitContext,
  vocabulary: Vocabulary,
  nodes?: (Node | null)[],
  broken = unit.hasError,
): UnitModel {
  return new UnitExtractor(unit, text, context, unit.startIndex, vocabulary, broken).run(
    nodes ?? unit.descendantsOfType(vocabulary.nodeTypes),
  );
}

const readers = new WeakMap<Vocabulary, UnitReader<UnitModel>>();

/** How the segments' units are modelled for a vocabulary: the walk, and what needs none. */
export function unitReader(vocabulary: Vocabulary): UnitReader<UnitModel> {
  let reader = readers.get(vocabulary);
  if (!reader) {
    reader = {
      nodeTypes: vocabulary.nodeTypes,
      read: (unit, text, context, nodes, broken) => extractUnit(unit, text, context, vocabulary, nodes, broken),
      skim: (unit, text, context, end, broken) => skimUnit(unit, text, context, vocabulary, end, broken),
      definition: definitionModel,
      statement: unparsedStatementModel,
      ifHeader: (ifNode, text) => {
        const main = mainBlockOf(ifNode, text);
        return main ? fixedModel({ main }) : null;
      },
      pending: fixedModel({}),
    };
    readers.set(vocabulary, reader);
  }
  return reader;
}
