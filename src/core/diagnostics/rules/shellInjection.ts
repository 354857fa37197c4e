// OPS103: a shell command assembled from variables (shell=True, asyncio.create_subprocess_shell).
import type { ArgRec } from '../model';
import { defineRule } from '../rule';
import { argValue, keyword, positional } from './shared';

const FUNCTIONS = new Set(['run', 'call', 'check_call', 'check_output', 'Popen']);
/** asyncio's shell: the command always runs through /bin/sh (or cmd.exe). */
const ASYNC_SHELLS = ['asyncio.create_subprocess_shell', 'asyncio.subprocess.create_subprocess_shell'];

export const shellInjection = defineRule({
  meta: {
    code: 'OPS103',
    name: 'subprocess-shell-injection',
    category: 'security',
    summary:
      'shell=True (or asyncio.create_subprocess_shell) with a command built from variables lets a value run shell code: pass an argument list without a shell.',
    defaultSeverity: 'error',
    equivalents: ['ruff:S602', 'bandit:B602', 'ruff:S604', 'bandit:B604'],
    fixable: 'none',
  },
  message:
    'shell=True with a command built from variables allows shell injection: pass a list of arguments without shell=True (or shlex.quote each value)',
  needs: { calls: [...[...FUNCTIONS].map((f) => `subprocess.${f}`), ...ASYNC_SHELLS], builtCommands: true },
  call(c, cx) {
    if (!c.args) return;
    let command: ArgRec | undefined;
    if (c.tail === 'create_subprocess_shell') {
      // Always a shell: its command is the first argument (`cmd`).
      if (!cx.facts.calleeIs(c, ...ASYNC_SHELLS)) return;
      command = positional(c)[0] ?? keyword(c, 'cmd');
    } else {
      if (!FUNCTIONS.has(c.tail) || !cx.facts.calleeIs(c, `subprocess.${c.tail}`)) return;
      const shell = keyword(c, 'shell');
      if (!shell || !['True', '1'].includes(argValue(cx, shell))) return;
      command = positional(c)[0] ?? keyword(c, 'args');
    }
    if (!command) return;
    let built = command.built;
    if (!built && command.valueType === 'identifier') {
      built = cx.facts.isBuiltStringVariable(argValue(cx, command), c.scope, cx.toDocument(c.span.s));
    }
    if (!built) return;
    cx.report(
      c.calleeSpan,
      c.tail === 'create_subprocess_shell'
        ? {
            message:
              'asyncio.create_subprocess_shell() with a command built from variables allows shell injection: use asyncio.create_subprocess_exec() with one argument per value (or shlex.quote each value)',
          }
        : {},
    );
  },
});
