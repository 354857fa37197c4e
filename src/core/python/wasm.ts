// Loads web-tree-sitter and the Python grammar from explicit .wasm paths (bundles have no import.meta.url).
import { join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

let runtimeReady: Promise<void> | undefined;
/**
 * The runtime's memory, handed to it rather than made by it so its size can be read: it grows to
 * fit the largest tree parsed and never shrinks. Same size and cap as the runtime's own default.
 */
const WASM_PAGE_BYTES = 65_536;
let runtimeMemory: WebAssembly.Memory | undefined;

/** Bytes of memory tree-sitter's runtime holds in this thread (0 before it is loaded). */
export function parserMemoryBytes(): number {
  return runtimeMemory?.buffer.byteLength ?? 0;
}
const languages = new Map<string, Promise<Language>>();

export interface WasmPaths {
  /** web-tree-sitter's runtime, tree-sitter.wasm. */
  runtime: string;
  /** The grammar, tree-sitter-python.wasm. */
  python: string;
}

/** The two .wasm files in one folder (dist/ in the bundles). */
export function wasmPathsIn(dir: string): WasmPaths {
  return { runtime: join(dir, 'tree-sitter.wasm'), python: join(dir, 'tree-sitter-python.wasm') };
}

/** The tree-sitter Python grammar; the runtime is initialised once per process. */
export function loadPython(paths: WasmPaths): Promise<Language> {
  runtimeMemory ??= new WebAssembly.Memory({ initial: (32 * 1024 * 1024) / WASM_PAGE_BYTES, maximum: 32_768 });
  runtimeReady ??= Parser.init({ locateFile: () => paths.runtime, wasmMemory: runtimeMemory }).catch((err: unknown) => {
    runtimeReady = undefined;
    throw new Error(`Could not load ${paths.runtime}: ${err instanceof Error ? err.message : String(err)}`);
  });
  let language = languages.get(paths.python);
  if (!language) {
    language = runtimeReady.then(() =>
      Language.load(paths.python).catch((err: unknown) => {
        languages.delete(paths.python);
        throw new Error(`Could not load ${paths.python}: ${err instanceof Error ? err.message : String(err)}`);
      }),
    );
    languages.set(paths.python, language);
  }
  return language;
}

/** A parser for the Python grammar. */
export async function createPythonParser(paths: WasmPaths): Promise<Parser> {
  const language = await loadPython(paths);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
