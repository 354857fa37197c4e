// OPS305: secrets assigned as string literals.
import { parseStringLiteral } from '../../python/strings';
import type { RuleImpl } from '../rule';
import { isPlaceholderSecret } from '../secrets';

export const hardcodedSecret: RuleImpl = {
  meta: {
    code: 'OPS305',
    name: 'hardcoded-secret',
    category: 'security',
    summary: 'A password/token/secret assigned as a string literal ends up in version control and logs: read it from the environment or a secret store.',
    defaultSeverity: 'warning',
    equivalents: ['ruff:S105', 'bandit:B105'],
    fixable: 'none',
  },
  message: 'Hardcoded secret: read it from the environment (os.environ) or a secret store',
  assign(a, cx) {
    if (a.kind !== 'secret') return;
    const lit = parseStringLiteral(cx.slice(a.value.s, a.value.e));
    if (!lit || lit.prefix.includes('f')) return;
    const leaf = a.target.slice(a.target.lastIndexOf('.') + 1);
    if (isPlaceholderSecret(lit.body, leaf)) return;
    cx.report(
      cx.abs(a.targetSpan.s),
      cx.abs(a.targetSpan.e),
      undefined,
      `Hardcoded secret in ${a.target}: read it from the environment (os.environ) or a secret store`,
    );
  },
};
