// OPS304: tempfile.mktemp().
import type { RuleImpl } from '../rule';

export const tempfileMktemp: RuleImpl = {
  meta: {
    code: 'OPS304',
    name: 'tempfile-mktemp',
    category: 'security',
    summary: 'tempfile.mktemp() returns a name another process can take first: use mkstemp(), NamedTemporaryFile() or mkdtemp().',
    defaultSeverity: 'warning',
    equivalents: ['ruff:S306', 'bandit:B306'],
    fixable: 'none',
  },
  message: 'tempfile.mktemp() is racy (another process can create the file first): use tempfile.mkstemp() or NamedTemporaryFile()',
  call(c, cx) {
    if (c.tail === 'mktemp' && cx.facts.calleeIs(c, 'tempfile.mktemp')) cx.report(cx.abs(c.calleeSpan.s), cx.abs(c.calleeSpan.e));
  },
};
