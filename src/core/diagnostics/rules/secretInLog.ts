// OPS206: a secret written to a log, to standard output or standard error by print().
import type { Node } from 'web-tree-sitter';
import type { Span } from '../model';
import { LOG_METHODS } from '../pythonNames';
import { defineRule } from '../rule';
import { isSecretName } from './hardcodedSecret/secrets';

/** The secret-looking value found in a call's arguments. */
interface SecretArg {
  span: Span;
  /** What it is: `password`, or `os.environ["API_TOKEN"]`. */
  what: string;
}

/** Reading an environment variable: `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")`. */
const ENV_CALL = /(?:^|\.)(?:getenv|environ\s*\.\s*get)$/;
const ENV_MAP = /(?:^|\.)environ$/;
/** Calls that show a value as it is, so a secret passed through them is still revealed. */
const REVEALING = /^(?:str|repr|format|f)$/;

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
        if (fn?.type !== 'identifier' || !REVEALING.test(fn.text)) return false;
        break;
      }
      case 'comparison_operator':
      case 'boolean_operator':
      case 'not_operator':
      case 'conditional_expression':
      case 'subscript':
      case 'keyword_argument':
        return false;
    }
    if (n.id === root.id) break;
  }
  return true;
}

/** The first secret-looking value shown by an argument. */
function secretIn(arg: Node, text: string, span: (n: Node) => Span): SecretArg | null {
  const candidates = [arg, ...arg.descendantsOfType(['identifier', 'attribute', 'call', 'subscript'])];
  for (const n of candidates) {
    if (!n) continue;
    if (n.type === 'identifier') {
      // The object of an attribute (`token.expiry`) or an attribute's name is judged with the attribute.
      if (n.parent?.type === 'attribute' || n.parent?.type === 'keyword_argument') continue;
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
      'A password/token/API key (by its name, or read from such an environment variable) written to a log call or print() ends up in job logs: log that it is set, not its value.',
    defaultSeverity: 'warning',
    equivalents: [],
    fixable: 'none',
  },
  message: 'A secret is written to the log: log that it is set (or a masked form), not its value',
  needs: { methods: [...LOG_METHODS], calls: ['builtins.print'] },
  callDetail(site) {
    for (const arg of site.positional) {
      const found = secretIn(arg, site.text, site.span);
      if (found) return found;
    }
    const msg = site.keyword('msg');
    return msg ? secretIn(msg, site.text, site.span) : null;
  },
  call(c, cx, secret) {
    if (!secret) return;
    let where: string;
    if (c.tail === 'print' && cx.facts.calleeIs(c, 'builtins.print')) where = "print() writes it to the job's output";
    else if (LOG_METHODS.has(c.tail) && cx.facts.isLoggingCall(c)) where = 'it ends up in every log this record reaches';
    else return;
    const what = secret.what.startsWith('$') ? `the environment variable ${secret.what.slice(1)}` : `\`${secret.what}\``;
    cx.report(secret.span, { message: `${what} looks like a secret and ${where}: log that it is set (or a masked form), not its value` });
  },
});
