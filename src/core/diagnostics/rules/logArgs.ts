// Logging's lazy `"fmt %s", arg` arguments, written for what code formats eagerly: messages built
// with an f-string, %, .format or + (OPS204), and what print() prints (OPS202). Only where the
// rendered message stays exactly the same.
import type { Node } from 'web-tree-sitter';
import { bodyFitsQuote, escapePercent, parseStringLiteral, type StringLiteral } from '../../python/strings';
import type { Span } from '../model';

/** Replacement text for a log call's eagerly formatted message argument. */
export interface EagerMessage {
  kind: 'fstring' | 'percent' | 'format' | 'concat';
  /** The message argument. */
  span: Span;
  /** Lazy replacement for `span` (e.g. `"copied %s files", n`), or null when none is offered. */
  lazy: string | null;
  /** The replacement renders the same message for every value (else it assumes a `%` operand is not a tuple). */
  exact: boolean;
  /** For a `+` chain: what the rewrite assumes, which the rule checks against the whole module. */
  concat?: ConcatAssumptions;
}

/** A `+` chain's rewrite is exact only when its operands are strings and `str` is the builtin. */
export interface ConcatAssumptions {
  /** `lazy` with `str(x)` operands passed as plain `x` (`%s` calls str() itself). */
  lazyWithoutStr: string;
  /** Every operand is a string literal or a `str(...)` call (else `"a" + x` may raise TypeError). */
  operandsAreStrings: boolean;
}

/** Expression node types that can be passed as an argument without parentheses being added. */
const NEEDS_PARENS = new Set(['expression_list', 'yield', 'list_splat', 'dictionary_splat']);

/** Node types whose evaluation has no side effects, so reordering them is harmless. */
const SIMPLE_VALUES = new Set(['identifier', 'attribute', 'integer', 'float', 'string', 'true', 'false', 'none']);

function textOf(node: Node, text: string): string {
  return text.slice(node.startIndex, node.endIndex);
}

function named(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null && c.isNamed && c.type !== 'comment');
}

function argText(node: Node, text: string): string {
  const t = textOf(node, text);
  return NEEDS_PARENS.has(node.type) ? `(${t})` : t;
}

function literalOf(node: Node, text: string): StringLiteral | null {
  if (node.type !== 'string') return null;
  return parseStringLiteral(textOf(node, text));
}

function render(lit: StringLiteral, prefix: string, fmt: string, args: string[]): string {
  const head = `${prefix}${lit.quote}${fmt}${lit.quote}`;
  return args.length === 0 ? head : `${head}, ${args.join(', ')}`;
}

/**
 * The printf-style directive equal to `format(value, spec)` after conversion `conv` (r, s, a or ""),
 * or null when no directive renders every value the same way.
 */
