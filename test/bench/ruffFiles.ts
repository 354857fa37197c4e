// The ruff peer of `pyops check --format json`, as one process: collects the same files, reads
// and decodes them, lints each with ruff-wasm (the PyOps-equivalent codes) and prints the
// diagnostics as JSON. Run by the throughput bench: node out/test/bench/ruffFiles.js DIR CODE...
import { readFileSync } from 'node:fs';
import { stdlibFiles } from './support/stdlib';
import { decodeSource } from '../../src/cli/readSource';
import { ruffWorkspace, type Diagnostic } from './support/ruff';

const [dir, ...codes] = process.argv.slice(2);
if (!dir || codes.length === 0) {
  process.stderr.write('usage: node out/test/bench/ruffFiles.js DIR CODE...\n');
  process.exit(2);
}
const { workspace } = ruffWorkspace(codes);
const out: Array<Diagnostic & { filename: string }> = [];
for (const path of stdlibFiles(dir)) {
  const decoded = decodeSource(readFileSync(path));
  if (!decoded.ok) continue;
  for (const diagnostic of workspace.check(decoded.source.text) as Diagnostic[]) out.push({ ...diagnostic, filename: path });
}
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
