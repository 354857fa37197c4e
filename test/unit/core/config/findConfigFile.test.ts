import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findConfigFileOnDisk, loadConfigFile } from '../../../../src/core/config/configFilesOnDisk';
import { findConfigFile } from '../../../../src/core/config/findConfigFile';
import { resolveFileConfig } from '../../../../src/core/config/resolveFileConfig';
import { TEST_RULES } from './knownRules';

function fakeFs(files: string[]): (p: string) => boolean {
  const set = new Set(files);
  return (p) => set.has(p);
}

describe('findConfigFile', () => {
  const posix = path.posix;

  it('finds the nearest .pyops.yaml walking up', () => {
    const exists = fakeFs(['/ws/.pyops.yaml', '/ws/svc/.pyops.yaml']);
    assert.equal(findConfigFile('/ws/svc/jobs/nightly', '/ws', exists, posix), '/ws/svc/.pyops.yaml');
    assert.equal(findConfigFile('/ws/tools', '/ws', exists, posix), '/ws/.pyops.yaml');
    assert.equal(findConfigFile('/ws', '/ws', exists, posix), '/ws/.pyops.yaml');
  });

  it('does not look above the root', () => {
    const exists = fakeFs(['/home/.pyops.yaml']);
    assert.equal(findConfigFile('/home/me/ws/src', '/home/me/ws', exists, posix), undefined);
    assert.equal(findConfigFile('/home/me/ws/src', undefined, exists, posix), '/home/.pyops.yaml');
  });

  it('walks to the filesystem root for a folder outside the root', () => {
    const exists = fakeFs(['/.pyops.yaml']);
    assert.equal(findConfigFile('/elsewhere/x', '/ws', exists, posix), '/.pyops.yaml');
    assert.equal(findConfigFile('/elsewhere/x', '/ws', fakeFs([]), posix), undefined);
  });

  it('follows Windows path rules when given them', () => {
    const win = path.win32;
    const exists = fakeFs(['C:\\repo\\.pyops.yaml']);
    assert.equal(findConfigFile('C:\\repo\\scripts\\deploy', 'C:\\repo', exists, win), 'C:\\repo\\.pyops.yaml');
    assert.equal(findConfigFile('D:\\other', undefined, exists, win), undefined);
  });
});

describe('config files on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pyops-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds and loads the nearest config, skipping a folder that has the name', () => {
    mkdirSync(path.join(dir, 'a', 'b', '.pyops.yaml'), { recursive: true });
    writeFileSync(path.join(dir, '.pyops.yaml'), '\uFEFFselect: [OPS101]\nnope: 1\n');
    const found = findConfigFileOnDisk(path.join(dir, 'a', 'b'), dir);
    assert.equal(found, path.join(dir, '.pyops.yaml'));
    const loaded = loadConfigFile(found, TEST_RULES);
    assert.equal(loaded.dir, dir);
    assert.deepEqual(loaded.config, { select: ['OPS101'] });
    assert.equal(loaded.problems.length, 1);
    assert.equal(loaded.problems[0].range.start.line, 1);
  });

  it('turns an unreadable config file into a problem', () => {
    const loaded = loadConfigFile(path.join(dir, 'missing.yaml'), TEST_RULES);
    assert.deepEqual(loaded.config, {});
    assert.match(loaded.problems[0].message, /Cannot read the config file/);
  });
});

describe('resolveFileConfig', () => {
  const posix = path.posix;

  it('makes paths relative to the config folder when the file sets per-path ignores', () => {
    const { config, relativePath } = resolveFileConfig(
      {
        filePath: '/ws/svc/tests/test_x.py',
        rootDir: '/ws',
        settings: { perPathIgnores: [{ glob: 'svc/**', codes: ['OPS101'] }] },
        configFile: { dir: '/ws/svc', config: { perPathIgnores: [{ glob: 'tests/**', codes: ['OPS102'] }] } },
      },
      posix,
    );
    assert.equal(relativePath, 'tests/test_x.py');
    assert.deepEqual(config.perPathIgnores, [{ glob: 'tests/**', codes: ['OPS102'] }]);
  });

  it('makes paths relative to the root when per-path ignores come from settings', () => {
    const { relativePath } = resolveFileConfig(
      {
        filePath: '/ws/svc/tests/test_x.py',
        rootDir: '/ws',
        settings: { perPathIgnores: [{ glob: 'svc/**', codes: ['OPS101'] }] },
        configFile: { dir: '/ws/svc', config: { select: ['OPS101'] } },
      },
      posix,
    );
    assert.equal(relativePath, 'svc/tests/test_x.py');
  });

  it('applies overrides last', () => {
    const { config } = resolveFileConfig(
      {
        filePath: '/ws/a.py',
        rootDir: '/ws',
        configFile: { dir: '/ws', config: { select: ['OPS101'] } },
        overrides: { select: ['OPS102'] },
      },
      posix,
    );
    assert.deepEqual(config.select, ['OPS102']);
  });

  it('uses forward slashes for Windows paths', () => {
    const { relativePath } = resolveFileConfig({ filePath: 'C:\\ws\\jobs\\a.py', rootDir: 'C:\\ws' }, path.win32);
    assert.equal(relativePath, 'jobs/a.py');
  });

  it('gives the path path.relative gives, for paths below the folder, beside it, above it and with . and .. segments', () => {
    const segments = ['ws', 'a', 'b.py', '.', '..', '.git', '..x', '.x.', ''];
    let seed = 7;
    const pick = (): string => segments[(seed = (seed * 1103515245 + 12345) % 2147483648) % segments.length];
    const randomPath = (): string => '/' + Array.from({ length: 1 + (seed % 5) }, pick).join('/');
    const cases: [string, string][] = [
      ['/ws', '/ws/a.py'],
      ['/ws', '/ws/jobs/deploy.py'],
      ['/ws', '/ws'],
      ['/ws', '/wsx/a.py'],
      ['/ws', '/other/a.py'],
      ['/ws/', '/ws/a.py'],
      ['/', '/a.py'],
      ['/ws', '/ws/./a.py'],
      ['/ws', '/ws/../a.py'],
      ['/ws', '/ws//a.py'],
      ['/ws/.', '/ws/a.py'],
      ['/ws', '/ws/.hidden/..x/a.py'],
      ['/ws/a', '/ws/b/c.py'],
      ['/ws/a', '/ws/a/b/'],
      ['/ws/a', '/ws/a/b/.'],
      ['/ws/a', '/ws/a/b/..'],
      ['/ws/a', '/x.py'],
      ['ws', 'ws/a.py'],
      ['/ws', 'a.py'],
    ];
    for (let i = 0; i < 2000; i++) {
      const rootDir = randomPath();
      cases.push([rootDir, randomPath() + '/' + pick()], [rootDir, rootDir + randomPath()]);
    }
    for (const [rootDir, filePath] of cases) {
      const { relativePath } = resolveFileConfig({ filePath, rootDir }, posix);
      assert.equal(relativePath, posix.relative(rootDir, filePath), `${rootDir} -> ${filePath}`);
    }
  });
});
