/** KECCAK256 (0x20): 30 + 6 per word, plus memory expansion. */
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { Frame } from '../frame.ts';
import { KECCAK_WORD } from '../gas.ts';
import { chargeWords, expandMemory } from '../memory.ts';
import { bytesToBigInt } from '../words.ts';

/** KECCAK256(offset, size): hash of memory[offset, offset+size). */
export function opKeccak256(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = f.sp;
  const offset = s[sp - 1]!;
  const size = s[sp - 2]!;
  if (!expandMemory(f, offset, size) || !chargeWords(f, size, KECCAK_WORD)) return;
  f.sp = sp - 1;
  const o = size === 0n ? 0 : Number(offset);
  s[sp - 2] = bytesToBigInt(keccak_256(f.memory.subarray(o, o + Number(size))));
}
