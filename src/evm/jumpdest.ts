/**
 * JUMPDEST analysis: a 0x5B byte is a valid jump target only when it is an opcode, not part of
 * a PUSH immediate (yellow paper section 9.4.3). Results are cached per code buffer.
 */

const cache = new WeakMap<Uint8Array, Uint8Array>();

/** Bitmap (one byte per code byte) with 1 at valid JUMPDEST positions. */
export function jumpdestMap(code: Uint8Array): Uint8Array {
  let map = cache.get(code);
  if (map !== undefined) return map;
  map = new Uint8Array(code.length);
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc]!;
    if (op === 0x5b) map[pc] = 1;
    else if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f;
  }
  cache.set(code, map);
  return map;
}
