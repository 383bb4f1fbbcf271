/**
 * Host side of the row-wise Fp4 kernels (wasm/stark/fp4.ts) used by the DEEP quotient and FRI
 * folding. They run on the calling thread (single linear passes over codewords); arrays are flat
 * Fp4, 4 canonical words per element. fp4-rows-reference.ts holds the TypeScript versions they
 * are tested against.
 */
import { inv } from '../../field/babybear.ts';
import type { Fp4 } from '../../field/extension.ts';
import { MONT_R2, starkWasm, toMont } from './stark-wasm.ts';

const W11 = toMont(11);
const INV2_R = toMont(inv(2));

/**
 * out[r] += (g[r] − v)·invs[r] for every element r of `out`, where g[r] is the Fp4 at word
 * offset r·gStride + gOffset of `g` (so g can be one Fp4 column of a wider row-major matrix).
 */
export function subMulAccFp4(out: Uint32Array, g: Uint32Array, gStride: number, gOffset: number, v: Fp4, invs: Uint32Array): void {
  const n = out.length / 4;
  if (invs.length !== 4 * n || g.length < gStride * (n - 1) + gOffset + 4) throw new RangeError('subMulAccFp4: shape mismatch');
  const k = starkWasm();
  const arena = k.arena();
  const op = arena.alloc(16 * n);
  const gp = arena.alloc(4 * g.length);
  const vp = arena.alloc(16);
  const ip = arena.alloc(16 * n);
  const view = k.commit(arena);
  view.set(out, op >>> 2);
  view.set(g, gp >>> 2);
  view.set(v, vp >>> 2);
  view.set(invs, ip >>> 2);
  k.exports.subMulAccRows(op, gp + 4 * gOffset, 4 * gStride, vp, ip, n, MONT_R2, W11);
  out.set(k.words().subarray(op >>> 2, (op >>> 2) + 4 * n));
}

/** out[r] += s·a[r] for every element r. */
export function scaleAccFp4(out: Uint32Array, a: Uint32Array, s: Fp4): void {
  const n = out.length / 4;
  if (a.length !== out.length) throw new RangeError('scaleAccFp4: lengths differ');
  const k = starkWasm();
  const arena = k.arena();
  const op = arena.alloc(16 * n);
  const ap = arena.alloc(16 * n);
  const sp = arena.alloc(16);
  const view = k.commit(arena);
  view.set(out, op >>> 2);
  view.set(a, ap >>> 2);
  view.set(s, sp >>> 2);
  k.exports.scaleAccRows(op, ap, sp, n, MONT_R2, W11);
  out.set(k.words().subarray(op >>> 2, (op >>> 2) + 4 * n));
}

/**
 * One arity-2 FRI fold of the codeword `cur` (2·half Fp4 values on ⟨ω⟩): returns next with
 * next[j] = (a + b)/2 + β·(a − b)·ω^{-j}/2, a = cur[j], b = cur[j + half].
 */
export function friFoldFp4(cur: Uint32Array, beta: Fp4, omegaInv: number): Uint32Array {
  const half = cur.length / 8;
  const k = starkWasm();
  const arena = k.arena();
  const cp = arena.alloc(4 * cur.length);
  const np = arena.alloc(16 * half);
  const bp = arena.alloc(16);
  const view = k.commit(arena);
  view.set(cur, cp >>> 2);
  view.set(beta, bp >>> 2);
  k.exports.friFold(cp, np, half, bp, INV2_R, toMont(omegaInv), MONT_R2, W11);
  const next = new Uint32Array(4 * half);
  next.set(k.words().subarray(np >>> 2, (np >>> 2) + 4 * half));
  return next;
}
