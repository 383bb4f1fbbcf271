/** KECCAK256 (0x20): 30 + 6 per word, plus memory expansion. */
import type { Frame } from '../frame.ts';
import { KECCAK_WORD } from '../gas.ts';
import { chargeWords, expandMemory } from '../memory.ts';
import { keccakWordOf } from '../keccak.ts';

// Module-local copy: tsx compiles to CommonJS, where an imported name is a getter call per use.
const hashWord = keccakWordOf;

/** keccak256 of the empty string. */
const EMPTY_HASH = 0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470n;

/** KECCAK256(offset, size): hash of memory[offset, offset+size). */
export function opKeccak256(_: unknown, f: Frame): void {
  const s = f.stack;
  const sp = f.sp;
  const offset = s[sp - 1]!;
  const size = s[sp - 2]!;
  if (!expandMemory(f, offset, size) || !chargeWords(f, size, KECCAK_WORD)) return;
  f.sp = sp - 1;
  s[sp - 2] = size === 0n ? EMPTY_HASH : hashWord(f.memory, Number(offset), Number(size));
}
