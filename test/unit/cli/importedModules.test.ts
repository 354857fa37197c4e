import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkJson } from './cliHarness';

/** A module whose docs talk about "the fabric", with calls named like fabric's but no import of it. */
const MENTIONS = `"""Configure the security fabric of a firewall.

The fabric settings are sent with requests from the module's connection.
"""
import subprocess

DOCUMENTATION = """
options:
  fabric:
    description: Name of the fabric.
"""


def apply(host, settings):
    conn = Connection(host)
    conn.run("apply " + settings, warn=True)
    subprocess.run(["logger", "applied"])
`;

/** The same calls with fabric imported: run(warn=True) on a Connection is a remote command whose failure goes unnoticed. */
const IMPORTS = `from fabric import Connection


def apply(host, settings):
    conn = Connection(host)
    conn.run("apply " + settings, warn=True)
`;

describe('pyops check: modules mentioned in docs versus imported', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pyops-cli-modules-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads fabric calls only in a file that imports fabric, and still checks the rest of a file that only mentions it', () => {
    writeFileSync(join(dir, 'mentions.py'), MENTIONS);
    writeFileSync(join(dir, 'imports.py'), IMPORTS);
    const { result, findings } = checkJson(['--no-cache', '.'], dir);
    assert.equal(result.status, 1, result.stderr);
    const found = findings.map((f) => `${f.filename.slice(dir.length + 1)}:${f.location.row}:${f.code}`).sort();
    assert.deepEqual(found, ['imports.py:6:OPS101', 'mentions.py:17:OPS101', 'mentions.py:17:OPS102']);
  });
});
