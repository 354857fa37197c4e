import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { threadCount } from '../../../src/cli/checkCommand';
import { cgroupCpuLimit, usableCpus } from '../../../src/cli/usableCpus';

describe('how many CPUs pyops check uses', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pyops-cpus-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A /proc/self/cgroup and a /sys/fs/cgroup holding `files` (paths relative to it). */
  function cgroups(membership: string, files: Record<string, string>): { selfCgroup: string; root: string } {
    const root = join(dir, 'sys');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    writeFileSync(join(dir, 'cgroup'), membership);
    return { selfCgroup: join(dir, 'cgroup'), root };
  }

  it('reads a cgroup v2 quota, rounded up to whole CPUs, from the process cgroup or one above it', () => {
    assert.equal(cgroupCpuLimit(cgroups('0::/ci/job\n', { 'ci/job/cpu.max': '150000 100000\n' })), 2);
    assert.equal(cgroupCpuLimit(cgroups('0::/ci/job\n', { 'ci/job/cpu.max': 'max 100000\n', 'ci/cpu.max': '100000 100000\n' })), 1);
  });

  it('reads a cgroup v1 quota under the cpu controller, whichever name it is mounted under', () => {
    const membership = '5:memory:/a\n3:cpu,cpuacct:/docker/abc\n1:name=systemd:/\n';
    assert.equal(
      cgroupCpuLimit(
        cgroups(membership, {
          'cpu,cpuacct/docker/abc/cpu.cfs_quota_us': '300000\n',
          'cpu,cpuacct/docker/abc/cpu.cfs_period_us': '100000\n',
        }),
      ),
      3,
    );
    assert.equal(
      cgroupCpuLimit(cgroups(membership, { 'cpu/docker/abc/cpu.cfs_quota_us': '50000\n', 'cpu/docker/abc/cpu.cfs_period_us': '100000\n' })),
      1,
    );
  });

  it('finds the quota at the mount root inside a container whose cgroup namespace hides the path', () => {
    assert.equal(cgroupCpuLimit(cgroups('0::/\n', { 'cpu.max': '200000 100000\n' })), 2);
  });

  it('sees no limit without a quota, without cgroup files or with files it cannot read as numbers', () => {
    assert.equal(cgroupCpuLimit(cgroups('0::/\n', { 'cpu.max': 'max 100000\n' })), undefined);
    assert.equal(cgroupCpuLimit(cgroups('3:cpu:/\n', { 'cpu/cpu.cfs_quota_us': '-1\n', 'cpu/cpu.cfs_period_us': '100000\n' })), undefined);
    assert.equal(cgroupCpuLimit(cgroups('0::/x\n', { 'x/cpu.max': 'garbage\n' })), undefined);
    assert.equal(cgroupCpuLimit({ selfCgroup: join(dir, 'missing'), root: join(dir, 'missing') }), undefined);
  });

  it('never uses more CPUs than the process may run on, and at least one', () => {
    const cpus = usableCpus();
    assert.ok(cpus >= 1 && cpus <= availableParallelism(), `${cpus}`);
  });

  /** `count` files of `size` bytes each. */
  function tree(count: number, size: number): string[] {
    return Array.from({ length: count }, (_, i) => {
      const path = join(dir, `m${i}.py`);
      writeFileSync(path, 'x = 1\n'.repeat(Math.ceil(size / 6)));
      return path;
    });
  }

  it('checks a small tree on the main thread and a big one on a thread per usable CPU; --jobs decides when given', () => {
    assert.equal(threadCount(undefined, tree(40, 10_000)), 1, '400 kB: no workers');
    const big = tree(80, 100_000);
    assert.equal(threadCount(undefined, big), Math.min(usableCpus(), 8), '8 MB: a worker per CPU');
    assert.equal(threadCount(3, big), 3);
    assert.equal(threadCount(4, big.slice(0, 2)), 2, 'never more threads than files');
  });
});
