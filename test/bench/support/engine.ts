// The diagnostics engine as the server and the CLI load it: tree-sitter wasm files from dist/.
import { createAnalyzer, DEFAULT_ENGINE_CONFIG, type Analyzer, type EngineConfig, type Finding } from '../../../src/core/diagnostics';
import { builtFile, distDir } from './paths';

export { DEFAULT_ENGINE_CONFIG };
export type { Analyzer, EngineConfig, Finding };

export async function loadAnalyzer(): Promise<Analyzer> {
  builtFile('tree-sitter.wasm');
  builtFile('tree-sitter-python.wasm');
  return createAnalyzer({
    wasmDir: distDir,
    // A rule that throws is an engine bug worth seeing, but must not stop a benchmark.
    onError: (error, context) =>
      process.stderr.write(`  engine error in ${context}: ${error instanceof Error ? error.message : String(error)}\n`),
  });
}

/** Parse, analyze, dispose: what the CLI does per file. */
export function analyzeSource(analyzer: Analyzer, text: string, config: EngineConfig = DEFAULT_ENGINE_CONFIG): Finding[] {
  const doc = analyzer.open(text);
  try {
    return analyzer.analyze(doc, config);
  } finally {
    doc.dispose();
  }
}
