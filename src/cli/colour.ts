// Colour in the text output, as ruff colours it: on a terminal unless NO_COLOR is set, or
// whenever FORCE_COLOR asks for it (CI logs that render ANSI colours).

export interface Palette {
  bold(text: string): string;
  code(text: string): string;
  fixable(text: string): string;
  dim(text: string): string;
}

const wrap = (open: string, close: string) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURS: Palette = {
  bold: wrap('1', '22'),
  code: wrap('1;31', '0'),
  fixable: wrap('36', '39'),
  dim: wrap('2', '22'),
};

const PLAIN: Palette = { bold: (t) => t, code: (t) => t, fixable: (t) => t, dim: (t) => t };

/** FORCE_COLOR (other than 0 or false) wins; then NO_COLOR (any value, per no-color.org); then whether stdout is a terminal. */
export function useColour(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force.toLowerCase() !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}

export function palette(colour: boolean): Palette {
  return colour ? COLOURS : PLAIN;
}
