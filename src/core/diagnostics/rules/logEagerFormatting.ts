// OPS204: eager formatting in a log call.
import type { RuleImpl } from '../rule';

const HOW: Record<string, string> = {
  fstring: 'an f-string',
  percent: '% formatting',
  format: 'str.format()',
  concat: 'string concatenation',
};

export const logEagerFormatting: RuleImpl = {
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
  call(c, cx) {
    const eager = c.eager;
    if (!eager || !cx.facts.loggerKind(c)) return;
    cx.report(
      cx.abs(eager.span.s),
      cx.abs(eager.span.e),
      eager.lazy !== null
        ? {
            title: eager.exact ? 'Pass lazy %s arguments' : 'Pass lazy %s arguments (assumes the % operand is not a tuple)',
            safe: eager.exact,
            edits: [{ s: cx.abs(eager.span.s), e: cx.abs(eager.span.e), text: eager.lazy }],
          }
        : undefined,
      `Log message is built with ${HOW[eager.kind]}, which runs even when the level is disabled: pass lazy %s arguments`,
    );
  },
};
