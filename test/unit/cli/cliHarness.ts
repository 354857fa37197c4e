// Runs the built CLI (dist/cli.js) as a child process on a throwaway copy of a fixture tree.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/repoRoot';

/** PYOPS_CLI points the tests at another build of the CLI; by default the one `scripts/build.mjs` made. */
export const cliPath: string = process.env.PYOPS_CLI ?? join(repoRoot, 'dist', 'cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runPyops(args: string[], cwd: string, timeoutMs = 60_000): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh copy of test/fixtures/cli/<name> in a temp folder; remove it with `dispose`. */
export function copyFixture(name: string): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), `pyops-cli-${name}-`));
  cpSync(join(repoRoot, 'test', 'fixtures', 'cli', name), dir, { recursive: true });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The shape of one entry of `pyops check --format json` (ruff's JSON shape). */
export interface JsonFinding {
  cell: null;
  code: string;
  message: string;
  filename: string;
  location: { row: number; column: number };
  end_location: { row: number; column: number };
  fix: {
    applicability: string;
    message: string;
    edits: { content: string; location: { row: number; column: number }; end_location: { row: number; column: number } }[];
  } | null;
  url: string | null;
  noqa_row: number;
}

export function checkJson(args: string[], cwd: string): { result: CliResult; findings: JsonFinding[] } {
  const result = runPyops(['check', '--format', 'json', ...args], cwd);
  try {
    return { result, findings: JSON.parse(result.stdout) as JsonFinding[] };
  } catch {
    throw new Error(`pyops check ${args.join(' ')} did not print JSON (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}
