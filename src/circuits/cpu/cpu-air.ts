/**
 * The `cpu` table: one row per EVM step of one call frame (columns and family selectors:
 * cpu-columns.ts). This file holds the step-independent core; the families add their slot uses
 * and constraints through CpuContext (cpu-plan.ts) first.
 *
 * Core constraints (all degree ≤ 3):
 * - rows: `active` is 1 on the first row, 0 on the last, and drops exactly after a halting step
 *   (active − next.active = Σ halting selectors); one family selector per active row, none on
 *   padding rows.
 * - entry state (first row, public): pc 0, gas = gasLimit, sp 0, mem 0, step 0, rwcBase = rwcFirst.
 * - lookups per active row: `opcode_info` (opcode, family, staticGas, nIn, nOut, imm, flags,
 *   proven = 1), so an unproven opcode cannot prove; `bytecode` opcode fetch (codeDigest, pc,
 *   opcode, isCode 1, isJumpdest = [JUMPDEST]).
 * - gas: gas − staticGas − dynamic = gasLo + 2^16·gasHi with range16(gasLo), range16(4·gasHi)
 *   (the step can pay, and gas stays < 2^30); next.gas = that.
 * - stack: sp − nIn ≥ 0 and 1024 − (sp − nIn + nOut) ≥ 0 (range16), next.sp = sp − nIn + nOut.
 * - pc: next.pc = pc + 1 + imm·[PUSH] on non-halting rows, or the jump target when jumpTaken.
 * - memory: next.mem = memAfter, memory cost carried in memCost (cpu-memory.ts).
 * - counters: slot i counts rwcBase + i; next.rwcBase = rwcBase + Σ enabled + gap (gap ∈ [0, 3]:
 *   non-bus records between steps), so counters strictly increase and each step's accesses are
 *   consecutive; with rwcFirst < 2^24 and at most 7 per row they stay far below p.
 * - halt row: status and gas left equal the public outputs.
 */
import { defineTable, type AirBuilder, type Expr } from '../../stark/index.ts';
import { BYTECODE_BUS, RANGE16_BUS } from '../buses.ts';
import { ACCESS_SLOTS, accessSlotConstraints } from './cpu-access.ts';
import { CPU_COLUMNS, CPU_FAMILIES, SLOTS } from './cpu-columns.ts';
import { aluFamilies, haltFamilies, jumpFamilies, pushValueFamilies, stackFamilies } from './cpu-families.ts';
import { calldataFamily } from './cpu-calldata.ts';
import { memoryFamilies } from './cpu-memory.ts';
import { stateSlotsUsed, storageFamilies } from './cpu-storage.ts';
import { errorKinds, type ErrorTerms } from './cpu-errors.ts';
import { CpuContext } from './cpu-plan.ts';
import { CPU_PUBLIC_INPUTS, bytecodeTuple } from './cpu-publics.ts';
import { Family, OPCODE_INFO_BUS } from './opcode-info.ts';

type B = AirBuilder<Record<string, number>, Record<string, never>>;

/** Declare every CPU constraint and interaction (exported for tests that inspect them). */
export function cpuConstraints(b: B): void {
  const x = new CpuContext(b);
  haltFamilies(x);
  stackFamilies(x);
  aluFamilies(x);
  jumpFamilies(x);
  pushValueFamilies(x);
  memoryFamilies(x);
  storageFamilies(x);
  calldataFamily(x);
  const errors = errorKinds(x);
  coreConstraints(x, errors);
}

