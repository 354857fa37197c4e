// OPS103: shell=True with a command assembled from variables.
import { defineRule } from '../rule';
import { argValue, keyword, positional } from './shared';

const FUNCTIONS = new Set(['run', 'call', 'check_call', 'check_output', 'Popen']);

export const shellInjection = defineRule({
  meta: {
    code: 'OPS103',
    name: 'subprocess-shell-injection',
    category: 'security',
    summary: 'shell=True with a command built from variables lets a value run shell code: pass an argument list without shell=True.',
    defaultSeverity: 'error',
    equivalents: ['ruff:S602', 'bandit:B602', 'ruff:S604', 'bandit:B604'],
    fixable: 'none',
  },
  message:
    'shell=True with a command built from variables allows shell injection: pass a list of arguments without shell=True (or shlex.quote each value)',
  needs: { calls: [...FUNCTIONS].map((f) => `subprocess.${f}`), builtCommands: true },
  call(c, cx) {
    if (!FUNCTIONS.has(c.tail) || !c.args) return;
    if (!cx.facts.calleeIs(c, `subprocess.${c.tail}`)) return;
    const shell = keyword(c, 'shell');
    if (!shell || !['True', '1'].includes(argValue(cx, shell))) return;
    const command = positional(c)[0] ?? keyword(c, 'args');
    if (!command) return;
    let built = command.built;
    if (!built && command.valueType === 'identifier') {
      built = cx.facts.isBuiltStringVariable(argValue(cx, command), c.scope, cx.toDocument(c.span.s));
    }
    if (built) cx.report(c.calleeSpan);
  },
});
