// OPS104: os.system / os.popen / subprocess.getoutput / getstatusoutput.
import { parseStringLiteral } from '../../python/strings';
import { ensureImport, replace } from '../fixEdits';
import type { CallRec } from '../model';
import { defineRule, type DraftFix, type RuleContext } from '../rule';
import { argValue, positional } from './shared';
import { TIMEOUT_PLACEHOLDER } from './subprocessNoTimeout';

const FUNCTIONS: Record<string, string> = {
  system: 'os.system',
  popen: 'os.popen',
  getoutput: 'subprocess.getoutput',
  getstatusoutput: 'subprocess.getstatusoutput',
};

/** Words that mean the same to a shell and to an argument list: no quoting, globbing, variables, operators. */
const PLAIN_WORD = /^[A-Za-z0-9_\-./=:,@+%]+$/;

/** `os.system("cmd arg")` as a statement becomes `subprocess.run(["cmd", "arg"], check=True)`. */
function systemFix(c: CallRec, cx: RuleContext): DraftFix | undefined {
  if (c.use !== 'stmt' || !c.args || c.args.length !== 1) return undefined;
  const [arg] = positional(c);
  if (!arg || arg.valueType !== 'string') return undefined;
  const lit = parseStringLiteral(cx.slice(arg.value));
  if (!lit || lit.prefix !== '' || lit.body.includes('\\')) return undefined;
  const words = lit.body.trim().split(/[ \t]+/);
  if (words.length === 0 || words[0] === '' || !words.every((w) => PLAIN_WORD.test(w))) return undefined;
  const sub = ensureImport('subprocess', cx);
  if (!sub) return undefined;
  const list = words.map((w) => `"${w}"`).join(', ');
  // With a timeout too, or the replacement would be an OPS102 finding of its own.
  const edits = [replace(c.span, `${sub.name}.run([${list}], check=True, timeout=${TIMEOUT_PLACEHOLDER})`)];
  if (sub.edit) edits.push(sub.edit);
  return {
    title: 'Replace with subprocess.run([...], check=True, timeout=...)',
    safe: false,
    edits,
    // The guessed seconds are selected after the fix, unless an import added above moves them.
    ...(sub.edit ? {} : { placeholder: TIMEOUT_PLACEHOLDER }),
  };
}

export const osShellCall = defineRule({
  meta: {
    code: 'OPS104',
    name: 'os-shell-call',
    category: 'subprocess',
    summary: 'os.system/os.popen/subprocess.getoutput run a shell and make failures easy to miss: use subprocess.run([...], check=True).',
    defaultSeverity: 'warning',
    equivalents: ['ruff:S605', 'bandit:B605'],
    fixable: 'unsafe',
  },
  message: 'Runs a shell and its failure is easy to miss: use subprocess.run([...], check=True)',
  needs: { calls: Object.values(FUNCTIONS), resultUse: true, builtCommands: true },
  call(c, cx) {
    const qualified = FUNCTIONS[c.tail];
    if (!qualified || !cx.facts.calleeIs(c, qualified)) return;
    // Built when asked for: it reads the whole module (where an import goes).
    const fix = c.tail === 'system' ? (cx: RuleContext) => systemFix(c, cx) : undefined;
    const command = positional(c)[0];
    const built =
      command !== undefined &&
      (command.built ||
        (command.valueType === 'identifier' && cx.facts.isBuiltStringVariable(argValue(cx, command), c.scope, cx.toDocument(c.span.s))));
    cx.report(c.calleeSpan, {
      fix,
      message: built
        ? `${qualified}() runs a shell command built from variables, open to shell injection, and its failure is easy to miss: use subprocess.run([...], check=True)`
        : `${qualified}() runs a shell and its failure is easy to miss: use subprocess.run([...], check=True)`,
    });
  },
});
