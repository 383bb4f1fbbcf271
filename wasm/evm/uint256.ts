// EXP (yellow paper appendix H.2: a^b mod 2^256) on 256-bit words held as eight little-endian
// u32 limbs. WebAssembly has no 64×64→128 multiply, so limbs are 32 bits and every partial
// product fits a u64. Products are formed column by column (product scanning, Comba): column k
// sums a_i·b_(k−i) with the low and high halves of each product kept in separate u64
// accumulators, so no carry is propagated inside a column; only columns 0..7 are computed since
// the result is taken mod 2^256. A square needs only the products with i < k − i, doubled, plus
// the diagonal: 20 limb products instead of 36.
//
// The exponent is scanned left to right (square, then multiply by the base when the bit is set),
// so every multiplication has the original base as one operand; when the base is short (the
// common case: small constants, 64-bit seeds) its zero high limbs are skipped. Once the running
// power is 0 mod 2^256 (an even base to a large enough exponent) the result stays 0.

/** Exchange buffer: base at +0, exponent at +32, result at +64 (8 × u32 LE limbs each). */
const IO: usize = memory.data(96, 16);
/** Two 32-byte accumulators the running power alternates between. */
const ACC: usize = memory.data(64, 16);

const LIMB_MASK: u64 = 0xffffffff;

/** Address of the exchange buffer exp256 reads and writes (see IO). */
export function uint256_io(): usize {
  return IO;
}

// @ts-ignore: decorator
@inline function limb(p: usize, i: i32): u64 {
  return <u64>load<u32>(p + (<usize>i << 2));
}

/** r = a·b mod 2^256, where b has `nb` significant limbs (1..8); r must not overlap a or b. */
function mulLow(r: usize, a: usize, b: usize, nb: i32): void {
  let carry: u64 = 0;
  for (let k = 0; k < 8; k++) {
    let lo = carry;
    let hi: u64 = 0;
    const last = k < nb - 1 ? k : nb - 1;
    for (let i = 0; i <= last; i++) {
      const p = limb(b, i) * limb(a, k - i);
      lo += p & LIMB_MASK;
      hi += p >> 32;
    }
    store<u32>(r + (<usize>k << 2), <u32>lo);
    carry = hi + (lo >> 32);
  }
}

/** r = a² mod 2^256; r must not overlap a. Returns whether r is non-zero. */
function sqrLow(r: usize, a: usize): bool {
  let carry: u64 = 0;
  let any: u32 = 0;
  for (let k = 0; k < 8; k++) {
    let lo: u64 = 0;
    let hi: u64 = 0;
    for (let i = 0; i < k - i; i++) {
      const p = limb(a, i) * limb(a, k - i);
      lo += p & LIMB_MASK;
      hi += p >> 32;
    }
    lo <<= 1;
    hi <<= 1;
    if ((k & 1) == 0) {
      const d = limb(a, k >> 1);
      const p = d * d;
      lo += p & LIMB_MASK;
      hi += p >> 32;
    }
    lo += carry;
    const word = <u32>lo;
    store<u32>(r + (<usize>k << 2), word);
    any |= word;
    carry = hi + (lo >> 32);
  }
  return any != 0;
}

/** Number of significant limbs of the word at p (0 for zero). */
function significantLimbs(p: usize): i32 {
  let n = 8;
  while (n > 0 && load<u32>(p + (<usize>(n - 1) << 2)) == 0) n--;
  return n;
}

/** result = base^exponent mod 2^256 on the exchange buffer (see IO). */
export function exp256(): void {
  const base = IO;
  const exponent = IO + 32;
  const result = IO + 64;
  const eLimbs = significantLimbs(exponent);
  const nb = significantLimbs(base);
  memory.fill(result, 0, 32);
  if (eLimbs == 0) {
    store<u32>(result, 1);
    return;
  }
  if (nb == 0) return;
  let top = <i32>(eLimbs << 5) - 1 - <i32>clz<u32>(load<u32>(exponent + (<usize>(eLimbs - 1) << 2)));
  let acc = ACC;
  let spare = ACC + 32;
  memory.copy(acc, base, 32);
  for (let bit = top - 1; bit >= 0; bit--) {
    if (!sqrLow(spare, acc)) return;
    let t = acc;
    acc = spare;
    spare = t;
    if (((load<u32>(exponent + (<usize>(bit >> 5) << 2)) >>> (<u32>bit & 31)) & 1) != 0) {
      mulLow(spare, acc, base, nb);
      t = acc;
      acc = spare;
      spare = t;
    }
  }
  memory.copy(result, acc, 32);
}
