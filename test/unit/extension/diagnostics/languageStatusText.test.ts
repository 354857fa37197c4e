// The words of the language status item: how many rules run, and what configured them.
import * as assert from 'node:assert/strict';
import { describeDocumentStatus } from '../../../../src/extension/diagnostics/languageStatusText';

const label = (path: string): string => path.replace('/work/', '');

describe('language status text', () => {
  it('says every rule runs, configured by the settings', () => {
    assert.deepEqual(
      describeDocumentStatus({ diagnosticsEnabled: true, excluded: false, configFile: null, enabledRules: 18, totalRules: 18 }, label),
      {
        text: 'PyOps: 18 rules',
        detail: 'configured by settings',
      },
    );
  });

  it('names the .pyops.yaml in force and counts the rules it leaves on', () => {
    assert.deepEqual(
      describeDocumentStatus(
        { diagnosticsEnabled: true, excluded: false, configFile: '/work/jobs/.pyops.yaml', enabledRules: 3, totalRules: 18 },
        label,
      ),
      {
        text: 'PyOps: 3 of 18 rules',
        detail: 'configured by jobs/.pyops.yaml',
      },
    );
  });

  it('says a file the configuration excludes gets no checks', () => {
    assert.deepEqual(
      describeDocumentStatus(
        { diagnosticsEnabled: true, excluded: true, configFile: '/work/.pyops.yaml', enabledRules: 0, totalRules: 18 },
        label,
      ),
      {
        text: 'PyOps: excluded',
        detail: 'excluded by .pyops.yaml',
      },
    );
  });

  it('says the checks are off when pyops.diagnostics.enable is false', () => {
    assert.equal(
      describeDocumentStatus({ diagnosticsEnabled: false, excluded: false, configFile: null, enabledRules: 0, totalRules: 18 }, label).text,
      'PyOps: off',
    );
  });
});
