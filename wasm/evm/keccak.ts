// KECCAK256 for the interpreter: the whole sponge of one message (absorb every 136-byte block,
// pad 0x01 … 0x80, squeeze 32 bytes) in one call, over the hash layer's Keccak-f[1600] kernel
// (wasm/hash/keccak.ts, reused rather than copied: with count = 1 its batch entry point is the
// plain single-message sponge).
import { KECCAK_SCRATCH_BYTES, keccak256_many } from '../hash/keccak';

/** Sponge state and padded-block scratch of keccak256_many. */
const SCRATCH: usize = memory.data(KECCAK_SCRATCH_BYTES, 16);
/** Where keccak256 writes its 32-byte digest. */
const DIGEST: usize = memory.data(32, 16);

/** Address of the 32-byte digest buffer keccak256 writes. */
export function keccak256_digest(): usize {
  return DIGEST;
}

/** Keccak-256 of the `len` bytes at `input`, written to keccak256_digest(). */
export function keccak256(input: usize, len: i32): void {
  keccak256_many(input, len, 1, DIGEST, SCRATCH);
}
