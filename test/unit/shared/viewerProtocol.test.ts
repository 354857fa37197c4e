import assert from 'node:assert/strict';
import { parseViewerMessage } from '../../../src/shared/viewerProtocol';
import { restoreViewState, defaultViewState } from '../../../src/webview/viewState';
import { argsText, exitStatusText } from '../../../src/webview/runSummary';
import { buildProfile } from '../webview/profileBuilder';

describe('viewer messages', () => {
  it('accepts the messages the viewer sends', () => {
    assert.deepEqual(parseViewerMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseViewerMessage({ type: 'openSource', file: '/work/a.py', line: 3 }), {
      type: 'openSource',
      file: '/work/a.py',
      line: 3,
      preserveFocus: false,
    });
    assert.deepEqual(parseViewerMessage({ type: 'export', format: 'speedscope' }), { type: 'export', format: 'speedscope' });
  });

  it('rejects malformed or unknown messages instead of acting on them', () => {
    assert.equal(parseViewerMessage(null), undefined);
    assert.equal(parseViewerMessage('ready'), undefined);
    assert.equal(parseViewerMessage({ type: 'openSource', file: '~', line: 0 }), undefined);
    assert.equal(parseViewerMessage({ type: 'openSource', file: '/a.py', line: 1.5 }), undefined);
    assert.equal(parseViewerMessage({ type: 'openSource', file: 42, line: 1 }), undefined);
    assert.equal(parseViewerMessage({ type: 'export', format: 'exe' }), undefined);
    assert.equal(parseViewerMessage({ type: 'runCommand', command: 'rm -rf /' }), undefined);
  });
});

describe('viewer state', () => {
  it('restores saved choices and replaces anything malformed with the default', () => {
    const restored = restoreViewState({
      tab: 'flame',
      sort: { key: 'ownTime', descending: false },
      query: 'copy',
      hideLibrary: true,
      selectedId: '/a.py:1(main)',
      flameFocusId: 'x',
      tableScrollTop: -5,
    });
    assert.equal(restored.tab, 'flame');
    assert.deepEqual(restored.sort, { key: 'ownTime', descending: false });
    assert.equal(restored.query, 'copy');
    assert.equal(restored.hideLibrary, true);
    assert.equal(restored.selectedId, '/a.py:1(main)');
    assert.equal(restored.flameFocusId, null);
    assert.equal(restored.tableScrollTop, 0);
    assert.deepEqual(restoreViewState(undefined), defaultViewState);
    assert.equal(restoreViewState({ tab: 'nonsense' }).tab, 'table');
  });
});

describe('run summary', () => {
  it('says how the run ended', () => {
    const profile = buildProfile([{ name: 'main', calls: 1, own: 1, cumulative: 1 }], []);
    assert.equal(exitStatusText(profile.run).label, 'Completed');
    assert.equal(exitStatusText({ ...profile.run, exitStatus: 'exited', exitCode: 3 }).label, 'Exited (3)');
    assert.equal(exitStatusText({ ...profile.run, exitStatus: 'exited', exitCode: 3 }).tone, 'warning');
    const raised = exitStatusText({
      ...profile.run,
      exitStatus: 'raised',
      exitCode: 1,
      exception: { type: 'FileNotFoundError', message: 'x', frames: [], formatted: '' },
    });
    assert.equal(raised.label, 'Raised FileNotFoundError');
    assert.equal(raised.tone, 'error');
    assert.match(exitStatusText({ ...profile.run, exitStatus: 'cancelled', exitCode: 130 }).detail, /partial/);
  });

  it('quotes arguments only where a shell would need it', () => {
    assert.equal(argsText([]), '(none)');
    assert.equal(argsText(['--dry-run', 'staging eu', "it's"]), `--dry-run 'staging eu' 'it'\\''s'`);
  });
});
