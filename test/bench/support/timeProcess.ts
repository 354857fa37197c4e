// Times a node process that prints a JSON array (the CLI, or a peer written like it).
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { repoRoot } from './paths';

/**
 * Wall time of a node process printing a JSON array; the array's length is returned so a run
 * that printed nothing useful (a crash, a half-built dist/) cannot pass for a fast one.
 */
export function timeProcess(
  args: string[],
  okCodes: number[],
  cwd: string = repoRoot,
): Promise<{ ms: number; stdoutBytes: number; items: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-3000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const command = `node ${args.join(' ').slice(0, 200)}`;
      if (code === null || !okCodes.includes(code)) {
        reject(new Error(`${command} exited with ${code}: ${stderr}`));
        return;
      }
      const stdout = Buffer.concat(chunks);
      let parsed: unknown;
      try {
        parsed = JSON.parse(stdout.toString('utf8'));
      } catch {
        parsed = undefined;
      }
      if (!Array.isArray(parsed)) reject(new Error(`${command} did not print a JSON array (exit ${code}): ${stderr}`));
      else resolve({ ms, stdoutBytes: stdout.length, items: parsed.length });
    });
  });
}