function coreConstraints(x: CpuContext, errors: ErrorTerms): void {
  const { b, c } = x;
  const m = (col: number) => x.m(col);
  const active = m(c.active);
  const sels = c.sel.map(m);
  const halts = x.sum(x.terms.halts);

  b.assertBool('active_bool', active);
  sels.forEach((s, i) => b.assertBool(`sel_bool[${i}]`, s));
  b.assertEq('one_family_per_step', x.sum(sels).add(errors.isErr), active);
  b.first('starts_active', active.sub(1));
  b.last('ends_inactive', active);
  b.transition('stops_after_halt', active.sub(x.n(c.active)).sub(halts));

  // Entry state.
  b.first('entry_pc', m(c.pc));
  b.first('entry_gas', m(c.gas).sub(b.public('gasLimit')));
  b.first('entry_sp', m(c.sp));
  b.first('entry_mem', m(c.mem));
  b.first('entry_step', m(c.step));
  b.first('entry_rwc', m(c.rwcBase).sub(b.public('rwcFirst')));

  // Opcode info and fetch. Padding rows carry zeros in the looked-up columns.
  const info = [c.opcode, c.staticGas, c.nIn, c.nOut, c.imm, c.flags];
  for (const col of info) b.assertZero(`padding_zero_${c.columnNames[col]}`, x.one.sub(active).mul(m(col)));
  const family = x.sum(CPU_FAMILIES.map((f, i) => sels[i]!.mul(f))).add(errors.family);
  b.send(OPCODE_INFO_BUS, [m(c.opcode), family, m(c.staticGas), m(c.nIn), m(c.nOut), m(c.imm), m(c.flags), x.one], active);
  b.send(BYTECODE_BUS, bytecodeTuple(b, m(c.pc), m(c.opcode), 1, x.sel(Family.Jumpdest)), active);

  // Gas. Error rows: out of gas proves staticGas − gas − 1 ≥ 0; other errors leave 0.
  const gasAfter = m(c.gas).sub(m(c.staticGas)).sub(x.sum(x.terms.dynamicGas));
  const shortfall = m(c.staticGas).sub(m(c.gas)).sub(1);
  b.assertEq('gas_after', x.one.sub(errors.isErr).mul(gasAfter).add(errors.oog.mul(shortfall)), m(c.gasLo).add(m(c.gasHi).mul(65536)));
  b.send(RANGE16_BUS, [m(c.gasLo)]);
  b.send(RANGE16_BUS, [m(c.gasHi).mul(4)]);
  const gasLeft = m(c.gasLo).add(m(c.gasHi).mul(65536));
  b.transition('next_gas', x.n(c.gas).sub(gasLeft));

  // Stack bounds and pointer.
  const sp = m(c.sp);
  // Underflow / overflow rows prove the opposite bound instead: −v − 1 ≥ 0.
  const flip = (v: Expr, err: Expr): Expr => x.one.sub(err.mul(2)).mul(v).sub(err);
  b.send(RANGE16_BUS, [flip(sp.sub(m(c.nIn)), errors.underflow)], active);
  b.send(RANGE16_BUS, [flip(b.constant(1024).sub(sp).add(m(c.nIn)).sub(m(c.nOut)), errors.overflow)], active);
  b.transition('next_sp', x.n(c.sp).sub(sp).sub(m(c.nOut)).add(m(c.nIn)));

  // Program counter.
  const pc = m(c.pc);
  const taken = m(c.jumpTaken);
  const target = m(SLOTS[0]!.value[0]!);
  const advance = active.sub(halts).add(x.sum(x.terms.pcExtra)).add(taken.mul(target.sub(pc).sub(1)));
  b.transition('next_pc', x.n(c.pc).sub(pc).sub(advance));
  b.transition('next_step', x.n(c.step).sub(m(c.step)).sub(active));

  // Access slots and counters.
  let used = stateSlotsUsed(x);
  for (let i = 0; i < ACCESS_SLOTS; i++) {
    const s = SLOTS[i]!;
    const plan = x.slotPlan(i);
    b.assertEq(`slot${i}_tag_plan`, m(s.tag), plan.tag);
    b.assertEq(`slot${i}_key_plan`, m(s.key), plan.key);
    accessSlotConstraints(b, i, s.block, {
      enabled: plan.enabled,
      isWrite: plan.isWrite,
      counter: m(c.rwcBase).add(i),
      tag: m(s.tag),
      key: m(s.key),
    });
    used = used.add(plan.enabled);
  }
  const gap = c.gap.map(m);
  gap.forEach((g, k) => {
    b.assertBool(`gap_bool[${k}]`, g);
    b.assertZero(`gap_only_active[${k}]`, x.one.sub(active).mul(g));
  });
  b.transition('next_rwc', x.n(c.rwcBase).sub(m(c.rwcBase)).sub(used).sub(gap[0]!).sub(gap[1]!.mul(2)));

  // Halting row: public outputs.
  b.assertZero('halt_status', x.sum(x.terms.status).sub(halts.mul(b.public('status'))));
  b.assertZero('halt_gas_left', halts.sub(errors.isErr).mul(gasLeft.sub(b.public('gasLeft'))).add(errors.isErr.mul(b.public('gasLeft'))));
}

/** The `cpu` table definition. */
export const cpuTable = defineTable({
  name: 'cpu',
  columns: CPU_COLUMNS,
  publicInputs: CPU_PUBLIC_INPUTS,
  constraints: (b) => cpuConstraints(b as unknown as B),
});
