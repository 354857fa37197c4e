// Bench 8: the parsing design. Today's segments (src/core/python: top-level statements and
// members of large classes parsed apart, text no rule can use left unparsed) against the simplest
// design (one tree per document, tree.edit + incremental reparse, getChangedRanges; see
// support/wholeTreeDocument.ts), on the same work, alternating, in the same process:
// (a) the edits of item 2 (one character inserted then deleted at seeded random places of the
//     5,000-line file), each followed by analyze();
// (b) a typing replay: a function typed character by character (Enter inserts the line break and
//     the next line's indentation, as an editor's auto-indent does; brackets and quotes are not
//     auto-closed, so every transient syntax error happens), at the top level and inside a class;
// (c) throughput on the standard library: in memory on one thread (ruff-wasm alongside), and on
//     two worker threads reading the files, as `pyops check` runs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Parser } from 'web-tree-sitter';
import { decodeSource } from '../../src/cli/readSource';
import { DEFAULT_ENGINE_CONFIG, RULES, type Finding, type Range } from '../../src/core/diagnostics';
import { Engine } from '../../src/core/diagnostics/engine';
import type { SegmentedText } from '../../src/core/python/segments';
import { LineIndex } from '../../src/core/python/lineIndex';
import { createPythonParser, wasmPathsIn } from '../../src/core/python/wasm';
import { buildFile, randomSource } from './support/bigFile';
import { distDir, repoRoot } from './support/paths';
import { progress, runBench, targetFigure, type Figure } from './support/result';
import { ruffEquivalents, ruffWorkspace } from './support/ruff';
import { describeMs, formatMs, formatNumber, summarize, type Summary } from './support/stats';
import { loadStdlib, stdlibDir, stdlibFiles } from './support/stdlib';
import { WholeTreeDocument } from './support/wholeTreeDocument';

type Design = 'segments' | 'whole';
const DESIGNS: Design[] = ['segments', 'whole'];
const NAMES: Record<Design, string> = { segments: 'Segments (today)', whole: 'One tree per document' };

interface EditableDocument extends SegmentedText {
  update(changes: { range?: Range; text: string }[]): void;
  dispose(): void;
}

interface Engines {
  engine: Engine;
  parser: Parser;
  open(design: Design, text: string): EditableDocument;
}

async function engines(): Promise<Engines> {
  const parser = await createPythonParser(wasmPathsIn(distDir));
  const engine = new Engine(parser, (error, context) => process.stderr.write(`  engine error in ${context}: ${String(error)}\n`));
  return {
    engine,
    parser,
    open: (design, text) => (design === 'segments' ? engine.open(text) : new WholeTreeDocument(parser, text)),
  };
}

function analyzeOnce(e: Engines, design: Design, text: string): number {
  const doc = e.open(design, text);
  try {
    return e.engine.analyze(doc, DEFAULT_ENGINE_CONFIG).length;
  } finally {
    doc.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// (c) two worker threads, as `pyops check` runs: each reads, decodes and analyzes its share.

interface WorkerInput {
  kind: 'pyops-parsing-bench';
  design: Design;
  files: string[];
}

if (!isMainThread && (workerData as WorkerInput | null)?.kind === 'pyops-parsing-bench') {
  const input = workerData as WorkerInput;
  void engines().then((e) => {
    let findings = 0;
    for (const path of input.files) {
      const decoded = decodeSource(readFileSync(path));
      if (decoded.ok) findings += analyzeOnce(e, input.design, decoded.source.text);
    }
    parentPort!.postMessage(findings);
  });
}

/** Wall time of `threads` workers sharing the files (interleaved, so big directories spread). */
function threadedRun(design: Design, files: string[], threads: number): Promise<{ ms: number; findings: number }> {
  const started = performance.now();
  const shares = Array.from({ length: threads }, (_, t) => files.filter((_, i) => i % threads === t));
  return Promise.all(
    shares.map(
      (share) =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(__filename, {
            workerData: { kind: 'pyops-parsing-bench', design, files: share } satisfies WorkerInput,
          });
          worker.once('message', (n: number) => {
            resolve(n);
            void worker.terminate();
          });
          worker.once('error', reject);
        }),
    ),
  ).then((counts) => ({ ms: performance.now() - started, findings: counts.reduce((a, b) => a + b, 0) }));
}

