// Config files in the editor: [tool.pyops] in pyproject.toml with its problems at their line, and
// the pyops.configuration setting naming a file explicitly.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { waitFor } from '../helpers/waitFor';
import { startServer, type ServerSession } from './lspClient';

const BOTH = 'import subprocess\nsubprocess.run(["ls"])\n'; // OPS101 and OPS102

describe('language server: pyproject.toml and pyops.configuration', () => {
  let folder: string;
  let session: ServerSession;
  const uri = (): string => pathToFileURL(join(folder, 'job.py')).href;
  const codes = async (): Promise<string[]> => {
    const report = await session.connection.sendRequest<FullDocumentDiagnosticReport>('textDocument/diagnostic', {
      textDocument: { uri: uri() },
    });
    return report.items.map((d) => String(d.code));
  };

  before(async () => {
    folder = realpathSync(mkdtempSync(join(tmpdir(), 'pyops-server-config-')));
    writeFileSync(
      join(folder, 'pyproject.toml'),
      '[project]\nname = "ops"\n[tool.pyops]\nignore = ["OPS102"]\nseverity = { OPS101 = "loud" }\n',
    );
    mkdirSync(join(folder, 'conf'));
    writeFileSync(join(folder, 'conf', 'strict.yaml'), 'select: [OPS102]\n');
    writeFileSync(join(folder, 'job.py'), BOTH);
    session = await startServer({ workspaceFolder: folder });
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uri(), languageId: 'python', version: 1, text: BOTH },
    });
  });

  after(async () => {
    await session?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('applies [tool.pyops] and shows its problems on pyproject.toml at their line', async () => {
    assert.deepEqual(await codes(), ['OPS101']);
    const problems = await waitFor('problems on pyproject.toml', () =>
      session.published.get(pathToFileURL(join(folder, 'pyproject.toml')).href),
    );
    assert.deepEqual(
      problems.map((p) => p.range.start.line),
      [4],
    );
    assert.match(String(problems[0].message), /Severity must be one of/);
  });

  it('uses the file pyops.configuration names, relative to the workspace folder', async () => {
    Object.assign(session.settings, { configuration: 'conf/strict.yaml' });
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await codes(), ['OPS102']);
    Object.assign(session.settings, { configuration: '${workspaceFolder}/conf/missing.yaml' });
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await codes(), ['OPS101'], 'a missing file falls back to the nearest config');
    const warning = await waitFor('a warning naming the setting', () =>
      session.logs.find((log) => log.message.includes('pyops.configuration')),
    );
    assert.match(warning.message, /no such file: .*conf\/missing\.yaml/);
  });
});
