// The 5,000-line file of the edit benchmarks: whole standard-library modules a DevOps script leans
// on (subprocess, shutil, tempfile, logging...), concatenated and cut at a top-level definition.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TARGET_LINES = 5000;
const MODULES = ['subprocess.py', 'shutil.py', 'tempfile.py', 'logging/__init__.py', 'logging/handlers.py', 'os.py', 'zipfile.py'];

/** Whole modules until TARGET_LINES, cut before the first top-level definition from there on. */
export function buildFile(dir: string): { text: string; modules: string[] } {
  const lines: string[] = [];
  const modules: string[] = [];
  for (const module of MODULES) {
    modules.push(module);
    lines.push(`# ---- ${module} ----`, ...readFileSync(join(dir, module), 'utf8').split('\n'));
    if (lines.length > TARGET_LINES + 500) break;
  }
  let cut = TARGET_LINES;
  // A definition starts here and is not the decorated part of one above.
  while (cut < lines.length && !(/^(def |class |@)/.test(lines[cut]!) && !lines[cut - 1]!.startsWith('@'))) cut++;
  return { text: lines.slice(0, cut).join('\n') + '\n', modules };
}

/** Deterministic pseudo-random numbers in [0, 1) (a linear congruential generator). */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
