// OPS206: a secret written to a log, to standard output or standard error by print(), or into
// the message of an exception (which tracebacks, logs and CI output show).
import type { Node } from 'web-tree-sitter';
import type { Span } from '../model';
import { LOG_METHODS } from '../pythonNames';
import { defineRule } from '../rule';
import { isSecretName, mayHoldSecretName } from './hardcodedSecret/secrets';

/** The secret-looking value found in a call's arguments. */
interface SecretArg {
  span: Span;
  /** What it is: `password`, or `os.environ["API_TOKEN"]`. */
  what: string;
  /** The call is the exception of a raise statement (`raise RuntimeError(f"... {token}")`). */
  raised: boolean;
}

/** Names of exception classes, the built-in ones and most of those scripts define (`DeployFailed`). */
const EXCEPTION_NAME = /(?:Error|Exception|Failure|Failed|Exit)$/;

/** Reading an environment variable: `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")`. */
const ENV_CALL = /(?:^|\.)(?:getenv|environ\s*\.\s*get)$/;
const ENV_MAP = /(?:^|\.)environ$/;
/** Calls that show a value as it is, so a secret passed through them is still revealed. */
const REVEALING = /^(?:str|repr|format|f)$/;

/**
 * Whether a statement's text may hold a call this rule reports (see secretIn): one that shows a
 * secret-looking name, or reads an environment variable with such a name (its key is in the text
 * too). Loose; it keeps the many exceptions raised with harmless messages from being parsed.
 */
function mayShowSecret(text: string): boolean {
  return mayHoldSecretName(text);
}

