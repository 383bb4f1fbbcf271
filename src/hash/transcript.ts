/**
 * Fiat–Shamir transcript: a duplex sponge over Keccak-256 with a 32-byte chaining state.
 *
 * Construction (every number below is little-endian; ‖ is concatenation):
 *   init      S ← keccak256("zkevm/transcript/v1" ‖ u64(len(D)) ‖ D)           D = domain separator (UTF-8)
 *   absorb    pending ‖= tag ‖ payload        (nothing is hashed yet)
 *   flush     if pending ≠ ∅:  S ← keccak256(0x00 ‖ S ‖ pending); pending ← ∅; output buffer dropped
 *   squeeze   flush; then, whenever the output buffer is empty:
 *               S ← keccak256(0x01 ‖ S); the output buffer becomes the 32 bytes of the new S
 *             and bytes are consumed from the buffer 4 at a time as u32 words.
 * Each absorbed item carries a one-byte type tag and is self-delimiting, so two different
 * sequences of absorb calls always give different pending strings (no concatenation ambiguity):
 *   0x10 bytes   u64(len) ‖ bytes          0x11 field   u32(x)
 *   0x12 fields  u64(n) ‖ u32(x_0)…        0x13 fp4     u32(c0) ‖ … ‖ u32(c3)
 *   0x14 digest  32 bytes                   0x15 u64     u64(n)
 * The leading 0x00 / 0x01 / 0x02 byte separates absorb, squeeze and grinding hashes, so no hash
 * computed in one role can equal one computed in another.
 *
 * Sampling: a base-field element is rejection-sampled, exactly uniform: take a u32 word, keep its
 * low 31 bits, accept it if < p (probability 15/16), else draw the next word. An Fp4 element is
 * four such draws (c0 first). A query index in [0, 2^logDomain) is the low logDomain bits of one
 * u32 word (exactly uniform, since the range is a power of two).
 *
 * Grinding (proof of work): flush, then find the least nonce n ≥ 0 such that
 * keccak256(0x02 ‖ S ‖ u64(n)) starts with `bits` zero bits (bit 7 of byte 0 first); then absorb n
 * as a u64 item. The verifier's checkGrind performs the same flush, check and absorb.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { Fp4 } from '../field/extension.ts';
import { P as P_ } from '../field/babybear.ts';
import { keccak256Many } from './hash-wasm.ts';

// tsx compiles imports to accessor calls; a module-local constant keeps the absorb loops tight.
const P = P_;

/** Absorbed strings at least this long are hashed in WebAssembly (below it, the call overhead dominates). */
const WASM_FLUSH_MIN_BYTES = 4096;

/** Raised on misuse: non-canonical field elements, bad digest length, out-of-range parameters. */
export class TranscriptError extends Error {
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'TranscriptError';
  }
}

/** The most grinding bits accepted (2^40 Keccak calls is already hours in TypeScript). */
export const MAX_GRINDING_BITS = 40;

const DIGEST_SIZE = 32;
const INIT_LABEL = 'zkevm/transcript/v1';
const ROLE_ABSORB = 0x00;
const ROLE_SQUEEZE = 0x01;
const ROLE_GRIND = 0x02;
const TAG_BYTES = 0x10;
const TAG_FIELD = 0x11;
const TAG_FIELDS = 0x12;
const TAG_FP4 = 0x13;
const TAG_DIGEST = 0x14;
const TAG_U64 = 0x15;
const U64_MAX = (1n << 64n) - 1n;
/** Nonces hashed per WebAssembly call while grinding. */
const GRIND_BATCH = 4096;

/** A growable byte buffer for the pending absorb string. */
class ByteQueue {
  bytes = new Uint8Array(256);
  length = 0;

  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  pushByte(b: number): void {
    this.reserve(1);
    this.bytes[this.length++] = b;
  }

  pushU32(x: number): void {
    this.reserve(4);
    const b = this.bytes;
    const o = this.length;
    b[o] = x & 0xff;
    b[o + 1] = (x >>> 8) & 0xff;
    b[o + 2] = (x >>> 16) & 0xff;
    b[o + 3] = x >>> 24;
    this.length += 4;
  }

  pushU64(n: bigint): void {
    this.pushU32(Number(n & 0xffffffffn));
    this.pushU32(Number(n >> 32n));
  }

  pushBytes(src: Uint8Array): void {
    this.reserve(src.length);
    this.bytes.set(src, this.length);
    this.length += src.length;
  }
}

