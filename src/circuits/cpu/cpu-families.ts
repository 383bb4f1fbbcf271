/**
 * Constraints of the CPU families that touch only the stack and the program counter: halts,
 * PUSH/POP/DUP/SWAP, ALU operations (via the `alu` bus), jumps, PC/GAS/MSIZE and environment
 * words. The family table with slot layouts is in cpu-columns.ts; every constraint here is
 * multiplied by its family selector (or implied by one-hot sums), so it is void on other rows.
 */
import { inv } from '../../field/babybear.ts';
import type { Expr } from '../../stark/index.ts';
import { ALU_BUS, BYTECODE_BUS, DIGEST_ELEMENTS, RANGE16_BUS, WORD_LIMBS } from '../buses.ts';
import { BYTECODE_LENGTH_BUS } from '../bytecode/bytecode-air.ts';
import { COPY_BUS, CopyDst, CopySrc } from '../copy/copy-air.ts';
import { RwCellTag } from '../rw/rw-key.ts';
import { bytecodeTuple, envPublic } from './cpu-publics.ts';
import type { CpuContext } from './cpu-plan.ts';
import { ENV_OPCODES, Family } from './opcode-info.ts';

const STACK = RwCellTag.Stack;
const INV10 = inv(10);

/**
 * STOP, RETURN and REVERT (status 1, 2, 3 as src/evm/halt.ts). A nonzero output is one `copy`
 * message (memory of frame 0 → the return-data byte stream with id rwcBase, counters from
 * rwcBase + 2); its memory expansion is charged in cpu-memory.ts.
 */
export function haltFamilies(x: CpuContext): void {
  const { b, c } = x;
  const sp = x.m(c.sp);
  const stop = x.sel(Family.Stop);
  const ret = x.sel(Family.Return);
  x.use(0, ret, false, STACK, sp.sub(1));
  x.use(1, ret, false, STACK, sp.sub(2));
  const retData = x.m(c.retData);
  const inv = x.m(c.retSizeInv);
  const size = x.value(1);
  const sizeSum = x.sum(size);
  b.assertBool('ret_data_bool', retData);
  b.assertZero('ret_data_only_on_ret', retData.mul(x.one.sub(ret)));
  b.assertZero('ret_data_if_size', ret.mul(sizeSum.mul(inv).sub(retData)));
  b.assertZero('ret_no_data_if_zero', ret.mul(sizeSum).mul(x.one.sub(retData)));
  b.assertZero('ret_size_inv_zero', inv.mul(x.one.sub(retData)));
  const offset = x.value(0);
  for (let j = 2; j < WORD_LIMBS; j++) {
    b.assertZero(`ret_offset_small[${j}]`, retData.mul(offset[j]!));
    b.assertZero(`ret_size_small[${j}]`, retData.mul(size[j]!));
  }
  b.send(RANGE16_BUS, [offset[1]!.mul(256)], retData);
  b.send(RANGE16_BUS, [size[1]!.mul(256)], retData);
  const rwcEnd = x.m(c.copyRwcEnd);
  b.assertZero('copy_rwc_end_only_with_data', rwcEnd.mul(x.one.sub(retData)));
  const base = x.m(c.rwcBase);
  const srcId = Array.from({ length: DIGEST_ELEMENTS }, () => x.zero);
  b.send(
    COPY_BUS,
    [
      b.constant(CopySrc.Memory),
      ...srcId,
      offset[0]!.add(offset[1]!.mul(65536)),
      b.constant(CopyDst.ReturnData),
      base,
      x.zero,
      size[0]!.add(size[1]!.mul(65536)),
      base.add(2),
      rwcEnd,
    ],
    retData,
  );
  const isRevert = x.m(c.opcode).sub(0xf3).mul(INV10);
  x.terms.halts.push(stop, ret);
  x.terms.status.push(stop, ret.mul(2).add(ret.mul(isRevert)));
}

