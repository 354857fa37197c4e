// How many CPUs `pyops check` may keep busy: the CPUs it may run on (availableParallelism: the
// affinity mask), and no more than a container's CPU quota (cgroup v2 cpu.max, v1
// cpu.cfs_quota_us), as ruff's thread pool counts them. A container limited to one CPU on a
// 16-core host gets one thread, not 16 that it would pay to switch between.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { posix } from 'node:path';

/** Where the cgroup files are read: the real ones, or a copy in a test. */
export interface CgroupFiles {
  /** /proc/self/cgroup */
  selfCgroup: string;
  /** /sys/fs/cgroup */
  root: string;
}

const SYSTEM: CgroupFiles = { selfCgroup: '/proc/self/cgroup', root: '/sys/fs/cgroup' };

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** CPUs a quota allows (rounded up: 1.5 CPUs keep two threads busy part of the time), or undefined for none. */
function cpusOf(quota: number, period: number): number | undefined {
  if (!Number.isFinite(quota) || !Number.isFinite(period) || quota <= 0 || period <= 0) return undefined;
  return Math.max(1, Math.ceil(quota / period));
}

/** `/a/b` and each folder above it up to `/`: a parent's quota applies to its children. */
function selfAndAncestors(path: string): string[] {
  const out: string[] = [];
  for (let dir = posix.normalize(path); ; dir = posix.dirname(dir)) {
    out.push(dir);
    if (dir === '/' || dir === '.') return out;
  }
}

/** cgroup v2: `max 100000` or `150000 100000` in cpu.max. */
function v2Limit(dir: string): number | undefined {
  const [quota, period] = (read(posix.join(dir, 'cpu.max')) ?? '').trim().split(/\s+/);
  return quota === 'max' || quota === undefined ? undefined : cpusOf(Number(quota), Number(period ?? 100000));
}

/** cgroup v1: cpu.cfs_quota_us (-1 for none) over cpu.cfs_period_us. */
function v1Limit(dir: string): number | undefined {
  const quota = read(posix.join(dir, 'cpu.cfs_quota_us'));
  const period = read(posix.join(dir, 'cpu.cfs_period_us'));
  return quota === undefined || period === undefined ? undefined : cpusOf(Number(quota.trim()), Number(period.trim()));
}

/**
 * The CPUs this process's cgroups allow, or undefined when no quota is set (or none can be read:
 * not Linux, cgroups not mounted). The smallest quota of its cgroup and the cgroups above it; in a
 * container whose cgroup namespace hides the path, the quota at the mount's root.
 */
export function cgroupCpuLimit(files: CgroupFiles = SYSTEM): number | undefined {
  const membership = read(files.selfCgroup);
  if (membership === undefined) return undefined;
  const limits: number[] = [];
  const add = (limit: number | undefined): void => {
    if (limit !== undefined) limits.push(limit);
  };
  for (const line of membership.split('\n')) {
    // hierarchy-ID:controller-list:cgroup-path
    const match = /^(\d+):([^:]*):(\/.*)$/.exec(line.trim());
    if (!match) continue;
    const [, id, controllers, path] = match;
    if (id === '0' && controllers === '') {
      for (const dir of selfAndAncestors(path)) add(v2Limit(posix.join(files.root, dir)));
    } else if (controllers.split(',').includes('cpu')) {
      // v1 mounts the cpu controller alone or with cpuacct, under either name.
      for (const mount of [controllers, 'cpu', 'cpu,cpuacct', 'cpuacct,cpu']) {
        const base = posix.join(files.root, mount);
        for (const dir of selfAndAncestors(path)) add(v1Limit(posix.join(base, dir)));
      }
    }
  }
  return limits.length > 0 ? Math.min(...limits) : undefined;
}

let usable: number | undefined;

/** CPUs a run may keep busy: the affinity mask, capped by the cgroup CPU quota; at least 1. */
export function usableCpus(): number {
  usable ??= Math.max(1, Math.min(availableParallelism(), cgroupCpuLimit() ?? Infinity));
  return usable;
}
