/**
 * Exceptional halts: the last step of a failing frame, with an error kind instead of a family
 * selector (the family selectors are all 0 on the row, so no family effect applies; the opcode's
 * family still reaches the `opcode_info` lookup through the `errFamily` column). Each kind proves
 * its condition (yellow paper Z function; execution-specs `vm/interpreter.py`):
 *
 * | kind | status | condition proven |
 * | --- | --- | --- |
 * | errOog | 5 | staticGas − gas − 1 ≥ 0 (the step's static gas exceeds the gas left) |
 * | errInvalid | 6 | the opcode's family is Invalid (undefined byte or 0xfe) |
 * | errUnderflow | 7 | nIn − sp − 1 ≥ 0 |
 * | errOverflow | 8 | sp − nIn + nOut − 1025 ≥ 0 |
 * | errJump / errJumpi | 9 | JUMP/JUMPI (JUMPI: condition ≠ 0) to a target ≥ 2^16 or whose bytecode row has isJumpdest = 0 |
 * | errStatic | 10 | SSTORE or TSTORE in a static frame (public isStatic = 1) |
 *
 * The stack reads the witness trace records before failing (the nIn top items, `errRead` slots
 * 0..nIn−1) are made for every kind but underflow and invalid. Gas left after any error is 0 (the
 * public gasLeft must be 0). When several conditions hold the CPU proves one of them; the status
 * names that one (the EVM's own choice follows its check order).
 */
import type { Expr } from '../../stark/index.ts';
import { BYTECODE_BUS } from '../buses.ts';
import { RwCellTag } from '../rw/rw-key.ts';
import type { CpuContext } from './cpu-plan.ts';
import { bytecodeTuple } from './cpu-publics.ts';
import { Family } from './opcode-info.ts';

/** Halt statuses of the error kinds (src/evm/halt.ts). */
const STATUS = { oog: 5, invalid: 6, underflow: 7, overflow: 8, jump: 9, jumpi: 9, static: 10 } as const;

/** The error-kind columns and their expressions; `isErr` is their sum. */
export interface ErrorTerms {
  readonly isErr: Expr;
  readonly oog: Expr;
  readonly underflow: Expr;
  readonly overflow: Expr;
  readonly jumpi: Expr;
  readonly family: Expr;
}

/** Declare the error kinds; returns what the core needs (gas, stack-bound and family terms). */
export function errorKinds(x: CpuContext): ErrorTerms {
  const { b, c } = x;
  const m = (col: number): Expr => x.m(col);
  const kinds = {
    oog: m(c.errOog),
    invalid: m(c.errInvalid),
    underflow: m(c.errUnderflow),
    overflow: m(c.errOverflow),
    jump: m(c.errJump),
    jumpi: m(c.errJumpi),
    static: m(c.errStatic),
  };
  for (const [name, e] of Object.entries(kinds)) b.assertBool(`err_${name}_bool`, e);
  const isErr = x.sum(Object.values(kinds));
  const family = m(c.errFamily);
  b.assertZero('err_family_only_on_errors', x.one.sub(isErr).mul(family));
  for (const [name, e] of Object.entries(kinds)) {
    x.terms.halts.push(e);
    x.terms.status.push(e.mul(STATUS[name as keyof typeof STATUS]));
  }
  b.assertZero('err_invalid_family', kinds.invalid.mul(family.sub(Family.Invalid)));
  b.assertZero('err_jump_family', kinds.jump.mul(family.sub(Family.Jump)));
  b.assertZero('err_jumpi_family', kinds.jumpi.mul(family.sub(Family.Jumpi)));
  b.assertZero('err_static_family', kinds.static.mul(family.sub(Family.Sstore)).mul(family.sub(Family.Tstore)));
  b.assertZero('err_static_frame', kinds.static.mul(x.one.sub(b.public('isStatic'))));

  // Reads of the nIn top stack items before failing.
  const reads = c.errRead.map(m);
  const sp = m(c.sp);
  reads.forEach((r, i) => {
    b.assertBool(`err_read_bool[${i}]`, r);
    if (i > 0) b.assertZero(`err_read_prefix[${i}]`, r.mul(x.one.sub(reads[i - 1]!)));
    x.use(i, r, false, RwCellTag.Stack, sp.sub(1 + i));
  });
  const reading = kinds.oog.add(kinds.overflow).add(kinds.jump).add(kinds.jumpi).add(kinds.static);
  b.assertEq('err_reads', x.sum(reads), reading.mul(m(c.nIn)));

  // Invalid jump target: far (a high limb nonzero) or a bytecode row that is not a JUMPDEST.
  const jumping = kinds.jump.add(kinds.jumpi);
  const target = x.value(0);
  const high = x.sum(target.slice(1));
  const far = m(c.jumpFar);
  const farInv = m(c.jumpFarInv);
  b.assertBool('jump_far_bool', far);
  b.assertZero('jump_far_only_on_errors', far.mul(x.one.sub(jumping)));
  b.assertZero('jump_far_if_high', jumping.mul(high.mul(farInv).sub(far)));
  b.assertZero('jump_near_if_low', jumping.mul(high).mul(x.one.sub(far)));
  b.assertZero('jump_far_inv_zero', farInv.mul(x.one.sub(far)));
  const near = jumping.sub(far);
  const byte = m(c.jumpByte);
  const isCode = m(c.jumpIsCode);
  b.assertZero('jump_byte_only_near', x.one.sub(near).mul(byte));
  b.assertZero('jump_is_code_only_near', x.one.sub(near).mul(isCode));
  b.send(BYTECODE_BUS, bytecodeTuple(b, target[0]!, byte, isCode, 0), near);
  // JUMPI fails only when it would jump: condition ≠ 0 (condInv is its limb sum's inverse).
  b.assertZero('err_jumpi_condition', kinds.jumpi.mul(x.sum(x.value(1)).mul(m(c.condInv)).sub(1)));

  return { isErr, oog: kinds.oog, underflow: kinds.underflow, overflow: kinds.overflow, jumpi: kinds.jumpi, family };
}
