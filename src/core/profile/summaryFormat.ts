// Shared by the readers of the helper's summary: its one error type and the function id format.

export class SummaryFormatError extends Error {}

/** `file:line(name)`, the FunctionId of a pstats key. */
export function functionId(file: string, line: number, name: string): string {
  return `${file}:${line}(${name})`;
}
