import assert from 'node:assert/strict';
import { mergeConfig } from '../../../../src/core/config/mergeConfig';
import { DEFAULT_ENGINE_CONFIG } from '../../../../src/core/diagnostics/types';
import type { PartialEngineConfig } from '../../../../src/core/config/types';

describe('mergeConfig (defaults < settings < .pyops.yaml)', () => {
  it('returns the defaults when no layer sets anything', () => {
    assert.deepEqual(mergeConfig(), DEFAULT_ENGINE_CONFIG);
    assert.deepEqual(mergeConfig(undefined, {}), DEFAULT_ENGINE_CONFIG);
  });

  it('lets the file replace what settings say for each option it sets', () => {
    const settings: PartialEngineConfig = {
      select: ['OPS101', 'OPS102'],
      ignore: ['OPS103'],
      perPathIgnores: [{ glob: 'a/**', codes: ['OPS101'] }],
      wrappers: { loggers: ['log'], loggingFunctions: ['report'] },
    };
    const file: PartialEngineConfig = { ignore: ['OPS201'], wrappers: { loggers: ['logger'] } };
    const merged = mergeConfig(settings, file);
    assert.deepEqual(merged.select, ['OPS101', 'OPS102'], 'kept from settings: the file does not set it');
    assert.deepEqual(merged.ignore, ['OPS201'], 'replaced, not merged with the setting');
    assert.deepEqual(merged.perPathIgnores, [{ glob: 'a/**', codes: ['OPS101'] }]);
    assert.deepEqual(merged.wrappers, { loggers: ['logger'], loggingFunctions: ['report'], checkedSubprocessHelpers: [] });
  });

  it('merges severities per rule, the later layer winning for the rules it names', () => {
    const merged = mergeConfig({ severity: { OPS101: 'hint', OPS102: 'error' } }, { severity: { OPS101: 'off' } });
    assert.deepEqual(merged.severity, { OPS101: 'off', OPS102: 'error' });
  });

  it('lets an explicitly empty list in the file clear a setting', () => {
    assert.deepEqual(mergeConfig({ ignore: ['OPS101'] }, { ignore: [] }).ignore, []);
  });

  it('does not share arrays with its inputs or the defaults', () => {
    const settings: PartialEngineConfig = { select: ['OPS101'], wrappers: { loggers: ['log'] } };
    const merged = mergeConfig(settings);
    merged.select.push('OPS102');
    merged.wrappers.loggers.push('other');
    merged.ignore.push('OPS103');
    assert.deepEqual(settings, { select: ['OPS101'], wrappers: { loggers: ['log'] } });
    assert.deepEqual(DEFAULT_ENGINE_CONFIG.ignore, []);
    assert.deepEqual(mergeConfig().ignore, []);
  });
});
