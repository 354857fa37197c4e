// Times Python runs for the profiling benches: a plain interpreter process (the peer) and a
// PyOps profile run through the core's runProfile, as the extension and the CLI start one.
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runProfile, type Profile } from '../../../src/core/profile';

/** Wall time of `python args…` in `cwd`, output drained as a terminal would; a failed run rejects. */
export function timePython(python: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(python, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = performance.now() - started;
      if (code === 0) resolve(elapsed);
      else reject(new Error(`${python} ${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

export interface ProfileRunOptions {
  python: string;
  script: string;
  helperDir: string;
  outFile: string;
  samplingOnly?: boolean;
}

/** From the runProfile call to the parsed Profile, run from the script's folder; the caller checks the profile. */
export async function timeProfileRun(options: ProfileRunOptions): Promise<{ ms: number; profile: Profile }> {
  const started = performance.now();
  const profile = await runProfile({
    python: options.python,
    script: options.script,
    cwd: dirname(options.script),
    env: { PYTHONUNBUFFERED: '1' },
    outFile: options.outFile,
    samplingOnly: options.samplingOnly,
    helperDir: options.helperDir,
    onStdout: () => {},
    onStderr: () => {},
  });
  return { ms: performance.now() - started, profile };
}