/** The Fiat–Shamir transcript shared by prover and verifier (construction above). */
export class Transcript {
  private state: Uint8Array;
  private readonly pending = new ByteQueue();
  /** Squeezed bytes not yet consumed: state[outPos..32). */
  private outPos = DIGEST_SIZE;

  constructor(domainSeparator: string) {
    const label = new TextEncoder().encode(INIT_LABEL);
    const domain = new TextEncoder().encode(domainSeparator);
    const init = new ByteQueue();
    init.pushBytes(label);
    init.pushU64(BigInt(domain.length));
    init.pushBytes(domain);
    this.state = keccak_256(init.bytes.subarray(0, init.length));
  }

  /** Absorb an arbitrary byte string (length-prefixed). */
  absorbBytes(b: Uint8Array): void {
    this.pending.pushByte(TAG_BYTES);
    this.pending.pushU64(BigInt(b.length));
    this.pending.pushBytes(b);
  }

  /** Absorb one canonical base-field element. */
  absorbField(x: number): void {
    checkCanonical(x);
    this.pending.pushByte(TAG_FIELD);
    this.pending.pushU32(x);
  }

  /** Absorb a vector of canonical base-field elements (length-prefixed). */
  absorbFields(xs: ArrayLike<number>): void {
    for (let i = 0; i < xs.length; i++) checkCanonical(xs[i]!);
    this.pending.pushByte(TAG_FIELDS);
    this.pending.pushU64(BigInt(xs.length));
    for (let i = 0; i < xs.length; i++) this.pending.pushU32(xs[i]!);
  }

  /** Absorb an extension-field element (4 canonical coefficients, low to high). */
  absorbFp4(x: Fp4): void {
    if (x.length !== 4) throw new TranscriptError('Transcript: an Fp4 element has 4 coefficients', { length: x.length });
    for (let i = 0; i < 4; i++) checkCanonical(x[i]!);
    this.pending.pushByte(TAG_FP4);
    for (let i = 0; i < 4; i++) this.pending.pushU32(x[i]!);
  }

  /** Absorb a 32-byte digest (e.g. a Merkle root). */
  absorbDigest(d: Uint8Array): void {
    if (d.length !== DIGEST_SIZE) {
      throw new TranscriptError('Transcript: a digest is 32 bytes', { length: d.length });
    }
    this.pending.pushByte(TAG_DIGEST);
    this.pending.pushBytes(d);
  }

  /** Absorb an unsigned 64-bit integer (parameters, lengths, nonces). */
  absorbU64(n: number | bigint): void {
    this.pending.pushByte(TAG_U64);
    this.pending.pushU64(toU64(n));
  }

  /** Squeeze a uniformly random base-field element. */
  squeezeField(): number {
    for (;;) {
      const candidate = this.nextWord() & 0x7fffffff;
      if (candidate < P) return candidate;
    }
  }

  /** Squeeze a uniformly random extension-field element. */
  squeezeFp4(): Fp4 {
    const out = new Uint32Array(4);
    for (let i = 0; i < 4; i++) out[i] = this.squeezeField();
    return out;
  }