export function printfDirective(conv: string, spec: string): string | null {
  if (spec === '') return `%${conv || 's'}`;
  if (conv) {
    // After !r/!s/!a the value is a str, which aligns left by default.
    const m = /^([<>]?)(\d+)$/.exec(spec);
    if (!m) return null;
    return m[1] === '>' ? `%${m[2]}${conv}` : `%-${m[2]}${conv}`;
  }
  const aligned = /^([<>])(\d+)$/.exec(spec);
  if (aligned) return aligned[1] === '>' ? `%${aligned[2]}s` : `%-${aligned[2]}s`;
  const num = /^([+ ]?)(#?)(0?)(\d*)(\.\d+)?([dfFeEgGxXo])$/.exec(spec);
  if (!num) return null;
  const [, sign, alt, zero, width, precision, type] = num;
  if (precision && 'dxXo'.includes(type)) return null;
  return `%${sign}${alt}${zero}${width}${precision ?? ''}${type}`;
}

/** Literal text of an f-string part with `{{`/`}}` undoubled. */
function fstringLiteralPart(src: string): string {
  return src.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
}

function hasInterpolation(node: Node): boolean {
  return node.children.some((c) => c?.type === 'interpolation');
}

function convertFString(node: Node, lit: StringLiteral, text: string): string | null {
  if (lit.body.includes('\\N{')) return null;
  let fmt = '';
  const args: string[] = [];
  for (const child of node.children) {
    if (!child || child.type === 'string_start' || child.type === 'string_end') continue;
    if (child.type !== 'interpolation') {
      fmt += escapePercent(fstringLiteralPart(textOf(child, text)));
      continue;
    }
    let expr: Node | null = null;
    let conv = '';
    let spec = '';
    for (const c of child.children) {
      if (!c) continue;
      if (c.type === '=') return null;
      if (c.type === 'type_conversion') conv = textOf(c, text).replace(/^!/, '');
      else if (c.type === 'format_specifier') spec = textOf(c, text).replace(/^:/, '');
      else if (c.isNamed && c.type !== 'comment' && !expr) expr = c;
    }
    if (!expr || spec.includes('{') || !/^[rsa]?$/.test(conv)) return null;
    const directive = printfDirective(conv, spec);
    if (!directive) return null;
    fmt += directive;
    args.push(argText(expr, text));
  }
  return render(lit, lit.prefix.replace('f', ''), fmt, args);
}

interface FormatField {
  literal?: string;
  name?: string;
  conv?: string;
  spec?: string;
}

/** Splits a str.format template into literal parts and fields; null for forms we do not rewrite. */
function parseFormatTemplate(body: string): FormatField[] | null {
  if (body.includes('\\N{')) return null;
  const out: FormatField[] = [];
  let lit = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '{') {
      if (body[i + 1] === '{') {
        lit += '{';
        i++;
        continue;
      }
      const close = body.indexOf('}', i);
      const inner = close === -1 ? '' : body.slice(i + 1, close);
      if (close === -1 || inner.includes('{')) return null;
      const m = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(inner);
      if (!m || !/^(\d*|[A-Za-z_]\w*)$/.test(m[1])) return null;
      if (lit) out.push({ literal: lit });
      lit = '';
      out.push({ name: m[1], conv: m[2] ?? '', spec: m[3] ?? '' });
      i = close;
    } else if (c === '}') {
      if (body[i + 1] !== '}') return null;
      lit += '}';
      i++;
    } else lit += c;
  }
  if (lit) out.push({ literal: lit });
  return out;
}

/** `NAME.format(...)` or `obj.NAME.format(...)`: a template from a variable or constant. */
function isFormatCall(call: Node, text: string): boolean {
  const fn = call.child(0);
  if (!fn || fn.type !== 'attribute') return false;
  const receiver = fn.child(0);
  const attr = fn.lastChild;
  const args = call.lastChild;
  const hasArgs = args?.type === 'argument_list' && named(args).length > 0;
  return (
    hasArgs &&
    receiver !== null &&
    attr !== null &&
    textOf(attr, text) === 'format' &&
    (receiver.type === 'identifier' || receiver.type === 'attribute')
  );
}

function convertFormat(call: Node, text: string): { eager: boolean; lazy: string | null } {
  const [fn, argList] = call.children;
  if (!fn || fn.type !== 'attribute' || !argList || argList.type !== 'argument_list') return { eager: false, lazy: null };
  const receiver = fn.child(0);
  const attr = fn.lastChild;
  if (!receiver || !attr || textOf(attr, text) !== 'format' || receiver.type !== 'string') return { eager: false, lazy: null };
  const lit = literalOf(receiver, text);
  if (!lit || lit.prefix.includes('f') || lit.prefix.includes('b')) return { eager: false, lazy: null };
  const template = parseFormatTemplate(lit.body);
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  const order: Node[] = [];
  for (const a of named(argList)) {
    if (a.type === 'keyword_argument') {
      const name = a.child(0);
      const value = a.lastChild;
      if (!name || !value) return { eager: true, lazy: null };
      keywords.set(textOf(name, text), value);
      order.push(value);
    } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') return { eager: true, lazy: null };
    else {
      positional.push(a);
      order.push(a);
    }
  }
  if (!template) return { eager: true, lazy: null };
  let auto = 0;
  let fmt = '';
  const used: Node[] = [];
  for (const f of template) {
    if (f.literal !== undefined) {
      fmt += escapePercent(f.literal);
      continue;
    }
    const name = f.name ?? '';
    const value = name === '' ? positional[auto++] : /^\d+$/.test(name) ? positional[Number(name)] : keywords.get(name);
    if (!value) return { eager: true, lazy: null };
    const directive = printfDirective(f.conv ?? '', f.spec ?? '');
    if (!directive) return { eager: true, lazy: null };
    fmt += directive;
    used.push(value);
  }
  // Every argument evaluated exactly once, in the original order unless none has side effects.
  if (used.length !== order.length || new Set(used.map((n) => n.id)).size !== used.length) return { eager: true, lazy: null };
  const sameOrder = used.every((n, i) => n.id === order[i].id);
  if (!sameOrder && !used.every((n) => SIMPLE_VALUES.has(n.type))) return { eager: true, lazy: null };
  return {
    eager: true,
    lazy: render(
      lit,
      lit.prefix,
      fmt,
      used.map((n) => argText(n, text)),
    ),
  };
}

