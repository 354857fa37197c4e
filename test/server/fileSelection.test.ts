// The editor picks files as `pyops check` does: Check Workspace walks the same set (excludes,
// .gitignore, shebang scripts), and under force-exclude an excluded file gets no diagnostics.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FullDocumentDiagnosticReport, WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { repoRoot } from '../helpers/repoRoot';
import { startServer, type ServerSession } from './lspClient';

const FINDING = 'import subprocess\nsubprocess.run(["ls"], timeout=5)\n';

describe('language server: which files', () => {
  let folder: string;
  let session: ServerSession;

  before(async () => {
    folder = realpathSync(mkdtempSync(join(tmpdir(), 'pyops-server-files-')));
    const files: Record<string, string> = {
      '.git/info/exclude': '',
      '.gitignore': 'generated/\n',
      '.pyops.yaml': 'extend-exclude: [migrations]\n',
      'app.py': FINDING,
      'generated/api.py': FINDING,
      'migrations/0001.py': FINDING,
      'build/lib/copy.py': FINDING,
      'bin/backup': '#!/usr/bin/env python3\n' + FINDING,
      'bin/deploy': '#!/bin/sh\necho\n',
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), content);
    }
    session = await startServer({ workspaceFolder: folder });
  });

  after(async () => {
    await session?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('checks the workspace with the same files as pyops check', async () => {
    const report = session.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    await session.connection.sendRequest('pyops/checkWorkspace', {});
    const { items } = await report;
    const checked = items.map((item) => fileURLToPath(item.uri)).sort();
    const cli = spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'check', '--show-files'], { cwd: folder, encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(checked, cli.stdout.split('\n').filter(Boolean));
    assert.deepEqual(checked, [join(folder, 'app.py'), join(folder, 'bin', 'backup')]);
  });

  it('gives an excluded file diagnostics when opened, but none under force-exclude', async () => {
    const uri = pathToFileURL(join(folder, 'migrations', '0001.py')).href;
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'python', version: 1, text: FINDING },
    });
    const pull = async (): Promise<string[]> => {
      const report = await session.connection.sendRequest<FullDocumentDiagnosticReport>('textDocument/diagnostic', {
        textDocument: { uri },
      });
      return report.items.map((d) => String(d.code));
    };
    assert.deepEqual(await pull(), ['OPS101'], 'opened explicitly, as pyops check would check a file named on its command line');
    writeFileSync(join(folder, '.pyops.yaml'), 'extend-exclude: [migrations]\nforce-exclude: true\n');
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(folder, '.pyops.yaml')).href, type: 2 }],
    });
    assert.deepEqual(await pull(), []);
  });
});

describe('language server: files Check Workspace cannot read', () => {
  let folder: string;
  let session: ServerSession;

  before(async () => {
    folder = realpathSync(mkdtempSync(join(tmpdir(), 'pyops-server-undecodable-')));
    writeFileSync(join(folder, 'binary.py'), Buffer.from([0x00, 0x01, 0x02, 0xff]));
    // Only its coding comment makes this file readable: "café" in cp1252 is not UTF-8.
    writeFileSync(
      join(folder, 'cp1252.py'),
      Buffer.concat([
        Buffer.from('# -*- coding: cp1252 -*-\nname = "caf'),
        Buffer.from([0xe9]),
        Buffer.from('"\nimport os\nos.system("ls")\n'),
      ]),
    );
    session = await startServer({ workspaceFolder: folder });
  });

  after(async () => {
    await session?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('reports an undecodable file as OPS003 and reads a file in its declared encoding', async () => {
    const report = session.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
    await session.connection.sendRequest('pyops/checkWorkspace', {});
    const { items } = await report;
    const byFile = Object.fromEntries(
      items.map((item) => [
        fileURLToPath(item.uri).slice(folder.length + 1),
        item.kind === 'full' ? item.items.map((d) => [d.code, d.range.start.line]) : [],
      ]),
    );
    assert.deepEqual(byFile, { 'binary.py': [['OPS003', 0]], 'cp1252.py': [['OPS104', 3]] });
  });
});