/** The content of a plain string literal node, or null. */
function literal(node: Node | null, text: string): string | null {
  if (!node || node.type !== 'string') return null;
  const m = /^[rRuU]?(["'])([^"'\\]*)\1$/.exec(text.slice(node.startIndex, node.endIndex));
  return m ? m[2] : null;
}

/**
 * Whether the value at `node` reaches the message as it is: not through a call that transforms it
 * (`len(token)`, `mask(token)`), a comparison, a slice (`token[:4]`), or a conditional.
 */
function shownAsIs(node: Node, root: Node): boolean {
  for (let n = node.parent; n && n.id !== root.parent?.id; n = n.parent) {
    switch (n.type) {
      case 'call': {
        const fn = n.childForFieldName('function');
        // `"... {}".format(token)` shows its arguments as `str()` does.
        if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format') break;
        if (fn?.type !== 'identifier' || !REVEALING.test(fn.text)) return false;
        break;
      }
      case 'comparison_operator':
      case 'boolean_operator':
      case 'not_operator':
      case 'conditional_expression':
      case 'subscript':
        return false;
      case 'keyword_argument':
        // `"{key}".format(key=api_key)` shows the value; other keywords (`sep=`, `extra=`) do not reach the message.
        if (!isFormatArgument(n)) return false;
    }
    if (n.id === root.id) break;
  }
  return true;
}

/** Whether a keyword argument is one of a `.format(...)` call's. */
function isFormatArgument(kw: Node): boolean {
  const fn = kw.parent?.type === 'argument_list' ? kw.parent.parent?.childForFieldName('function') : null;
  return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format';
}

/** Whether `call` is the exception of a raise statement (`raise RuntimeError(...)`). */
function raisedBy(call: Node): boolean {
  const parent = call.parent;
  return parent?.type === 'raise_statement' && parent.namedChildren[0]?.id === call.id;
}

/** The first secret-looking value shown by an argument. */
function secretIn(arg: Node, text: string, span: (n: Node) => Span): Omit<SecretArg, 'raised'> | null {
  // Every name or key judged below is written in the argument's text: one without a secret-looking
  // word shows none, and its nodes are not read (each read is a call into wasm).
  if (!mayHoldSecretName(text.slice(arg.startIndex, arg.endIndex))) return null;
  const candidates = [arg, ...arg.descendantsOfType(['identifier', 'attribute', 'call', 'subscript'])];
  for (const n of candidates) {
    if (!n) continue;
    if (n.type === 'identifier') {
      // The object of an attribute (`token.expiry`) or an attribute's name is judged with the attribute.
      const parent = n.parent;
      if (parent?.type === 'attribute' || (parent?.type === 'keyword_argument' && parent.childForFieldName('value')?.id !== n.id)) continue;
      if (isSecretName(n.text) && shownAsIs(n, arg)) return { span: span(n), what: n.text };
    } else if (n.type === 'attribute') {
      const name = n.childForFieldName('attribute');
      if (n.parent?.type === 'attribute' || n.parent?.type === 'call') continue;
      if (name && isSecretName(name.text) && shownAsIs(n, arg)) return { span: span(n), what: n.text.replace(/\s+/g, '') };
    } else if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      const args = n.childForFieldName('arguments');
      const key = literal(args?.namedChildren[0] ?? null, text);
      if (fn && ENV_CALL.test(fn.text.replace(/\s+/g, '')) && key !== null && isSecretName(key) && shownAsIs(n, arg))
        return { span: span(n), what: `$${key}` };
    } else if (n.type === 'subscript') {
      const value = n.childForFieldName('value');
      const key = literal(n.childForFieldName('subscript'), text);
      if (value && ENV_MAP.test(value.text.replace(/\s+/g, '')) && key !== null && isSecretName(key) && shownAsIs(n, arg))
        return { span: span(n), what: `$${key}` };
    }
  }
  return null;
}

export const secretInLog = defineRule<SecretArg>({
  meta: {
    code: 'OPS206',
    name: 'secret-in-log',
    category: 'logging',
    summary:
      'A password/token/API key (by its name, or read from such an environment variable) written to a log call, print() or an exception message ends up in job logs: log that it is set, not its value.',
    defaultSeverity: 'warning',
    equivalents: [],
    fixable: 'none',
  },
  message: 'A secret is written to the log: log that it is set (or a masked form), not its value',
  needs: {
    methods: [...LOG_METHODS],
    // A log call is reported only when the facts know it logs (isLoggingCall).
    methodsOf: ['logging'],
    calls: ['builtins.print', 'sys.exit'],
    callPattern: EXCEPTION_NAME,
    callsMatterIn: mayShowSecret,
  },
  callDetail(site) {
    // Whether the call is raised is read from the tree only once a secret is found (most calls show none).
    const exception = EXCEPTION_NAME.test(site.record.tail) && !LOG_METHODS.has(site.record.tail);
    for (const arg of site.positional) {
      const found = secretIn(arg, site.text, site.span);
      if (!found) continue;
      const raised = raisedBy(site.node);
      // An exception class made anywhere but in a raise statement: its message may never be shown.
      return exception && !raised ? null : { ...found, raised };
    }
    // An exception's `msg=` is not its message; a raised call's neither.
    const msg = exception ? null : site.keyword('msg');
    const found = msg && !raisedBy(site.node) ? secretIn(msg, site.text, site.span) : null;
    return found ? { ...found, raised: false } : null;
  },
  call(c, cx, secret) {
    if (!secret) return;
    let where: string;
    let advice = 'log that it is set (or a masked form), not its value';
    if (secret.raised) {
      where = 'the exception carries it into tracebacks, logs and CI output';
      advice = 'leave the value out of the message';
    } else if (c.tail === 'print' && cx.facts.calleeIs(c, 'builtins.print')) where = "print() writes it to the job's output";
    else if (c.tail === 'exit' && cx.facts.calleeIs(c, 'sys.exit')) {
      where = 'sys.exit() prints it to standard error, into the job log';
      advice = 'leave the value out of the message';
    } else if (LOG_METHODS.has(c.tail) && cx.facts.isLoggingCall(c)) where = 'it ends up in every log this record reaches';
    else return;
    const what = secret.what.startsWith('$') ? `the environment variable ${secret.what.slice(1)}` : `\`${secret.what}\``;
    cx.report(secret.span, { message: `${what} looks like a secret and ${where}: ${advice}` });
  },
});
