// Locates the machine's Python standard library (for the robustness sweep).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: string | undefined;
export function stdlibDir(): string {
  cached ??= execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
  return cached;
}

/** Every .py file under the standard library, third-party site-packages excluded. */
export function stdlibFiles(dir = stdlibDir(), out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'site-packages' && entry.name !== '__pycache__') stdlibFiles(path, out);
    } else if (entry.name.endsWith('.py')) out.push(path);
  }
  return out;
}

/** Every `every`-th standard library file (see stdlibFiles) with its text; files that cannot be read are left out. */
export function* readableStdlibFiles(every = 1): Generator<{ path: string; text: string }> {
  for (const path of stdlibFiles().filter((_, i) => i % every === 0)) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue; // unreadable: not a test's concern
    }
    yield { path, text };
  }
}