/** PUSH0..32 (immediate bytes by bytecode lookups), POP, DUPn, SWAPn. */
export function stackFamilies(x: CpuContext): void {
  const { b, c } = x;
  const sp = x.m(c.sp);
  const opcode = x.m(c.opcode);
  const push = x.sel(Family.Push);
  const imm = x.m(c.imm);
  const bytes = c.bytes.map((col) => x.m(col));
  const mask = c.mask.map((col) => x.m(col));
  x.use(0, push, true, STACK, sp);
  mask.forEach((mk, j) => {
    b.assertBool(`push_mask_bool[${j}]`, mk);
    if (j > 0) b.assertZero(`push_mask_prefix[${j}]`, mk.mul(x.one.sub(mask[j - 1]!)));
    b.assertZero(`push_byte_beyond_imm[${j}]`, push.mul(x.one.sub(mk)).mul(bytes[j]!));
    // Byte j (little-endian) is code[pc + imm − j]: the immediate's last byte is the word's lowest.
    b.send(BYTECODE_BUS, bytecodeTuple(b, x.m(c.pc).add(imm).sub(j), bytes[j]!, 0, 0), push.mul(mk));
  });
  // The masks also serve CALLDATALOAD (cpu-calldata.ts), whose count is cdCount.
  b.assertEq('push_mask_count', x.sum(mask), push.mul(imm).add(x.m(c.cdCount)));
  const limbs = Array.from({ length: WORD_LIMBS }, (_, j) => bytes[2 * j]!.add(bytes[2 * j + 1]!.mul(256)));
  x.wordEq('push_value', push, x.value(0), limbs);
  x.terms.pcExtra.push(push.mul(imm));

  const pop = x.sel(Family.Pop);
  x.use(0, pop, false, STACK, sp.sub(1));

  const dup = x.sel(Family.Dup);
  x.use(0, dup, false, STACK, sp.sub(opcode.sub(0x7f)));
  x.use(1, dup, true, STACK, sp);
  x.wordEq('dup_value', dup, x.value(1), x.value(0));

  const swap = x.sel(Family.Swap);
  const deep = sp.sub(1).sub(opcode.sub(0x8f));
  x.use(0, swap, false, STACK, sp.sub(1));
  x.use(1, swap, false, STACK, deep);
  x.use(2, swap, true, STACK, sp.sub(1));
  x.use(3, swap, true, STACK, deep);
  x.wordEq('swap_top', swap, x.value(2), x.value(1));
  x.wordEq('swap_deep', swap, x.value(3), x.value(0));
}

/** ALU families: operands read top first, the result written in place; one `alu` message. */
export function aluFamilies(x: CpuContext): void {
  const { b, c } = x;
  const sp = x.m(c.sp);
  const a1 = x.sel(Family.Alu1);
  const a2 = x.sel(Family.Alu2);
  const a3 = x.sel(Family.Alu3);
  const exp = x.sel(Family.Exp);
  const expBytes = x.m(c.expBytes);
  x.use(0, a1, false, STACK, sp.sub(1));
  x.use(1, a1, true, STACK, sp.sub(1));
  for (const binary of [a2, exp]) {
    x.use(0, binary, false, STACK, sp.sub(1));
    x.use(1, binary, false, STACK, sp.sub(2));
    x.use(2, binary, true, STACK, sp.sub(2));
  }
  x.use(0, a3, false, STACK, sp.sub(1));
  x.use(1, a3, false, STACK, sp.sub(2));
  x.use(2, a3, false, STACK, sp.sub(3));
  x.use(3, a3, true, STACK, sp.sub(3));
  const v = [0, 1, 2, 3].map((i) => x.value(i));
  const two = a2.add(exp);
  const tuple: Expr[] = [x.m(c.opcode)];
  for (let j = 0; j < WORD_LIMBS; j++) tuple.push(v[0]![j]!);
  for (let j = 0; j < WORD_LIMBS; j++) tuple.push(two.add(a3).mul(v[1]![j]!));
  // c: the modulus of ADDMOD/MULMOD, EXP's exponent byte length (the ALU proves it), else 0.
  for (let j = 0; j < WORD_LIMBS; j++) tuple.push(a3.mul(v[2]![j]!).add(j === 0 ? expBytes : x.zero));
  for (let j = 0; j < WORD_LIMBS; j++) tuple.push(a1.mul(v[1]![j]!).add(two.mul(v[2]![j]!)).add(a3.mul(v[3]![j]!)));
  b.send(ALU_BUS, tuple, a1.add(two).add(a3));
  b.assertZero('exp_bytes_only_on_exp', x.one.sub(exp).mul(expBytes));
  // EIP-160 / yellow paper: G_exp + G_expbyte · (byte length of the exponent).
  x.terms.dynamicGas.push(expBytes.mul(50));
}