// ---------------------------------------------------------------------------------------------
// (b) the typing replay.

const TYPED_FUNCTION = `def rotate_backups(directory, keep=7):
    """Delete all but the newest \`keep\` backups in directory."""
    log = logging.getLogger(__name__)
    backups = sorted(
        (p for p in os.listdir(directory) if p.endswith(".tar.gz")),
        reverse=True,
    )
    for name in backups[keep:]:
        path = os.path.join(directory, name)
        try:
            os.remove(path)
        except OSError as err:
            log.error(f"could not remove {path}: {err}")
            continue
        log.info("removed %s", path)
    result = subprocess.run(["sync"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("sync failed: " + result.stderr)
    return len(backups[keep:])
`;

/** The changes an editor sends while `typed` is typed at `offset` of `text`: one per key. */
function keystrokes(text: string, offset: number, typed: string): { range: Range; text: string }[] {
  const out: { range: Range; text: string }[] = [];
  let current = text;
  let at = offset;
  for (let i = 0; i < typed.length;) {
    let key = typed[i]!;
    if (key === '\n') {
      // Enter with auto-indent: the line break and the next line's indentation in one change.
      let j = i + 1;
      while (typed[j] === ' ') j++;
      key = typed.slice(i, j);
    }
    const p = new LineIndex(current).positionAt(at);
    out.push({ range: { start: p, end: p }, text: key });
    current = current.slice(0, at) + key + current.slice(at);
    at += key.length;
    i += key.length;
  }
  return out;
}

/** `source` with every line indented by `indent`. */
function indented(source: string, indent: string): string {
  return source.replace(/^(?=.)/gm, indent);
}

// ---------------------------------------------------------------------------------------------

function spread(s: Summary): string {
  return `median ${formatMs(s.median)}, p95 ${formatMs(s.p95)}, max ${formatMs(s.max)} (n=${s.n})`;
}

