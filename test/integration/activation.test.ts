import * as assert from 'node:assert/strict';
import { openFixture, pyopsExtension, waitFor } from './helpers';

describe('activation', () => {
  it('activates when a Python file is opened', async () => {
    const extension = pyopsExtension();
    assert.equal(extension.isActive, false, 'PyOps was already active before any Python file was opened');

    const editor = await openFixture('jobs/backup.py');
    assert.equal(editor.document.languageId, 'python');

    await waitFor('PyOps to activate', () => (extension.isActive ? true : undefined));
    const api = extension.exports;
    assert.equal(typeof api.languageServerState, 'function', 'activate() did not return the PyOps API');
    assert.equal(typeof api.languageServerPid, 'function', 'activate() did not return the PyOps API');
  });
});
