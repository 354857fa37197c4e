// Every code PyOps reports, as `pyops rules`, the rule index and the editor's rule list show them:
// the rules, and the two codes that are not rules one selects (OPS002 unused suppressions, reported
// on request; OPS003 a file not checked), as ruff lists its RUF100 and E902 among its rules.
import { FILE_ERROR_RULE } from '../files/fileErrors';
import { RULE_IMPLS } from './rules';
import type { RuleMeta } from './types';
import { UNUSED_SUPPRESSION_RULE } from './unusedSuppressions';

export const CATALOG: readonly RuleMeta[] = [...RULE_IMPLS.map((r) => r.meta), UNUSED_SUPPRESSION_RULE, FILE_ERROR_RULE].sort((a, b) =>
  a.code.localeCompare(b.code),
);
