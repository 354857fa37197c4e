// `--diff`: what --fix would change, as a unified diff per file (jsdiff's `diff` package), in the
// form ruff prints: `--- path` / `+++ path` headers, then the hunks.
import { createTwoFilesPatch } from 'diff';
import type { CheckRun } from '../checkFiles';
import { portablePath } from './paths';

export function diffReport(run: CheckRun, cwd: string): string {
  const patches: string[] = [];
  for (const file of run.checked) {
    if (file.diff === undefined || file.diff.before === file.diff.after) continue;
    const name = portablePath(file.path, cwd);
    const patch = createTwoFilesPatch(name, name, file.diff.before, file.diff.after, undefined, undefined, { context: 3 });
    // jsdiff starts with svn's "Index:" and "=====" lines, which patch(1) and git apply do not need.
    patches.push(patch.replace(/^(Index: [^\n]*\n)?=+\n/, ''));
  }
  return patches.join('\n');
}
