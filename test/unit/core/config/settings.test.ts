import assert from 'node:assert/strict';
import { configFromSettings } from '../../../../src/core/config/settings';
import { TEST_RULES } from './knownRules';

describe('configFromSettings (pyops.diagnostics.*)', () => {
  it('reads every rule option under its camelCase setting name', () => {
    const { config, problems } = configFromSettings(
      {
        enable: true,
        run: 'onType',
        select: ['OPS1'],
        ignore: ['shell-injection'],
        severity: { OPS101: 'error', OPS102: 'off' },
        perPathIgnores: { 'tests/**': ['OPS101'] },
        loggers: ['log'],
        loggingFunctions: ['report'],
        checkedSubprocessHelpers: ['run_checked'],
      },
      TEST_RULES,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      select: ['OPS101', 'OPS102', 'OPS103'],
      ignore: ['OPS103'],
      severity: { OPS101: 'error', OPS102: 'off' },
      perPathIgnores: [{ glob: 'tests/**', codes: ['OPS101'] }],
      wrappers: { loggers: ['log'], loggingFunctions: ['report'], checkedSubprocessHelpers: ['run_checked'] },
    });
  });

  it('does not read the file-style kebab-case names from settings', () => {
    const { config } = configFromSettings({ 'per-path-ignores': { 'a/**': ['OPS101'] } }, TEST_RULES);
    assert.deepEqual(config, {});
  });

  it('names the setting in each problem and drops only the bad value', () => {
    const { config, problems } = configFromSettings(
      { select: 'OPS101', ignore: ['OPS102', 7, 'OPS999'], severity: { OPS101: 'loud', OPS103: 'warning' } },
      TEST_RULES,
    );
    assert.deepEqual(config, { ignore: ['OPS102'], severity: { OPS103: 'warning' } });
    const bySetting = (name: string) => problems.filter((p) => p.setting === name);
    assert.equal(bySetting('pyops.diagnostics.select').length, 1);
    assert.equal(bySetting('pyops.diagnostics.ignore').length, 2);
    assert.match(bySetting('pyops.diagnostics.severity')[0].message, /'loud'/);
  });

  it('yields an empty config for a section that is not an object', () => {
    for (const section of [undefined, null, 'x', 3, ['select']]) {
      assert.deepEqual(configFromSettings(section, TEST_RULES), { config: {}, problems: [] });
    }
  });
});
