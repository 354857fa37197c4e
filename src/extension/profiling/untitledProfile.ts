// A profiled untitled buffer ran from a temporary copy that is deleted after the run: its
// profile names the buffer instead (`untitled:Untitled-1`), in paths and function ids, so hints,
// "open source" and run-to-run comparison refer to the buffer. Pure (no vscode import).

import type { AllocationSite, CallEdge, FunctionStats, Profile, TracebackFrame } from '../../core/profile/model';

export function renameScriptFile(profile: Profile, from: string, to: string): Profile {
  const file = (path: string): string => (path === from ? to : path);
  // Ids are `file:line(name)`; only the file part changes.
  const id = (value: string): string => (value.startsWith(`${from}:`) ? to + value.slice(from.length) : value);
  const edge = (e: CallEdge): CallEdge => ({ ...e, id: id(e.id) });
  const fn = (f: FunctionStats): FunctionStats => ({
    ...f,
    id: id(f.id),
    file: file(f.file),
    callers: f.callers.map(edge),
    callees: f.callees.map(edge),
  });
  const frame = (f: TracebackFrame): TracebackFrame => ({ ...f, file: file(f.file) });
  const run = { ...profile.run, script: profile.run.script === null ? null : file(profile.run.script) };
  if (profile.run.exception) run.exception = { ...profile.run.exception, frames: profile.run.exception.frames.map(frame) };
  const renamed: Profile = { ...profile, run, functions: profile.functions.map(fn) };
  if (profile.memory) {
    const site = (s: AllocationSite): AllocationSite => ({ ...s, file: file(s.file) });
    renamed.memory = { ...profile.memory, topSites: profile.memory.topSites.map(site) };
    if (profile.memory.peakSites) renamed.memory.peakSites = profile.memory.peakSites.map(site);
  }
  if (profile.sampling) {
    renamed.sampling = { ...profile.sampling, frames: profile.sampling.frames.map((f) => ({ ...f, id: id(f.id), file: file(f.file) })) };
  }
  return renamed;
}
