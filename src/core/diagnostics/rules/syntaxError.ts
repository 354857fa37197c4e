// OPS001: syntax errors, each where it is; the rest of the file is still checked.
import { defineRule } from '../rule';

export const syntaxError = defineRule({
  meta: {
    code: 'OPS001',
    name: 'syntax-error',
    category: 'robustness',
    summary:
      'The file does not parse as Python 3: the script fails before its first line runs. Each error is reported where it is; the rest of the file is still checked.',
    defaultSeverity: 'error',
    equivalents: ['pylint:E0001'],
    fixable: 'none',
    alwaysSelected: true,
  },
  message: 'Syntax error',
  document(cx) {
    for (const err of cx.syntaxErrors()) cx.report(cx.fromDocument(err.s, err.e), { message: `Syntax error: ${err.message}` });
  },
});
