// Exports of the sampled stacks (true paths, nothing apportioned):
// - collapsed stacks, one line per distinct stack: `thread:<name>;<frame>;<frame> <microseconds>`,
//   root first, each frame `<function> (<path>:<line>)` (the function's first line, the path
//   relative to the working directory when below it); waiting samples end with `[waiting]`;
// - speedscope's file format, one sampled profile per thread (and one for asyncio await time).
import { isAbsolute, relative, sep } from 'node:path';
import type { Profile, SampleFrame } from './model';
import {
  collapsedText,
  speedscopeFile,
  speedscopeProfile,
  type SpeedscopeFile,
  type SpeedscopeFrame,
  type SpeedscopeSampledProfile,
} from './exportFormats';
import { WAITING_ID } from './sampledTree';

/** `path` relative to `baseDir` when inside it, with `/` separators; otherwise as it is. */
export function displayPath(path: string, baseDir: string | null): string {
  if (!baseDir || !isAbsolute(path)) return path;
  const rel = relative(baseDir, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return path;
  return rel.split(sep).join('/');
}

/** No `;` (the frame separator) and no line break inside a collapsed-stack frame. */
function collapsedSafe(text: string): string {
  return text.replace(/;/g, ':').replace(/[\r\n]+/g, ' ');
}

export function sampledFrameLabel(frame: SampleFrame, baseDir: string | null): string {
  return collapsedSafe(`${frame.name} (${displayPath(frame.file, baseDir)}:${frame.line})`);
}

/**
 * The collapsed stacks of a sampled profile (empty when it has none). `baseDir` defaults to the
 * run's working directory. Identical stacks are summed; lines rounding to 0 µs are left out.
 */
export function toSampledCollapsed(profile: Profile, baseDir: string | null = profile.run.cwd): string {
  const sampling = profile.sampling;
  if (!sampling) return '';
  const labels = sampling.frames.map((frame) => sampledFrameLabel(frame, baseDir));
  const threads = profile.threads ?? [];
  const totals = new Map<string, number>();
  for (const stack of sampling.stacks) {
    const parts = [collapsedSafe(`thread:${threads[stack.thread]?.name ?? stack.thread}`)];
    for (const index of stack.frames) parts.push(labels[index]!);
    if (stack.state === 'waiting') parts.push(WAITING_ID);
    const key = parts.join(';');
    totals.set(key, (totals.get(key) ?? 0) + stack.seconds);
  }
  return collapsedText([...totals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** speedscope JSON: one sampled profile per thread, weights in seconds; `[waiting]` leaves mark off-CPU time. */
export function toSampledSpeedscope(profile: Profile): SpeedscopeFile {
  const sampling = profile.sampling;
  const frames: SpeedscopeFrame[] = (sampling?.frames ?? []).map((frame) => ({ name: frame.name, file: frame.file, line: frame.line }));
  const waitingFrame = frames.length;
  frames.push({ name: WAITING_ID });
  const threads = profile.threads ?? [];
  const byThread = new Map<number, { samples: number[][]; weights: number[] }>();
  for (const stack of sampling?.stacks ?? []) {
    let entry = byThread.get(stack.thread);
    if (!entry) {
      entry = { samples: [], weights: [] };
      byThread.set(stack.thread, entry);
    }
    entry.samples.push(stack.state === 'waiting' ? [...stack.frames, waitingFrame] : [...stack.frames]);
    entry.weights.push(stack.seconds);
  }
  const profiles: SpeedscopeSampledProfile[] = [...byThread.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([thread, entry]) => speedscopeProfile(`thread: ${threads[thread]?.name ?? thread}`, entry.samples, entry.weights));
  if (sampling && sampling.awaits.length > 0) {
    profiles.push(
      speedscopeProfile(
        'asyncio: where suspended tasks awaited (task-seconds)',
        sampling.awaits.map((stack) => [...stack.frames]),
        sampling.awaits.map((stack) => stack.seconds),
      ),
    );
  }
  return speedscopeFile(profile, frames, profiles);
}
