// Issue 9, item 6: `--fix` lost a line appended to a file while it was being fixed, and run as root
// it gave the file to root and broke its hard links. Fixes are written only over the content they
// were computed from, and the file keeps its owner, mode and links.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, linkSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileChangedError, writeFileAtomically } from '../../../src/cli/atomicWrite';
import { FileChecker } from '../../../src/cli/checkFiles';
import { decodeSource, readSourceBytes } from '../../../src/cli/readSource';
import { applyFixes, DEFAULT_ENGINE_CONFIG } from '../../../src/core/diagnostics';
import { getAnalyzer } from '../core/diagnostics/helpers';
import { runPyops } from './cliHarness';

/** OPS108's safe fix (raise ... from err) applies to this. */
const FIXABLE = 'def f():\n    try:\n        g()\n    except ValueError as err:\n        raise RuntimeError("bad")\n';
const FIXED = 'def f():\n    try:\n        g()\n    except ValueError as err:\n        raise RuntimeError("bad") from err\n';

describe('pyops check --fix: how fixes are written', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pyops-fixwrite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a line appended while the file was being fixed, and says the fixes were not written', async () => {
    const path = join(dir, 'job.py');
    writeFileSync(path, FIXABLE);
    const bytes = readSourceBytes(path);
    assert.ok(bytes.ok);
    const read = decodeSource(bytes.bytes);
    assert.ok(read.ok);
    // Someone appends a line after the file was read and before the fixes are written.
    appendFileSync(path, 'print("appended")\n');
    const checker = new FileChecker({ analyzer: await getAnalyzer(), applyFixes });
    const outcome = checker.checkSource(path, read.source, DEFAULT_ENGINE_CONFIG, 'job.py', { apply: 'write', unsafe: false });
    assert.equal(readFileSync(path, 'utf8'), FIXABLE + 'print("appended")\n');
    assert.deepEqual(outcome.notes, [`${path}: fixes not written: the file changed while it was being fixed; run again to fix it`]);
    assert.equal(outcome.checked?.fixed, 0);
    assert.deepEqual(outcome.failed, []);
    assert.throws(() => writeFileAtomically(path, 'x = 1\n', FIXABLE), FileChangedError);
  });

  it("keeps the file's hard links, mode and (as root) owner", () => {
    const path = join(dir, 'job.py');
    const other = join(dir, 'linked.py');
    writeFileSync(path, FIXABLE);
    linkSync(path, other);
    chmodSync(path, 0o640);
    const root = process.getuid?.() === 0;
    if (root) chownSync(path, 65534, 65534);
    const result = runPyops(['check', '--fix', '--select', 'OPS108', 'job.py'], dir);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(readFileSync(path, 'utf8'), FIXED);
    assert.equal(readFileSync(other, 'utf8'), FIXED, 'the other name sees the fix');
    const info = statSync(path);
    assert.equal(info.nlink, 2);
    assert.equal(info.ino, statSync(other).ino);
    assert.equal(info.mode & 0o777, 0o640);
    if (root) assert.deepEqual([info.uid, info.gid], [65534, 65534]);
  });

  it("gives a fixed file without links back to its owner (another user's, when run as root), with its mode", () => {
    const path = join(dir, 'job.py');
    writeFileSync(path, FIXABLE);
    chmodSync(path, 0o600);
    if (process.getuid?.() === 0) chownSync(path, 65534, 65534);
    const before = statSync(path);
    const result = runPyops(['check', '--fix', '--select', 'OPS108', 'job.py'], dir);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(readFileSync(path, 'utf8'), FIXED);
    const after = statSync(path);
    assert.notEqual(after.ino, before.ino, 'written to a new file and renamed over the old one');
    assert.deepEqual([after.uid, after.gid, after.mode & 0o777], [before.uid, before.gid, 0o600]);
  });
});
