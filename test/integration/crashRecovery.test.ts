import * as assert from 'node:assert/strict';
import { openFixture, processExists, pyopsExtension, waitFor } from './helpers';

describe('language server crash recovery', () => {
  it('restarts the server when its process dies', async () => {
    await openFixture('jobs/backup.py');
    const api = await pyopsExtension().activate();
    const before = await waitFor(
      'a running server',
      () => (api.languageServerState() === 'running' ? api.languageServerPid() : undefined),
      {
        timeoutMs: 30_000,
      },
    );
    process.kill(before, 'SIGKILL');
    const after = await waitFor(
      'a new server process after the crash',
      () => {
        const pid = api.languageServerPid();
        return api.languageServerState() === 'running' && pid !== undefined && pid !== before ? pid : undefined;
      },
      { timeoutMs: 30_000, describeLast: () => `${api.languageServerState()} pid ${String(api.languageServerPid())}` },
    );
    assert.ok(processExists(after));
    assert.ok(!processExists(before));
  });
});
