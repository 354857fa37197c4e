// One profile run from the editor: settings, interpreter, output (channel or terminal), progress
// notification with elapsed time and Cancel, and the result kept in the run store.

import * as vscode from 'vscode';
import { isProfileError, ProfileError } from '../../core/profile/errors';
import type { Profile } from '../../core/profile/model';
import { runProfile } from '../../core/profile/runProfile';
import { formatDuration } from '../../shared/format';
import { joinArgs } from './argv';
import { chooseInterpreter, isInterpreterError, reportInterpreterProblem } from './interpreter';
import { showNotice } from './notices';
import { OutputStream, profileLog, profileOutputChannel } from './output';
import { adviseAfterRun, type RunAdvice } from './runAdvice';
import type { RunRecord, RunStore } from './runStore';
import type { RunTarget } from './runTarget';
import { resolveRunSettings } from './settings';
import type { ScriptFile } from './target';
import { channelOutput, TerminalOutput, type RunOutput } from './terminalOutput';
import { tracebackLinks } from './traceback';
import { renameScriptFile } from './untitledProfile';

export interface RunParams {
  script: ScriptFile;
  args: string[];
  memory: boolean;
  /** A module, launch configuration or test, resolved; absent: the script file. */
  target?: RunTarget;
  /** Run in a terminal whatever pyops.profile.output says (the script asked for input). */
  output?: 'terminal';
  /** Sample stacks without cProfile whatever pyops.profile.samplingOnly says. */
  samplingOnly?: true;
}

export interface RunResult {
  profile: Profile;
  record: RunRecord;
  /** What to suggest: the script wanted keyboard input, or command-line arguments. */
  advice?: RunAdvice;
}

/** How much of the script's stderr is kept to recognise a usage error. */
const STDERR_TAIL_CHARS = 8192;

export interface RunnerDeps {
  store(): RunStore;
  helperDir(): string;
}

/** Tries each interpreter candidate in turn while the previous one is simply missing (python3, then python). */
export async function withInterpreterCandidates<T>(
  candidates: string[],
  work: (python: string) => Promise<T>,
): Promise<{ value: T; python: string } | { error: unknown; tried: string[] }> {
  const tried: string[] = [];
  for (const python of candidates) {
    tried.push(python);
    try {
      return { value: await work(python), python };
    } catch (error) {
      const missing = isProfileError(error) && error.kind === 'interpreter-missing';
      if (!missing || python === candidates[candidates.length - 1]) return { error, tried };
    }
  }
  return { error: new ProfileError('interpreter-missing', 'No interpreter to try.', 'Set pyops.python.path.'), tried };
}

function exitLine(profile: Profile): string {
  const run = profile.run;
  const time = `profiled ${formatDuration(run.totalTime)}${run.wallTime !== null ? `, wall ${formatDuration(run.wallTime)}` : ''}`;
  switch (run.exitStatus) {
    case 'completed':
      return `[PyOps] Finished (exit code 0; ${time}).`;
    case 'exited':
      return `[PyOps] The script called sys.exit(${run.exitCode ?? 0}) (${time}).`;
    case 'raised':
      return `[PyOps] The script raised ${run.exception?.type ?? 'an exception'} (exit code ${run.exitCode ?? 1}; ${time}). The profile covers everything up to it.`;
    case 'cancelled':
      return `[PyOps] Cancelled (exit code ${run.exitCode ?? 130}); the profile shows what ran until then (${time}).`;
    default:
      return `[PyOps] Done (${time}).`;
  }
}

/**
 * Runs the script under the profiler and stores the result. Returns undefined when there is no
 * profile to show (the reason was already told to the user).
 */