/** `"fmt" % values` as lazy arguments; `exact` is false when `values` is a name or call that could hold a tuple. */
function convertPercent(left: Node, right: Node, text: string): { lazy: string; exact: boolean } | null {
  const lit = literalOf(left, text);
  if (!lit || lit.prefix.includes('b') || lit.prefix.includes('f')) return null;
  let args: string[];
  let exact = true;
  if (right.type === 'tuple') {
    const items = named(right);
    if (items.some((n) => n.type === 'list_splat' || n.type === 'parenthesized_list_splat')) return null;
    args = items.map((n) => argText(n, text));
  } else if (right.type === 'dictionary') {
    args = [textOf(right, text)];
  } else if (['string', 'integer', 'float', 'concatenated_string'].includes(right.type)) {
    args = [textOf(right, text)];
  } else if (['identifier', 'attribute', 'call', 'subscript'].includes(right.type)) {
    args = [textOf(right, text)];
    exact = false;
  } else return null;
  return { lazy: `${textOf(left, text)}, ${args.join(', ')}`, exact };
}

/** Flattens a left-associative `+` chain. */
function plusOperands(node: Node): Node[] {
  const out: Node[] = [];
  let cur: Node = node;
  for (;;) {
    const [l, op, r] = cur.children;
    if (!l || !op || !r) return [];
    out.unshift(r);
    if (l.type === 'binary_operator' && l.child(1)?.type === '+') cur = l;
    else {
      out.unshift(l);
      return out;
    }
  }
}

interface ConcatRewrite {
  eager: boolean;
  lazy: string | null;
  concat?: ConcatAssumptions;
}

/** The single argument of a `str(x)` call, or null when `n` is not one. */
function strCallArgument(n: Node, text: string): Node | null {
  if (n.type !== 'call') return null;
  const [fn, argList] = n.children;
  const inner = argList && argList.type === 'argument_list' ? named(argList) : [];
  if (!fn || textOf(fn, text) !== 'str' || inner.length !== 1) return null;
  return inner[0].type === 'keyword_argument' || inner[0].type.endsWith('splat') ? null : inner[0];
}

function convertConcat(node: Node, text: string): ConcatRewrite {
  const operands = plusOperands(node);
  const lits = operands.map((n) => literalOf(n, text));
  const firstLiteral = lits.findIndex((l) => l !== null);
  const hasExpr = lits.some((l) => l === null);
  if (firstLiteral === -1 || !hasExpr) return { eager: false, lazy: null };
  // Before the first string, `a + b` would be arithmetic: only rewrite when strings start the chain.
  if (firstLiteral > 1) return { eager: true, lazy: null };
  const base = lits[firstLiteral]!;
  let fmt = '';
  const args: string[] = [];
  const argsWithoutStr: string[] = [];
  let operandsAreStrings = true;
  for (let i = 0; i < operands.length; i++) {
    const lit = lits[i];
    const n = operands[i];
    if (lit) {
      if (lit.prefix !== '' && lit.prefix !== 'u') return { eager: true, lazy: null };
      if (lit.quote.length !== 1 || !bodyFitsQuote(lit.body, lit.quote, base.quote)) return { eager: true, lazy: null };
      fmt += escapePercent(lit.body);
    } else if (n.type === 'string') {
      return { eager: true, lazy: null };
    } else {
      fmt += '%s';
      args.push(argText(n, text));
      const inner = strCallArgument(n, text);
      if (!inner) operandsAreStrings = false;
      argsWithoutStr.push(argText(inner ?? n, text));
    }
  }
  const lazy = render(base, base.prefix, fmt, args);
  return { eager: true, lazy, concat: { lazyWithoutStr: render(base, base.prefix, fmt, argsWithoutStr), operandsAreStrings } };
}