void (
  isMainThread &&
  runBench(8, 'parsing', 'Parsing design: segments vs one tree per document', async ({ quick }) => {
    const e = await engines();
    const { text } = buildFile(stdlibDir());
    const figures: Figure[] = [];
    const notes: string[] = [];

    // (a) item 2's edits.
    {
      const lines = text.split('\n');
      const docs = { segments: e.open('segments', text), whole: e.open('whole', text) };
      for (const d of DESIGNS) e.engine.analyze(docs[d], DEFAULT_ENGINE_CONFIG);
      const total: Record<Design, number[]> = { segments: [], whole: [] };
      const update: Record<Design, number[]> = { segments: [], whole: [] };
      const random = randomSource(5000);
      const editable = lines.map((line, index) => (line.trim() ? index : -1)).filter((index) => index >= 0);
      const warmup = 20;
      const measured = quick ? 40 : 300;
      let differing = 0;
      for (let i = 0; i < warmup + measured; i++) {
        const line = editable[Math.floor(random() * editable.length)]!;
        const character = Math.floor(random() * (lines[line]!.length + 1));
        const at = { line, character };
        const edits = [
          { range: { start: at, end: at }, text: 'x' },
          { range: { start: at, end: { line, character: character + 1 } }, text: '' },
        ];
        for (const edit of edits) {
          const found: Partial<Record<Design, Finding[]>> = {};
          for (const d of i % 2 === 0 ? DESIGNS : [...DESIGNS].reverse()) {
            const started = performance.now();
            docs[d].update([edit]);
            const updated = performance.now();
            found[d] = e.engine.analyze(docs[d], DEFAULT_ENGINE_CONFIG);
            const done = performance.now();
            if (i >= warmup) {
              total[d].push(done - started);
              update[d].push(updated - started);
            }
          }
          if (JSON.stringify(found.segments) !== JSON.stringify(found.whole)) differing++;
        }
        if ((i + 1) % 100 === 0) progress(`parsing: ${i + 1}/${warmup + measured} insert+delete pairs`);
      }
      for (const d of DESIGNS) docs[d].dispose();
      for (const d of DESIGNS) {
        const t = summarize(total[d]);
        const u = summarize(update[d]);
        figures.push(
          targetFigure(
            {
              label: `${NAMES[d]}: one-character edit in the 5,000-line file, update() + analyze(), p95`,
              value: formatMs(t.p95),
              raw: t.p95,
              unit: 'ms',
              detail: spread(t),
            },
            '<',
            5,
            '5 ms',
          ),
          {
            label: `  of which update() (tree edit + reparse), p50 / p95`,
            value: `${formatMs(u.median)} / ${formatMs(u.p95)}`,
            raw: u.p95,
            unit: 'ms',
            detail: spread(u),
          },
        );
      }
      notes.push(
        `(a) ${measured} insert+delete pairs at the seeded positions of item 2, after ${warmup} warm-up pairs; the two designs take turns on each edit (which one goes first alternates). Edits after which the two gave different findings: ${differing} of ${measured * 2 + warmup * 2}.`,
      );
    }

    // (b) typing replays.
    {
      const topLevel = text.indexOf('\ndef ', Math.floor(text.length / 2)) + 1;
      const popen = text.indexOf('\nclass Popen');
      const method = text.indexOf('\n    def poll(', popen) + 1;
      const scenarios = [
        { name: 'a new top-level function', at: topLevel, typed: TYPED_FUNCTION + '\n\n' },
        {
          name: 'a new method in class Popen (60 k characters)',
          at: method,
          typed: indented(TYPED_FUNCTION, '    ').replace('def rotate_backups(', 'def rotate_backups(self, ') + '\n',
        },
      ];
      for (const scenario of scenarios) {
        const keys = keystrokes(text, scenario.at, scenario.typed);
        const rounds = quick ? 1 : 2;
        const times: Record<Design, number[]> = { segments: [], whole: [] };
        let differing = 0;
        for (let round = 0; round < rounds; round++) {
          const docs = { segments: e.open('segments', text), whole: e.open('whole', text) };
          for (const d of DESIGNS) e.engine.analyze(docs[d], DEFAULT_ENGINE_CONFIG);
          keys.forEach((key, k) => {
            const found: Partial<Record<Design, Finding[]>> = {};
            for (const d of (k + round) % 2 === 0 ? DESIGNS : [...DESIGNS].reverse()) {
              const started = performance.now();
              docs[d].update([key]);
              found[d] = e.engine.analyze(docs[d], DEFAULT_ENGINE_CONFIG);
              times[d].push(performance.now() - started);
            }
            if (round === 0 && JSON.stringify(found.segments) !== JSON.stringify(found.whole)) differing++;
          });
          if (docs.segments.text !== docs.whole.text) throw new Error('the two documents diverged during the replay');
          for (const d of DESIGNS) docs[d].dispose();
        }
        for (const d of DESIGNS) {
          const t = summarize(times[d]);
          figures.push({
            label: `${NAMES[d]}: typing ${scenario.name}, per keystroke, p95`,
            value: formatMs(t.p95),
            raw: t.p95,
            unit: 'ms',
            detail: spread(t),
          });
        }
        notes.push(
          `(b) Typing ${scenario.name}: ${keys.length} keystrokes, ${rounds} rounds; keystrokes after which the two gave different findings (syntax errors recover differently): ${differing}.`,
        );
        progress(`parsing: typing replay "${scenario.name}" done`);
      }
    }

    // (c) throughput on the standard library.
    {
      const corpus = loadStdlib();
      const sources = corpus.sources.map((s) => s.text);
      const ruff = ruffWorkspace([...ruffEquivalents(RULES).keys()]);
      const pass = (d: Design | 'ruff'): number => {
        const started = performance.now();
        for (const t of sources) {
          if (d === 'ruff') ruff.workspace.check(t);
          else analyzeOnce(e, d, t);
        }
        return performance.now() - started;
      };
      for (const d of [...DESIGNS, 'ruff'] as const) pass(d); // warm-up
      const passes = quick ? 1 : 3;
      const single: Record<Design | 'ruff', number[]> = { segments: [], whole: [], ruff: [] };
      for (let i = 0; i < passes; i++) {
        const order: (Design | 'ruff')[] = i % 2 === 0 ? ['segments', 'whole', 'ruff'] : ['ruff', 'whole', 'segments'];
        for (const d of order) single[d].push(pass(d));
        progress(`parsing: in-memory pass ${i + 1}/${passes}`);
      }
      const files = stdlibFiles(corpus.dir);
      const threads = availableParallelism();
      const threaded: Record<Design, number[]> = { segments: [], whole: [] };
      const threadedFindings: Record<Design, number> = { segments: 0, whole: 0 };
      for (let i = 0; i < passes; i++) {
        for (const d of i % 2 === 0 ? DESIGNS : [...DESIGNS].reverse()) {
          const run = await threadedRun(d, files, threads);
          threaded[d].push(run.ms);
          threadedFindings[d] = run.findings;
        }
        progress(`parsing: ${threads}-thread pass ${i + 1}/${passes}`);
      }
      // ruff-wasm's process of item 1: node start, reading and decoding the files, linting, JSON out.
      const ruffProcess: number[] = [];
      for (let i = 0; i < passes; i++) {
        const started = performance.now();
        const run = spawnSync(process.execPath, [join(repoRoot, 'out/test/bench/ruffFiles.js'), corpus.dir, ...ruff.codes], {
          stdio: ['ignore', 'pipe', 'pipe'],
          maxBuffer: 1 << 30,
        });
        if (run.status !== 0) throw new Error(`ruffFiles.js failed: ${String(run.stderr)}`);
        ruffProcess.push(performance.now() - started);
      }
      const ruffSingle = summarize(single.ruff).median;
      const ruffRead = summarize(ruffProcess).median;
      for (const d of DESIGNS) {
        const s = summarize(single[d]);
        const t = summarize(threaded[d]);
        figures.push(
          {
            label: `${NAMES[d]}: engine in memory, one thread, ruff time / this`,
            value: `${(ruffSingle / s.median).toFixed(2)}x`,
            raw: ruffSingle / s.median,
            unit: 'x',
            detail: `${formatMs(s.median)} (${describeMs(s)}) against ruff-wasm ${formatMs(ruffSingle)}`,
          },
          targetFigure(
            {
              label: `${NAMES[d]}: ${threads} worker threads reading the files, ruff-wasm process (as in item 1) time / this`,
              value: `${(ruffRead / t.median).toFixed(2)}x`,
              raw: ruffRead / t.median,
              unit: 'x',
              detail: `${formatMs(t.median)} (${describeMs(t)}) against ${formatMs(ruffRead)}; ${formatNumber(threadedFindings[d])} findings`,
            },
            '>=',
            1,
            '1.00x',
          ),
        );
      }
      notes.push(
        `(c) ${formatNumber(files.length)} standard-library files, ${formatNumber(corpus.lines)} lines; ${passes} alternating passes after a warm-up pass of each. The threaded runs include starting the workers and loading tree-sitter in each, as \`pyops check\` does; item 1 measures the real CLI.`,
      );
    }
    return { status: 'ok', figures, notes };
  })
);
