// Shared helpers for the profiling tests: repository paths, temporary folders, pstats via Python.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { repoRoot } from '../../../helpers/repoRoot';

export { repoRoot };

export const helperDir = join(repoRoot, 'src', 'python');
export const python = process.env.PYOPS_TEST_PYTHON ?? 'python3';

export function fixture(...parts: string[]): string {
  return join(repoRoot, 'test', 'fixtures', 'profile', ...parts);
}

/** A thread pool fan-out: the script the integration tests profile in the fixture workspace, checked here too. */
export const threadPoolScript = join(repoRoot, 'test', 'fixtures', 'workspace', 'profiling', 'thread_pool.py');

/** A fresh folder per test, to pass as tempRoot and check that nothing is left in it. */
export function makeTempRoot(): string {
  return mkdtempSync(join(tmpdir(), 'pyops-test-'));
}

export function leftovers(dir: string): string[] {
  return readdirSync(dir);
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface PstatsRow {
  file: string;
  line: number;
  name: string;
  primitiveCalls: number;
  totalCalls: number;
  callers: Array<{ file: string; line: number; name: string; totalCalls: number }>;
}

/** Reads a .prof with Python's own pstats, independently of our helper. */
export async function readWithPstats(profFile: string): Promise<PstatsRow[]> {
  const code = [
    'import json, pstats, sys',
    'rows = []',
    'for (f, l, n), (cc, nc, tt, ct, callers) in pstats.Stats(sys.argv[1]).stats.items():',
    '    rows.append({"file": f, "line": l, "name": n, "primitiveCalls": cc, "totalCalls": nc,',
    '                 "callers": [{"file": k[0], "line": k[1], "name": k[2], "totalCalls": v[1]} for k, v in callers.items()]})',
    'print(json.dumps(rows))',
  ].join('\n');
  const { stdout } = await execa(python, ['-c', code, profFile]);
  return JSON.parse(stdout) as PstatsRow[];
}
