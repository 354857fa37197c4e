// Number and duration formatting for the profile viewer, the editor's hints and the CLI. Pure (no
// DOM, no Node, no locale): the same input always prints the same text, so tests and screenshots
// are stable.

const MINUS = '\u2212';

/** Three significant digits, without trailing zeros beyond what the magnitude needs. */
function threeSignificant(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/**
 * A duration in seconds as people read it: `0`, `820 ns`, `12.3 µs`, `4.56 ms`, `1.23 s`,
 * `2 min 05 s`. `null`/NaN print as an em dash (unknown).
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '\u2014';
  if (seconds < 0) return MINUS + formatDuration(-seconds);
  if (seconds === 0) return '0';
  // Rounding can carry a value into the next unit (999.7 ms -> "1000 ms"): check after rounding.
  const units: Array<[number, string]> = [
    [1e-9, 'ns'],
    [1e-6, '\u00b5s'],
    [1e-3, 'ms'],
    [1, 's'],
  ];
  if (seconds < 60) {
    for (let i = 0; i < units.length; i++) {
      const [scale, unit] = units[i]!;
      // Each unit covers [1, 1000) of itself; seconds go up to 60.
      const limit = i === units.length - 1 ? 60 : 1000;
      const text = threeSignificant(seconds / scale);
      if (Number(text) < limit) return `${text} ${unit}`;
    }
  }
  const totalSeconds = Math.round(seconds);
  if (totalSeconds < 3600) {
    const minutes = Math.floor(totalSeconds / 60);
    const rest = totalSeconds % 60;
    return `${minutes} min ${String(rest).padStart(2, '0')} s`;
  }
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  return `${hours} h ${String(minutes).padStart(2, '0')} min`;
}

/** A signed duration for deltas: `+1.20 ms`, `−350 µs`, `0`. */
export function formatDurationDelta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '\u2014';
  if (seconds === 0) return '0';
  return seconds > 0 ? `+${formatDuration(seconds)}` : formatDuration(seconds);
}

/**
 * A fraction (0.123) as a percentage (`12.3 %`). Tiny non-zero shares print as `<0.1 %` so they
 * are not mistaken for zero.
 */
export function formatShare(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '\u2014';
  if (fraction === 0) return '0 %';
  const percent = fraction * 100;
  if (Math.abs(percent) < 0.1) return percent > 0 ? '<0.1 %' : `>${MINUS}0.1 %`;
  const text = Math.abs(percent) >= 99.95 ? percent.toFixed(0) : percent.toFixed(1);
  return `${text.replace('-', MINUS)} %`;
}

/** A relative change (0.25 -> `+25 %`); infinite (function is new) prints `new`. */
export function formatRelativeChange(before: number, after: number): string {
  if (before === 0) return after === 0 ? '0 %' : 'new';
  const change = (after - before) / before;
  const text = formatShare(change);
  return change > 0 ? `+${text}` : text;
}

/** An integer with thousands separators (`12,345`); fractional counts are rounded. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '\u2014';
  const rounded = Math.round(value);
  const digits = String(Math.abs(rounded));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? MINUS + grouped : grouped;
}

/** A signed count for deltas: `+3`, `−1,200`, `0`. */
export function formatCountDelta(value: number): string {
  if (!Number.isFinite(value) || Math.round(value) === 0) return '0';
  return value > 0 ? `+${formatCount(value)}` : formatCount(value);
}

/**
 * Calls as pstats prints them: `12` when every call was primitive, else `total/primitive`
 * (`15/3`: 15 calls of which 3 were not recursive).
 */
export function formatCalls(primitiveCalls: number, totalCalls: number): string {
  if (primitiveCalls === totalCalls) return formatCount(totalCalls);
  return `${formatCount(totalCalls)}/${formatCount(primitiveCalls)}`;
}

/** Bytes in binary units: `512 B`, `1.5 KiB`, `23.4 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '\u2014';
  if (bytes < 0) return MINUS + formatBytes(-bytes);
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** The last path segment of a POSIX or Windows path. */
export function baseName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}

/**
 * A path shown relative to `base` when it lies inside it (forward slashes kept as given);
 * otherwise the full path. Built-ins (`~`) print as `built-in`.
 */
export function displayPath(file: string, base: string | null): string {
  if (file === '~' || file === '') return 'built-in';
  if (base) {
    const trimmed = base.replace(/[\\/]+$/, '');
    if (file.length > trimmed.length + 1 && file.startsWith(trimmed) && /[\\/]/.test(file[trimmed.length]!)) {
      return file.slice(trimmed.length + 1);
    }
  }
  return file;
}

/** `file:line` for a function or frame, relative to `base` when possible. */
export function formatLocation(file: string, line: number, base: string | null): string {
  const shown = displayPath(file, base);
  if (file === '~' || file === '') return shown;
  return line > 0 ? `${shown}:${line}` : shown;
}
