// OPS301: open() in text mode without encoding.
import { parseStringLiteral } from '../../python/strings';
import { addKeyword } from '../fixEdits';
import { defineRule } from '../rule';
import { argValue, hasKwargs, hasStarArgs, keyword, positional } from './shared';

export const openWithoutEncoding = defineRule({
  meta: {
    code: 'OPS301',
    name: 'open-without-encoding',
    category: 'robustness',
    summary: 'open() in text mode without encoding= depends on the machine\'s locale: pass encoding="utf-8".',
    defaultSeverity: 'information',
    equivalents: ['ruff:PLW1514', 'pylint:W1514'],
    fixable: 'unsafe',
  },
  message: 'open() without encoding= uses the locale encoding, which differs between machines: pass encoding="utf-8"',
  needs: { calls: ['builtins.open', 'io.open'] },
  call(c, cx) {
    if (c.tail !== 'open' || !c.args || !cx.facts.calleeIs(c, 'builtins.open', 'io.open')) return;
    if (hasKwargs(c) || hasStarArgs(c) || keyword(c, 'encoding')) return;
    const pos = positional(c);
    if (pos.length === 0 || pos.length >= 4) return;
    const mode = keyword(c, 'mode') ?? pos[1];
    if (mode) {
      const lit = mode.valueType === 'string' ? parseStringLiteral(argValue(cx, mode)) : null;
      if (!lit || lit.prefix.includes('f') || lit.body.includes('b')) return;
    }
    const edit = addKeyword(c, 'encoding="utf-8"');
    cx.report(c.calleeSpan, { fix: edit ? { title: 'Add encoding="utf-8"', safe: false, edits: [edit] } : undefined });
  },
});