/**
 * Looks at a log call's message argument (at `span` in record coordinates): null when it is not
 * eagerly formatted. `moreArgs` tells whether positional arguments follow the message (then no
 * rewrite is offered).
 */
export function analyzeMessage(node: Node, text: string, span: Span, moreArgs: boolean): EagerMessage | null {
  switch (node.type) {
    case 'string': {
      const lit = literalOf(node, text);
      if (!lit || !lit.prefix.includes('f') || !hasInterpolation(node)) return null;
      return { kind: 'fstring', span, lazy: moreArgs ? null : convertFString(node, lit, text), exact: true };
    }
    case 'concatenated_string': {
      const eager = node.children.some((c) => c?.type === 'string' && hasInterpolation(c));
      return eager ? { kind: 'fstring', span, lazy: null, exact: true } : null;
    }
    case 'binary_operator': {
      const [left, op, right] = node.children;
      if (!left || !op || !right) return null;
      if (op.type === '%') {
        if (left.type !== 'string' && left.type !== 'concatenated_string') return null;
        const r = moreArgs ? null : convertPercent(left, right, text);
        return { kind: 'percent', span, lazy: r?.lazy ?? null, exact: r?.exact ?? true };
      }
      if (op.type === '+') {
        const r = convertConcat(node, text);
        if (!r.eager) return null;
        if (moreArgs || r.lazy === null || !r.concat) return { kind: 'concat', span, lazy: null, exact: true };
        return { kind: 'concat', span, lazy: r.lazy, exact: r.concat.operandsAreStrings, concat: r.concat };
      }
      return null;
    }
    case 'call': {
      const r = convertFormat(node, text);
      if (r.eager) return { kind: 'format', span, lazy: moreArgs ? null : r.lazy, exact: true };
      // A template held in a name (`FMT.format(x)`) is formatted just as eagerly; no rewrite is offered.
      return isFormatCall(node, text) ? { kind: 'format', span, lazy: null, exact: true } : null;
    }
    default:
      return null;
  }
}

/**
 * The argument text for a logger call that renders what `print(*args, sep=sep)` printed,
 * or null when it cannot be kept exactly.
 */
export function printAsLogArgs(args: readonly Node[], sep: Node | null, text: string): string | null {
  if (args.length === 0) return null;
  let sepBody = ' ';
  if (sep) {
    const lit = literalOf(sep, text);
    if (!lit || lit.prefix !== '' || lit.quote.length !== 1 || !bodyFitsQuote(lit.body, lit.quote, '"')) return null;
    sepBody = lit.body;
  }
  if (args.length === 1) {
    const only = args[0];
    const lit = literalOf(only, text);
    if (lit && !lit.prefix.includes('b')) {
      if (!lit.prefix.includes('f')) return textOf(only, text);
      if (hasInterpolation(only)) return convertFString(only, lit, text) ?? `"%s", ${textOf(only, text)}`;
      return textOf(only, text);
    }
  }
  type Piece = { literal: string } | { value: string };
  const pieces: Piece[] = [];
  args.forEach((a, i) => {
    if (i > 0) pieces.push({ literal: sepBody });
    const lit = literalOf(a, text);
    const inline = lit && (lit.prefix === '' || lit.prefix === 'u') && lit.quote.length === 1 && bodyFitsQuote(lit.body, lit.quote, '"');
    pieces.push(inline ? { literal: lit.body } : { value: argText(a, text) });
  });
  const values = pieces.flatMap((p) => ('value' in p ? [p.value] : []));
  // With no arguments logging does no %-formatting, so `%` is only doubled when there are values.
  const out = pieces.map((p) => ('value' in p ? '%s' : values.length > 0 ? escapePercent(p.literal) : p.literal)).join('');
  return values.length > 0 ? `"${out}", ${values.join(', ')}` : `"${out}"`;
}
