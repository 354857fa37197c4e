import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { pyopsExtension } from './helpers';

interface ManifestCommands {
  contributes?: { commands?: { command: string }[] };
}

describe('commands', () => {
  it('registers a handler for every command contributed in package.json', async () => {
    const extension = pyopsExtension();
    await extension.activate();
    const manifest = JSON.parse(readFileSync(join(extension.extensionPath, 'package.json'), 'utf8')) as ManifestCommands;
    const contributed = (manifest.contributes?.commands ?? []).map((entry) => entry.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');

    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `contributed commands without a handler: ${missing.join(', ')}`);
  });
});
