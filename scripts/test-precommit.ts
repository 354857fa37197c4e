// Runs the repository's pre-commit hook end to end with the real pre-commit (Debian's package):
// pre-commit builds the npm package from this checkout (npm pack) and installs it, then runs the
// hook on a staged script. Slow (it installs the dev dependencies once), so not part of npm test,
// where test/unit/cli/preCommit.test.ts runs the hook's entry the way pre-commit does.
// Usage: npm run test:precommit
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './lib/paths';

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8' });
}

if (run('pre-commit', ['--version'], root).status !== 0) {
  console.error('pre-commit is not installed: sudo apt-get install -y pre-commit');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'pyops-pre-commit-'));
const repo = join(work, 'repo');
let failed = 0;
try {
  run('git', ['init', '-q', repo], work);
  writeFileSync(join(repo, 'job.py'), 'import logging\nlogging.info("x %s" % 1)\n');
  run('git', ['add', 'job.py'], repo);
  const identity = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const env = { ...process.env, PRE_COMMIT_HOME: join(work, 'cache'), ...identity };
  const result = run('pre-commit', ['try-repo', root, 'pyops', '--files', 'job.py'], repo, env);
  const output = result.stdout + result.stderr;
  console.log(output);
  const checks: [string, boolean][] = [
    ['the hook fails on findings', result.status === 1],
    ['it reports OPS205 in job.py', /job\.py:2:1: OPS205 /.test(output)],
  ];
  for (const [what, ok] of checks) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failed++;
  }
  console.log(`${checks.length - failed} passed, ${failed} failed`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed > 0 ? 1 : 0);
