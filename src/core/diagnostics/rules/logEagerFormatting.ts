// OPS204: eager formatting in a log call.
import { replace } from '../fixEdits';
import { LOG_METHODS } from '../pythonNames';
import { defineRule } from '../rule';
import { analyzeMessage, type EagerMessage } from './logArgs';

const HOW: Record<string, string> = {
  fstring: 'an f-string',
  percent: '% formatting',
  format: 'str.format()',
  concat: 'string concatenation',
};

export const logEagerFormatting = defineRule<EagerMessage>({
  meta: {
    code: 'OPS204',
    name: 'log-eager-formatting',
    category: 'logging',
    summary: 'A log message built eagerly (f-string, %, .format, +) is formatted even when the level is off: pass lazy %s arguments.',
    defaultSeverity: 'information',
    equivalents: ['ruff:G001', 'ruff:G002', 'ruff:G003', 'ruff:G004', 'pylint:W1201', 'pylint:W1202', 'pylint:W1203'],
    fixable: 'safe',
  },
  message: 'Log message is formatted eagerly: pass lazy %s arguments',
  needs: { methods: [...LOG_METHODS] },
  /** How the message argument is built, and its lazy rewrite (read from the tree). */
  callDetail(site) {
    const messageIndex = site.record.tail === 'log' ? 1 : 0;
    const message = site.positional[messageIndex];
    if (message) return analyzeMessage(message, site.text, site.span(message), site.positional.length > messageIndex + 1);
    // `msg=` is reported too; a lazy rewrite would need positional arguments, so it gets no fix.
    const keyword = site.keyword('msg');
    const eager = keyword ? analyzeMessage(keyword, site.text, site.span(keyword), true) : null;
    return eager && { ...eager, lazy: null };
  },
  call(c, cx, eager) {
    if (!eager || !cx.facts.loggerKind(c)) return;
    cx.report(eager.span, {
      fix:
        eager.lazy !== null
          ? {
              title: eager.exact ? 'Pass lazy %s arguments' : 'Pass lazy %s arguments (assumes the % operand is not a tuple)',
              safe: eager.exact,
              edits: [replace(eager.span, eager.lazy)],
            }
          : undefined,
      message: `Log message is built with ${HOW[eager.kind]}, which runs even when the level is disabled: pass lazy %s arguments`,
    });
  },
});
