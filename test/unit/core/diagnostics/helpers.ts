// Shared setup for the diagnostics tests: one analyzer (wasm from node_modules), fixture reading,
// `# expect: CODE` markers, and a syntax check of fixed code.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { repoRoot } from '../../../helpers/repoRoot';
import { createAnalyzer, DEFAULT_ENGINE_CONFIG, type Analyzer, type EngineConfig, type Finding } from '../../../../src/core/diagnostics';
import type { Engine } from '../../../../src/core/diagnostics/engine';
import { createPythonParser } from '../../../../src/core/python/wasm';

export const wasmPaths = {
  runtime: join(repoRoot, 'node_modules/web-tree-sitter/tree-sitter.wasm'),
  python: join(repoRoot, 'node_modules/tree-sitter-python/tree-sitter-python.wasm'),
};

/** Errors a rule threw during the tests; every suite checks this stays empty. */
export const internalErrors: string[] = [];

let analyzer: Promise<Analyzer> | undefined;
export function getAnalyzer(): Promise<Analyzer> {
  analyzer ??= createAnalyzer({
    wasmDir: join(repoRoot, 'dist'),
    treeSitterWasm: wasmPaths.runtime,
    pythonWasm: wasmPaths.python,
    onError: (error, context) => internalErrors.push(`${context}: ${error instanceof Error ? error.stack : String(error)}`),
  });
  return analyzer;
}

let parser: Promise<Parser> | undefined;
/** Whether tree-sitter finds a syntax error (ERROR or MISSING node) in `text`. */
export async function hasSyntaxError(text: string): Promise<boolean> {
  parser ??= createPythonParser(wasmPaths);
  const tree = (await parser).parse(text);
  if (!tree) throw new Error('parse failed');
  const broken = tree.rootNode.hasError;
  tree.delete();
  return broken;
}

export function config(overrides: Partial<EngineConfig> = {}): EngineConfig {
  return { ...DEFAULT_ENGINE_CONFIG, ...overrides, wrappers: { ...DEFAULT_ENGINE_CONFIG.wrappers, ...overrides.wrappers } };
}

export async function analyze(text: string, cfg: EngineConfig = DEFAULT_ENGINE_CONFIG, relativePath?: string): Promise<Finding[]> {
  const a = await getAnalyzer();
  const doc = a.open(text);
  try {
    return a.analyze(doc, cfg, relativePath);
  } finally {
    doc.dispose();
  }
}

/** Removes the common indentation of a template literal and its first newline. */
/** The findings of `text` analysed once by `engine`, its document disposed of. */
export function findingsOf(engine: Engine, text: string, cfg: EngineConfig = DEFAULT_ENGINE_CONFIG): Finding[] {
  const doc = engine.open(text);
  try {
    return engine.analyze(doc, cfg);
  } finally {
    doc.dispose();
  }
}

export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** "line:CODE" (1-based lines) for each finding, optionally only of one rule. */
export function lineCodes(findings: Finding[], code?: string): string[] {
  return findings.filter((f) => !code || f.code === code).map((f) => `${f.range.start.line + 1}:${f.code}`);
}

/** "line:CODE" for every `# expect: CODE [CODE...]` marker in a fixture. */
export function expectedMarkers(text: string, code?: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /#\s*expect:\s*([A-Z0-9 ,]+)/.exec(line);
    if (!m) return;
    for (const c of m[1].split(/[\s,]+/)) if (c && (!code || c === code)) out.push(`${i + 1}:${c}`);
  });
  return out;
}

export const fixturesDir = join(repoRoot, 'test/fixtures/rules');

export interface Fixture {
  code: string;
  file: string;
  path: string;
  text: string;
}

/** Every fixture file under test/fixtures/rules/<CODE>/. */
export function ruleFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const code of readdirSync(fixturesDir)
    .filter((d) => /^OPS\d{3}$/.test(d))
    .sort()) {
    for (const file of readdirSync(join(fixturesDir, code))
      .filter((f) => f.endsWith('.py'))
      .sort()) {
      const path = join(fixturesDir, code, file);
      out.push({ code, file, path, text: readFileSync(path, 'utf8') });
    }
  }
  return out;
}

/** Python's own verdict on each text: null when `ast.parse` accepts it, else the error. */
export function pythonSyntaxErrors(texts: string[]): (string | null)[] {
  const script = [
    'import ast, json, sys',
    'out = []',
    'for t in json.load(sys.stdin):',
    '    try:',
    '        ast.parse(t)',
    '        out.append(None)',
    '    except SyntaxError as e:',
    '        out.append(f"{e.msg} (line {e.lineno})")',
    'json.dump(out, sys.stdout)',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as (string | null)[];
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
