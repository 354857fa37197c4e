// A small rule catalog for config tests: the validator takes the catalog as a parameter, so these
// tests do not depend on which rules the engine ships.
import type { KnownRule } from '../../../../src/core/config/types';

export const TEST_RULES: readonly KnownRule[] = [
  { code: 'OPS101', name: 'subprocess-unchecked' },
  { code: 'OPS102', name: 'subprocess-no-timeout' },
  { code: 'OPS103', name: 'shell-injection' },
  { code: 'OPS201', name: 'bare-except' },
  { code: 'OPS301', name: 'error-without-traceback' },
];

export const ALL_TEST_CODES = TEST_RULES.map((r) => r.code);