export async function executeRun(deps: RunnerDeps, params: RunParams): Promise<RunResult | undefined> {
  const { script, args, memory, target } = params;
  const resource = target ? target.resource : script.temporary ? undefined : script.source;
  const settings = await resolveRunSettings(resource, script.path, { environment: target?.env === undefined });
  const choice = target?.interpreter ?? (await chooseInterpreter(resource));
  const cwd = target?.cwd ?? settings.cwd;
  const samplingOnly = params.samplingOnly ?? settings.samplingOnly;

  const abort = new AbortController();
  const outputMode = params.output ?? settings.output;
  const output: RunOutput =
    outputMode === 'terminal'
      ? new TerminalOutput(script.title, () => abort.abort())
      : channelOutput(new OutputStream(), () => profileOutputChannel().show(true));
  output.show();
  for (const warning of [...settings.warnings, ...(target?.warnings ?? [])]) output.note(`[PyOps] ${warning}`);
  output.note(
    `[PyOps] Profiling ${target?.description ?? script.title}${args.length ? ` ${joinArgs(args)}` : ''}${memory ? ' (with memory)' : ''}${samplingOnly ? ' (sampling only)' : ''} in ${cwd} \u2014 ${new Date().toLocaleTimeString()}`,
  );
  if (output.stdin)
    output.note('[PyOps] Type here to answer the script; Enter sends a line, Ctrl+D ends the input, Ctrl+C cancels the run.');

  const store = deps.store();
  // Keeping the run (for rerun/compare and Save .prof) is a bonus: a storage problem must not stop the run.
  const slot = await store.allocate().catch((error: unknown) => {
    profileLog(`Cannot keep profile runs in the workspace storage: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  const id = slot?.id ?? `unsaved-${Date.now()}`;
  const started = Date.now();
  let interpreterUsed = choice.candidates[0]!;
  const env: Record<string, string | undefined> = { PYTHONUNBUFFERED: '1', ...(target?.env ?? settings.env) };
  let stderrTail = '';

  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Profiling ${script.title}`, cancellable: true },
    async (progress, token) => {
      const cancel = token.onCancellationRequested(() => {
        abort.abort();
        progress.report({ message: 'stopping\u2026 the partial profile will be shown' });
      });
      const ticker = setInterval(() => {
        if (!abort.signal.aborted) progress.report({ message: `${formatDuration(Math.round((Date.now() - started) / 1000))} elapsed` });
      }, 1000);
      try {
        return await withInterpreterCandidates(choice.candidates, (python) => {
          interpreterUsed = python;
          return runProfile({
            python,
            ...(target?.module !== undefined ? { module: target.module } : { script: script.path }),
            ...(target?.interpreterArgs?.length ? { interpreterArgs: target.interpreterArgs } : {}),
            args,
            cwd,
            env,
            memory,
            samplingOnly,
            ...(settings.samplingIntervalMs !== undefined ? { intervalMs: settings.samplingIntervalMs } : {}),
            ...(slot ? { outFile: slot.profPath } : {}),
            helperDir: deps.helperDir(),
            signal: abort.signal,
            stdin: output.stdin,
            onStdout: (text) => output.write(text),
            onStderr: (text) => {
              stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
              output.write(text);
            },
          });
        });
      } finally {
        clearInterval(ticker);
        cancel.dispose();
      }
    },
  );

  output.endOutput?.();
  if ('error' in outcome) {
    if (slot) await store.abandon(slot.id);
    const error = outcome.error;
    output.note(`[PyOps] No profile: ${isProfileError(error) ? error.describe() : String(error)}`);
    output.close();
    if (isInterpreterError(error)) {
      await reportInterpreterProblem(error, outcome.tried, choice.source, resource);
    } else if (isProfileError(error) && error.kind === 'cancelled') {
      void showNotice('information', `Profiling ${script.title} was cancelled before the script started.`);
    } else if (isProfileError(error)) {
      if (error.detail) profileLog(`${error.message}\n${error.detail}`);
      const show = 'Show Output';
      const explained = target?.explainFailure?.(error);
      void showNotice('error', `PyOps could not profile ${script.title}: ${explained ?? error.describe()}`, show).then((c) => {
        if (c === show) output.show();
      });
    } else {
      profileLog(`Unexpected failure profiling ${script.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void showNotice('error', `PyOps could not profile ${script.title}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return undefined;
  }

  const profile = script.temporary ? renameScriptFile(outcome.value, script.path, script.source.toString()) : outcome.value;
  if (profile.run.exception) {
    output.note(`[PyOps] Traceback (most recent call last), click a line to open it:`);
    for (const line of tracebackLinks(profile.run.exception)) output.note(line);
  }
  output.note(exitLine(profile));
  output.close();
  target?.afterRun?.(profile);
  profileLog(
    `Profiled ${target?.description ?? script.path} with ${interpreterUsed}: ${profile.functions.length} functions, ${profile.run.exitStatus}.`,
  );

  const record: RunRecord = {
    id,
    source: script.source.toString(),
    args,
    memory,
    ...(samplingOnly ? { samplingOnly: true } : {}),
    title: script.title,
    startTime: profile.run.startTime ?? new Date(started).toISOString(),
    exitStatus: profile.run.exitStatus,
    totalTime: profile.run.totalTime,
    ...(target ? { target: target.stored } : {}),
  };
  try {
    if (slot) await store.add(record, profile, settings.keepRuns);
  } catch (error) {
    // Not being able to keep the run only costs rerun/compare: still show the profile.
    profileLog(`Could not keep the run in ${id}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const advice = adviseAfterRun(profile, { stdinClosed: outputMode !== 'terminal', stderrTail });
  return { profile, record, ...(advice ? { advice } : {}) };
}
