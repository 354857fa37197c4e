// OPS304: tempfile.mktemp().
import { defineRule } from '../rule';

export const tempfileMktemp = defineRule({
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
  needs: { calls: ['tempfile.mktemp'] },
  call(c, cx) {
    if (c.tail === 'mktemp' && cx.facts.calleeIs(c, 'tempfile.mktemp')) cx.report(c.calleeSpan);
  },
});
