/**
 * CALLDATALOAD: the word calldata[i .. i+32) (zero past the end), looked up byte by byte in the
 * `bytecode` table's data string of digest D (public calldataDigest), and CALLDATASIZE bound to
 * D's length on `bytecode_length`.
 *
 * The loaded word's bytes are `bytes` (little-endian: the byte at index i + j is bytes[31 − j]);
 * mask[j] = [i + j < L] for the calldata length L (looked up, < 2^16), a prefix, cdCount = Σ mask.
 * Far offsets (a limb above limb 0 nonzero, so i ≥ 2^16 > L) load zero: cdFar from an inverse of
 * the high limbs' sum. Near offsets prove the count: all 32 in range ⇒ L − i − 32 ≥ 0; otherwise
 * i + cdCount − L ≥ 0, and = 0 when the count is partial (0 < cdCount < 32), via the
 * range-checked `cdSlack`.
 */
import type { Expr } from '../../stark/index.ts';
import { BYTECODE_BUS, RANGE16_BUS, WORD_LIMBS } from '../buses.ts';
import { BYTECODE_LENGTH_BUS } from '../bytecode/bytecode-air.ts';
import { RwCellTag } from '../rw/rw-key.ts';
import type { CpuContext } from './cpu-plan.ts';
import { calldataDigestPublic, envPublic } from './cpu-publics.ts';
import { ENV_OPCODES, Family } from './opcode-info.ts';

/** CALLDATALOAD and the CALLDATASIZE length binding. */
export function calldataFamily(x: CpuContext): void {
  const { b, c } = x;
  const m = (col: number): Expr => x.m(col);
  const cdl = x.sel(Family.CalldataLoad);
  const sp = m(c.sp);
  x.use(0, cdl, false, RwCellTag.Stack, sp.sub(1));
  x.use(2, cdl, true, RwCellTag.Stack, sp.sub(1));
  const digest = calldataDigestPublic(b);
  const offset = x.value(0);
  const i = offset[0]!;
  const V = c.bytes.map(m);
  const mask = c.mask.map(m);
  const count = m(c.cdCount);
  const len = m(c.cdLen);
  const far = m(c.cdFar);
  const farInv = m(c.cdFarInv);
  const partial = m(c.cdPartial);
  const slack = m(c.cdSlack);

  for (const [name, e] of [['cd_count', count], ['cd_len', len], ['cd_far', far], ['cd_partial', partial], ['cd_slack', slack]] as const) {
    b.assertZero(`${name}_only_on_calldataload`, x.one.sub(cdl).mul(e));
  }
  for (let j = 0; j < 32; j++) {
    b.assertZero(`cd_byte_beyond_length[${j}]`, cdl.mul(x.one.sub(mask[j]!)).mul(V[31 - j]!));
    b.send(BYTECODE_BUS, [...digest, i.add(j), V[31 - j]!, x.zero, x.zero], cdl.mul(mask[j]!));
  }
  const limb = (j: number): Expr => V[2 * j]!.add(V[2 * j + 1]!.mul(256));
  x.wordEq('cd_value', cdl, x.value(2), Array.from({ length: WORD_LIMBS }, (_, j) => limb(j)));

  // Far offsets load zero.
  const high = x.sum(offset.slice(1));
  b.assertBool('cd_far_bool', far);
  b.assertZero('cd_far_if_high', cdl.mul(high.mul(farInv).sub(far)));
  b.assertZero('cd_near_if_low', cdl.mul(high).mul(x.one.sub(far)));
  b.assertZero('cd_far_inv_zero', farInv.mul(x.one.sub(far)));
  b.assertZero('cd_far_loads_zero', far.mul(count));

  // The calldata length and the in-range count.
  b.send(BYTECODE_LENGTH_BUS, [...digest, len], cdl);
  b.send(RANGE16_BUS, [len], cdl);
  const full = mask[31]!;
  b.assertEq('cd_partial', partial, cdl.mul(mask[0]!).mul(x.one.sub(full)));
  b.assertZero('cd_partial_ends_at_length', partial.mul(i.add(count).sub(len)));
  const expected = full.mul(len.sub(i).sub(32)).add(x.one.sub(full).mul(i.add(count).sub(len)));
  b.assertZero('cd_slack', cdl.sub(far).mul(slack.sub(expected)));
  b.assertZero('cd_slack_far', far.mul(slack));
  b.send(RANGE16_BUS, [slack]);

  // CALLDATASIZE is D's length.
  const size = ENV_OPCODES.indexOf(0x36);
  const envSel = m(c.envSel[size]!);
  b.send(BYTECODE_LENGTH_BUS, [...digest, envPublic(b, size, 0).add(envPublic(b, size, 1).mul(65536))], envSel);
}
