// Kept so that `node scripts/readme-tables.mjs [--check]` still works: the README tables are written
// by scripts/generate.ts (`npm run generate`), together with the rule registry and the rules index.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
const built = run([join(root, 'scripts/build.mjs'), '--scripts']);
process.exit(built !== 0 ? built : run([join(root, 'out/scripts/generate.mjs'), ...process.argv.slice(2)]));
