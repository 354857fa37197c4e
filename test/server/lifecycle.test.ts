import * as assert from 'node:assert/strict';
import { startServer } from './lspClient';

describe('language server lifecycle', () => {
  it('initializes over stdio, names itself and syncs documents incrementally', async () => {
    const session = await startServer();
    try {
      assert.equal(session.initializeResult.serverInfo?.name, 'pyops-language-server');
      const sync = session.initializeResult.capabilities.textDocumentSync;
      assert.ok(sync && typeof sync === 'object' && sync.change === 2, 'incremental text sync');
    } finally {
      const code = await session.close();
      assert.equal(code, 0, `server exit code (stderr: ${session.stderr()})`);
    }
  });

  it('exits with code 1 when told to exit without a shutdown request', async () => {
    const session = await startServer();
    await session.connection.sendNotification('exit');
    const code = await new Promise<number | null>((resolve) =>
      session.process.exitCode !== null ? resolve(session.process.exitCode) : session.process.once('exit', resolve),
    );
    assert.equal(code, 1);
  });
});
