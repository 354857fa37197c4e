// The two file formats PyOps exports a profile in, whatever the profile's source (the cProfile call
// tree in exports.ts, the sampled stacks in sampledExports.ts): speedscope's JSON and collapsed
// stacks (`frame;frame;frame N`, read by flamegraph.pl, speedscope and inferno).
import type { Profile } from './model';

export const SPEEDSCOPE_SCHEMA = 'https://www.speedscope.app/file-format-schema.json';

export interface SpeedscopeFrame {
  name: string;
  file?: string;
  line?: number;
}

export interface SpeedscopeSampledProfile {
  type: 'sampled';
  name: string;
  unit: 'seconds';
  startValue: number;
  endValue: number;
  samples: number[][];
  weights: number[];
}

export interface SpeedscopeFile {
  $schema: typeof SPEEDSCOPE_SCHEMA;
  exporter: string;
  name: string;
  activeProfileIndex: number;
  shared: { frames: SpeedscopeFrame[] };
  profiles: SpeedscopeSampledProfile[];
}

/** A speedscope sampled profile: `samples` are stacks of frame indexes, root first; weights in seconds. */
export function speedscopeProfile(name: string, samples: number[][], weights: number[]): SpeedscopeSampledProfile {
  return { type: 'sampled', name, unit: 'seconds', startValue: 0, endValue: weights.reduce((sum, w) => sum + w, 0), samples, weights };
}

/** The speedscope file of a profile: named after its script (or .prof file), the first profile shown. */
export function speedscopeFile(profile: Profile, frames: SpeedscopeFrame[], profiles: SpeedscopeSampledProfile[]): SpeedscopeFile {
  return {
    $schema: SPEEDSCOPE_SCHEMA,
    exporter: 'pyops',
    name: speedscopeTitle(profile),
    activeProfileIndex: 0,
    shared: { frames },
    profiles,
  };
}

export function speedscopeTitle(profile: Profile): string {
  return profile.run.script ?? profile.run.profFile ?? 'profile';
}

/** Collapsed-stack text: a line `stack N` per entry, N in whole microseconds; lines rounding to 0 are left out. */
export function collapsedText(stacks: Iterable<readonly [stack: string, seconds: number]>): string {
  const lines: string[] = [];
  for (const [stack, seconds] of stacks) {
    const micros = Math.round(seconds * 1e6);
    if (micros > 0) lines.push(`${stack} ${micros}`);
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
