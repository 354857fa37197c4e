// `pyops profile --env-file FILE`: .env files read by the Python extension's rules (see
// src/core/env/envFile.ts), in order, each over the environment built so far.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeEnvFileProblems, parseEnvFile } from '../core/env/envFile';
import { envFileOverProcess, type Environment } from '../core/env/mergeEnvironment';

export class EnvFileOptionError extends Error {}

export interface EnvFileOptions {
  /** Variables to set over the process environment. */
  vars: Record<string, string>;
  /** Lines that set nothing, quotes never closed: one sentence each. */
  warnings: string[];
}

export async function readEnvFileOptions(files: readonly string[], cwd: string, processEnv: Environment): Promise<EnvFileOptions> {
  const vars: Record<string, string> = {};
  const warnings: string[] = [];
  for (const given of files) {
    const file = resolve(cwd, given);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
      throw new EnvFileOptionError(`cannot read --env-file ${given} (${reason}); give the path of a .env file (NAME=VALUE lines).`);
    }
    const base = { ...processEnv, ...vars };
    const parsed = parseEnvFile(text, base);
    Object.assign(vars, envFileOverProcess(parsed.variables, { processEnv: base }));
    warnings.push(...describeEnvFileProblems(given, parsed));
  }
  return { vars, warnings };
}
