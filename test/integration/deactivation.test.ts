// Runs last (see index.ts): it stops the extension for good.
import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { processExists, pyopsExtension, waitFor } from './helpers';

interface ExtensionModule {
  deactivate?: () => Promise<void>;
}

describe('deactivation', () => {
  it('deactivate() stops the language server and leaves no process behind', async () => {
    const extension = pyopsExtension();
    const api = await extension.activate();
    await waitFor('the language server to run', () => (api.languageServerState() === 'running' ? true : undefined), {
      timeoutMs: 30_000,
      describeLast: () => api.languageServerState(),
    });
    const pid = api.languageServerPid();
    assert.ok(pid !== undefined, 'running language server without a process id');

    // The module the extension host loaded: Node's module cache hands back the same instance,
    // so this deactivate() is the one VS Code itself would call.
    const main = (extension.packageJSON as { main: string }).main;
    const loaded = createRequire(__filename)(join(extension.extensionPath, main)) as ExtensionModule;
    assert.equal(typeof loaded.deactivate, 'function', `${main} exports no deactivate()`);

    await loaded.deactivate?.();

    await waitFor('the server to stop', () => (api.languageServerState() === 'stopped' && !processExists(pid) ? true : undefined), {
      describeLast: () => `state ${api.languageServerState()}, process ${pid} ${processExists(pid) ? 'alive' : 'gone'}`,
    });
  });
});
