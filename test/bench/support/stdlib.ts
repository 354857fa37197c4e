// The benchmark corpus: every .py file of the machine's Python standard library, found by
// `pyops check` itself (site-packages, __pycache__ and the default excludes skipped) and decoded the way the CLI
// decodes them, so the in-memory runs and the command-line runs see the same files and text.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/repoRoot';
import { decodeSource } from '../../../src/cli/readSource';

export const python = process.env.PYOPS_BENCH_PYTHON ?? 'python3';

export interface SourceText {
  path: string;
  text: string;
  lines: number;
}

export interface Corpus {
  dir: string;
  sources: SourceText[];
  /** Files Python itself could not decode either (binary test data...), left out of every run. */
  undecodable: string[];
  lines: number;
  bytes: number;
}

export function stdlibDir(): string {
  const result = spawnSync(python, ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  const dir = result.stdout?.trim();
  if (result.status !== 0 || !dir)
    throw new Error(`could not ask ${python} for its standard library: ${result.stderr || result.error?.message}`);
  return dir;
}

/**
 * The standard library of a pyenv Python sits in a git repository (~/.pyenv) whose .gitignore
 * ignores its versions/: checked as it is, not as pyenv's repository sees it.
 */
export const STDLIB_FLAGS: readonly string[] = ['--no-respect-gitignore'];

/** The files `pyops check DIR` would check (its --show-files), from the built CLI. */
export function stdlibFiles(dir = stdlibDir()): string[] {
  const result = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'check', '--show-files', ...STDLIB_FLAGS, dir], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`pyops check --show-files ${dir} failed: ${result.stderr || result.error?.message}`);
  return result.stdout.split('\n').filter((line) => line !== '');
}

function countLines(text: string): number {
  let lines = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** Reads the files once into memory. */
export function readCorpus(files: readonly string[], dir: string): Corpus {
  const sources: SourceText[] = [];
  const undecodable: string[] = [];
  let bytes = 0;
  for (const path of files) {
    const raw = readFileSync(path);
    const decoded = decodeSource(raw);
    if (!decoded.ok) {
      undecodable.push(path);
      continue;
    }
    bytes += raw.length;
    sources.push({ path, text: decoded.source.text, lines: countLines(decoded.source.text) });
  }
  return { dir, sources, undecodable, lines: sources.reduce((sum, s) => sum + s.lines, 0), bytes };
}

export function loadStdlib(): Corpus {
  const dir = stdlibDir();
  return readCorpus(stdlibFiles(dir), dir);
}
