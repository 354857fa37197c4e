// OPS305: secrets assigned as string literals.
import { parseStringLiteral } from '../../../python/strings';
import { defineRule } from '../../rule';
import { isPlaceholderSecret, isSecretName } from './secrets';

export const hardcodedSecret = defineRule({
  meta: {
    code: 'OPS305',
    name: 'hardcoded-secret',
    category: 'security',
    summary:
      'A password/token/secret assigned as a string literal ends up in version control and logs: read it from the environment or a secret store.',
    defaultSeverity: 'warning',
    equivalents: ['ruff:S105', 'bandit:B105'],
    fixable: 'none',
  },
  message: 'Hardcoded secret: read it from the environment (os.environ) or a secret store',
  needs: {
    stringAssignments: isSecretName,
    // As assign() below reads it; a placeholder for no name is one for every name.
    reportsLiteral: (lit) => !lit.prefix.includes('f') && !isPlaceholderSecret(lit.body, ''),
  },
  assign(a, cx) {
    const leaf = a.target.slice(a.target.lastIndexOf('.') + 1);
    if (a.kind !== 'literal' || !isSecretName(leaf)) return;
    const lit = parseStringLiteral(cx.slice(a.value));
    if (!lit || lit.prefix.includes('f')) return;
    if (isPlaceholderSecret(lit.body, leaf)) return;
    cx.report(a.targetSpan, { message: `Hardcoded secret in ${a.target}: read it from the environment (os.environ) or a secret store` });
  },
});
