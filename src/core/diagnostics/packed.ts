// Arrays of one shape whether or not V8 has optimized the code that makes them.

/**
 * `list.map(f)` as a loop. V8's optimized Array.prototype.map makes a holey array where the
 * interpreter's is packed: the same call's results change shape (map) once their maker is
 * optimized, and the first such array to reach another function's optimized code throws that code
 * away ("wrong map") and makes V8 compile it again. An array filled by push is packed either way.
 */
export function mapPacked<T, U>(list: readonly T[], f: (item: T) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < list.length; i++) out.push(f(list[i]));
  return out;
}