/** JUMP, JUMPI (target checked by a bytecode lookup with isJumpdest = 1), JUMPDEST. */
export function jumpFamilies(x: CpuContext): void {
  const { b, c } = x;
  const sp = x.m(c.sp);
  const jump = x.sel(Family.Jump);
  const jumpi = x.sel(Family.Jumpi);
  const taken = x.m(c.jumpTaken);
  const condInv = x.m(c.condInv);
  x.use(0, jump, false, STACK, sp.sub(1));
  x.use(0, jumpi, false, STACK, sp.sub(1));
  x.use(1, jumpi, false, STACK, sp.sub(2));
  b.assertBool('jump_taken_bool', taken);
  b.assertZero('jump_taken_only_on_jumps', taken.mul(x.one.sub(jump).sub(jumpi)));
  b.assertZero('jump_always_taken', jump.mul(x.one.sub(taken)));
  // JUMPI: taken iff the condition's limb sum S is nonzero (limbs < 2^16, so S < p is zero iff every limb is).
  const s = x.sum(x.value(1));
  b.assertZero('jumpi_taken_if_nonzero', jumpi.mul(s.mul(condInv).sub(taken)));
  b.assertZero('jumpi_not_taken_if_zero', jumpi.mul(s).mul(x.one.sub(taken)));
  const errJumpi = x.m(c.errJumpi);
  b.assertZero('cond_inv_only_when_taken', condInv.mul(x.one.sub(taken).sub(errJumpi)));
  b.assertZero('cond_inv_only_on_jumpi', condInv.mul(x.one.sub(jumpi).sub(errJumpi)));
  const target = x.value(0);
  for (let j = 1; j < WORD_LIMBS; j++) b.assertZero(`jump_target_small[${j}]`, taken.mul(target[j]!));
  b.send(BYTECODE_BUS, bytecodeTuple(b, target[0]!, 0x5b, 1, 1), taken);
}

/** PC, GAS, MSIZE and the environment words: one stack write of a known value. */
export function pushValueFamilies(x: CpuContext): void {
  const { b, c } = x;
  const sp = x.m(c.sp);
  const v = x.value(0);
  const zeros = (from: number): number[] => new Array<number>(WORD_LIMBS - from).fill(0);
  const pc = x.sel(Family.Pc);
  x.use(0, pc, true, STACK, sp);
  x.wordEq('pc_value', pc, v, [x.m(c.pc), ...zeros(1)]);
  const gas = x.sel(Family.Gas);
  x.use(0, gas, true, STACK, sp);
  x.wordEq('gas_value', gas, v, [x.m(c.gasLo), x.m(c.gasHi), ...zeros(2)]);
  const msize = x.sel(Family.Msize);
  x.use(0, msize, true, STACK, sp);
  b.assertZero('msize_value', msize.mul(v[0]!.add(v[1]!.mul(65536)).sub(x.m(c.mem).mul(32))));
  x.wordEq('msize_high', msize, v.slice(2), zeros(2));
  b.send(RANGE16_BUS, [v[0]!], msize);
  b.send(RANGE16_BUS, [v[1]!.mul(4)], msize);

  const env = x.sel(Family.Env);
  const envSel = c.envSel.map((col) => x.m(col));
  x.use(0, env, true, STACK, sp);
  envSel.forEach((e, k) => b.assertBool(`env_sel_bool[${k}]`, e));
  b.assertEq('env_sel_one_hot', x.sum(envSel), env);
  b.assertEq('env_sel_opcode', x.sum(envSel.map((e, k) => e.mul(ENV_OPCODES[k]!))), env.mul(x.m(c.opcode)));
  for (let j = 0; j < WORD_LIMBS; j++) {
    const expected = x.sum(envSel.map((e, k) => e.mul(envPublic(b, k, j))));
    b.assertZero(`env_value[${j}]`, env.mul(v[j]!).sub(expected));
  }
  // CODESIZE is bound to the code digest: the bytecode table holds the length of every string.
  const codesize = ENV_OPCODES.indexOf(0x38);
  const digest = Array.from({ length: DIGEST_ELEMENTS }, (_, i) => b.public(`codeDigest${i}`));
  b.send(BYTECODE_LENGTH_BUS, [...digest, envPublic(b, codesize, 0).add(envPublic(b, codesize, 1).mul(65536))], envSel[codesize]!);
}
