// A file that cannot be read or decoded (or a path that names nothing) is reported like a finding,
// as ruff reports its E902: it shows in every output format and fails the run with exit 1, while
// the other files are still checked. Exit 2 stays for usage and internal errors.
import type { Finding, RuleMeta } from '../diagnostics/types';

export const FILE_ERROR_RULE: RuleMeta = {
  code: 'OPS003',
  name: 'file-not-checked',
  category: 'robustness',
  summary:
    'The file was not checked: it could not be read or decoded as Python source (missing, unreadable, binary, or not in its declared encoding), or it is too large.',
  defaultSeverity: 'error',
  equivalents: ['ruff:E902'],
  fixable: 'none',
};

export function fileErrorFinding(reason: string): Finding {
  const at = { line: 0, character: 0 };
  const message = reason.charAt(0).toUpperCase() + reason.slice(1);
  return {
    code: FILE_ERROR_RULE.code,
    name: FILE_ERROR_RULE.name,
    message: `Not checked: ${message}`,
    range: { start: at, end: at },
    severity: 'error',
  };
}