  /** Squeeze `count` uniformly random indices in [0, 2^logDomain), 0 ≤ logDomain ≤ 32. */
  squeezeIndices(count: number, logDomain: number): number[] {
    if (!Number.isInteger(count) || count < 0) throw new TranscriptError('Transcript: bad index count', { count });
    if (!Number.isInteger(logDomain) || logDomain < 0 || logDomain > 32) {
      throw new TranscriptError('Transcript: logDomain must be in [0, 32]', { logDomain });
    }
    const mask = logDomain === 32 ? 0xffffffff : 2 ** logDomain - 1;
    const out: number[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = (this.nextWord() & mask) >>> 0;
    return out;
  }

  /**
   * Proof of work: find the least valid nonce for `bits`, absorb it and return it. Candidates are
   * hashed GRIND_BATCH at a time by the WebAssembly Keccak (same digests as @noble/hashes).
   */
  grind(bits: number): bigint {
    checkGrindingBits(bits);
    this.flush();
    const prefix = this.grindInput();
    const msgLen = prefix.length;
    const batch = new Uint8Array(GRIND_BATCH * msgLen);
    for (let k = 0; k < GRIND_BATCH; k++) batch.set(prefix, k * msgLen);
    const view = new DataView(batch.buffer);
    for (let first = 0n; first <= U64_MAX; first += BigInt(GRIND_BATCH)) {
      for (let k = 0; k < GRIND_BATCH; k++) view.setBigUint64(k * msgLen + 1 + DIGEST_SIZE, first + BigInt(k), true);
      const digests = keccak256Many(batch, msgLen, GRIND_BATCH);
      for (let k = 0; k < GRIND_BATCH; k++) {
        if (leadingZeroBitsAtLeast(digests.subarray(k * DIGEST_SIZE, (k + 1) * DIGEST_SIZE), bits)) {
          const nonce = first + BigInt(k);
          this.absorbU64(nonce);
          return nonce;
        }
      }
    }
    throw new TranscriptError('Transcript: grinding exhausted the 64-bit nonce space', { bits });
  }

  /** Verifier side of `grind`: true (and the nonce absorbed) iff `nonce` meets `bits`. */
  checkGrind(bits: number, nonce: bigint): boolean {
    checkGrindingBits(bits);
    if (typeof nonce !== 'bigint' || nonce < 0n || nonce > U64_MAX) return false;
    this.flush();
    const input = this.grindInput();
    new DataView(input.buffer).setBigUint64(1 + DIGEST_SIZE, nonce, true);
    if (!leadingZeroBitsAtLeast(keccak_256(input), bits)) return false;
    this.absorbU64(nonce);
    return true;
  }

  /** An independent copy with the same state (for forking prover/verifier simulations). */
  clone(): Transcript {
    const copy = new Transcript('');
    copy.state = this.state.slice();
    copy.pending.pushBytes(this.pending.bytes.subarray(0, this.pending.length));
    copy.outPos = this.outPos;
    return copy;
  }

  /** The next u32 word of squeeze output. */
  private nextWord(): number {
    this.flush();
    if (this.outPos + 4 > DIGEST_SIZE) {
      const buf = new Uint8Array(1 + DIGEST_SIZE);
      buf[0] = ROLE_SQUEEZE;
      buf.set(this.state, 1);
      this.state = keccak_256(buf);
      this.outPos = 0;
    }
    const s = this.state;
    const o = this.outPos;
    this.outPos += 4;
    return (s[o]! | (s[o + 1]! << 8) | (s[o + 2]! << 16) | (s[o + 3]! << 24)) >>> 0;
  }

  /** Hash pending absorbs into the state; unconsumed squeeze output is discarded. */
  private flush(): void {
    if (this.pending.length === 0) return;
    const buf = new Uint8Array(1 + DIGEST_SIZE + this.pending.length);
    buf[0] = ROLE_ABSORB;
    buf.set(this.state, 1);
    buf.set(this.pending.bytes.subarray(0, this.pending.length), 1 + DIGEST_SIZE);
    // Statements can absorb megabytes (one boundary message per proven permutation): long inputs go
    // through the WebAssembly Keccak, which gives the same digest many times faster than noble's.
    this.state = buf.length >= WASM_FLUSH_MIN_BYTES ? keccak256Many(buf, buf.length, 1) : keccak_256(buf);
    this.pending.length = 0;
    this.outPos = DIGEST_SIZE;
  }

  /** 0x02 ‖ S ‖ (8 nonce bytes to fill in). */
  private grindInput(): Uint8Array {
    const input = new Uint8Array(1 + DIGEST_SIZE + 8);
    input[0] = ROLE_GRIND;
    input.set(this.state, 1);
    return input;
  }
}

function checkCanonical(x: number): void {
  if (!Number.isInteger(x) || x < 0 || x >= P) {
    throw new TranscriptError('Transcript: not a canonical BabyBear element', { value: x });
  }
}

function toU64(n: number | bigint): bigint {
  if (typeof n === 'number') {
    if (!Number.isSafeInteger(n) || n < 0) throw new TranscriptError('Transcript: not a u64', { value: n });
    return BigInt(n);
  }
  if (n < 0n || n > U64_MAX) throw new TranscriptError('Transcript: not a u64', { value: n });
  return n;
}

function checkGrindingBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 0 || bits > MAX_GRINDING_BITS) {
    throw new TranscriptError(`Transcript: grinding bits must be in [0, ${MAX_GRINDING_BITS}]`, { bits });
  }
}

/** True iff the digest begins with at least `bits` zero bits (most significant bit of byte 0 first). */
function leadingZeroBitsAtLeast(digest: Uint8Array, bits: number): boolean {
  let remaining = bits;
  let i = 0;
  while (remaining >= 8) {
    if (digest[i++] !== 0) return false;
    remaining -= 8;
  }
  return remaining === 0 || digest[i]! >>> (8 - remaining) === 0;
}
