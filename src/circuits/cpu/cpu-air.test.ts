import { describe, expect, it } from 'vitest';
import { P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { Halt } from '../../evm/halt.ts';
import { Op } from '../../stark/air/expr.ts';
import type { CompiledTable } from '../../stark/air/system.ts';
import {
  ProverRefusedError,
  TEST_CONFIG_INSECURE,
  VerificationError,
  checkBuses,
  checkTableConstraints,
  checkWitness,
  prove,
  setup,
  verify,
  type Witness,
} from '../../stark/index.ts';
import { forceProve } from '../../stark/testing/force-prove.ts';
import { SeededRng } from '../../stark/testing/prng.ts';
import { CPU_COLUMNS, SLOTS, selectorIndex } from './cpu-columns.ts';
import { CPU_PUBLIC_INPUTS } from './cpu-publics.ts';
import { buildCpuTrace } from './cpu-trace.ts';
import { ENV_OPCODES, Family } from './opcode-info.ts';
import { cpuTestSystem, cpuTestWitness, runBytecodeEnv, runTestProgram, testCodeDigest, type TestProgram } from './testing.ts';
import { CODE_ADDRESS, hexToBytes, runBytecode } from '../../evm/testing.ts';
import { WitnessTracer } from '../../evm/tracers/witness-tracer.ts';

const system = cpuTestSystem();
const cpuCompiled = system.tables[0]!;
const keys = setup(system, TEST_CONFIG_INSECURE);
const C = CPU_COLUMNS;

const hex32 = Array.from({ length: 32 }, (_, i) => (i + 1).toString(16).padStart(2, '0')).join('');
/** Programs covering every proven family, with their expected halt. */
const PROGRAMS: Record<string, [string, number]> = {
  // PUSH1/ADD/MUL/SWAP1/SUB/DUP1/ISZERO/POP/PUSH32/AND/NOT, EXP (1- and 2-byte exponents), ADDMOD, SDIV, PUSH0, STOP.
  arithmetic: [`6005600701600302600290038015507f${hex32}6001161950` + '600360020a' + '60056007600908' + '61010060020a' + '60ff600005' + '50505050' + '5f505000', Halt.Stop],
  // A JUMPI loop (taken twice, then not), PC, GAS, MSIZE; code ends without STOP (implicit STOP).
  jumps: ['60035b600190038060025758' + '5a59' + '50505050', Halt.Stop],
  // Every environment word, then REVERT with empty output.
  environment: [ENV_OPCODES.map((o) => o.toString(16)).join('') + '50'.repeat(ENV_OPCODES.length) + '60006000fd', Halt.Revert],
  // MSTORE aligned and unaligned, MSTORE8, MLOAD unaligned and aligned, MSIZE, MLOAD expanding memory.
  memory: ['6011600052' + '61abcd602552' + '60ee603f53' + '60105150' + '60205150' + '5950' + '6101005150' + '00', Halt.Stop],
  // Memory written, then RETURN of 40 bytes from offset 3 (two words, memory grows to 2 words).
  returnData: ['7f' + hex32 + '600052' + '60286003f3', Halt.Return],
  // REVERT of 5 bytes from offset 64 (memory grows to 3 words).
  revertData: ['60056040fd', Halt.Revert],
  // 17 pushes, DUP16, SWAP16, JUMP to a JUMPDEST, RETURN with empty output.
  deepStack: ['60'.concat(Array.from({ length: 17 }, (_, i) => (i + 1).toString(16).padStart(2, '0')).join('60')) + '8f9f' + '602a56' + '00'.repeat(3) + '5b60006000f3', Halt.Return],
};

/** SLOAD cold/warm, SSTORE through every EIP-2200/3529 case, TSTORE, TLOAD. */
const STORAGE_CODE =
  '6001545060015450' + // SLOAD 1 (cold), SLOAD 1 (warm)
  '6007600155' + // 1: 5 -> 7, clean non-zero original: 2900
  '6005600155' + // 1: 7 -> 5, dirty, back to original: refund 2800
  '6009600255' + // 2: 0 -> 9, clean zero original: 20000
  '6000600255' + // 2: 9 -> 0, dirty, back to zero original: refund 19900
  '6000600355' + // 3: 4 -> 0, clean, cleared: refund 4800
  '600860015d' + // TSTORE 1 = 8
  '60015c5060025c50' + // TLOAD 1, TLOAD 2
  '4750' + // SELFBALANCE
  '00';

/** Failing frames, one per exceptional-halt kind: [code, gas, expected halt, static frame]. */
const FAILURES: Record<string, [string, bigint, number, boolean]> = {
  invalidOpcode: ['6001fe', 100n, Halt.InvalidOpcode, false],
  undefinedOpcode: ['60010c', 100n, Halt.InvalidOpcode, false],
  underflow: ['600101', 100n, Halt.StackUnderflow, false],
  overflow: ['6001'.repeat(1025), 100_000n, Halt.StackOverflow, false],
  outOfGas: ['600160020100', 8n, Halt.OutOfGas, false],
  jumpPastEnd: ['600356', 100n, Halt.InvalidJump, false],
  jumpIntoPushData: ['600456605b00', 100n, Halt.InvalidJump, false],
  jumpFar: ['63ffffffff56', 100n, Halt.InvalidJump, false],
  jumpiTaken: ['6001600957', 100n, Halt.InvalidJump, false],
  staticWrite: ['6001600055', 100_000n, Halt.WriteProtection, true],
};

function program(name: string): TestProgram {
  if (name === 'storage') {
    const code = hexToBytes(STORAGE_CODE);
    const storage = new Map<bigint, bigint>([[1n, 5n], [3n, 4n]]);
    return runTestProgram(STORAGE_CODE, { accounts: new Map([[CODE_ADDRESS, { nonce: 1n, balance: 0x1234_5678_9abcn, code, storage }]]) });
  }
  return runTestProgram(PROGRAMS[name]![0]);
}

/** For every main column, the names of the user constraints whose expression reads it. */
function constraintsByColumn(t: CompiledTable): Set<string>[] {
  const byCol = Array.from({ length: t.mainWidth }, () => new Set<string>());
  const { op, a, b } = t.arena;
  for (const c of t.constraints.slice(0, t.userConstraintCount)) {
    const stack = [c.node];
    const seen = new Set<number>();
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const o = op[id]!;
      if (o === Op.Main) byCol[a[id]!]!.add(c.name);
      else if (o === Op.Add || o === Op.Sub || o === Op.Mul) stack.push(a[id]!, b[id]!);
      else if (o === Op.Neg) stack.push(a[id]!);
    }
  }
  return byCol;
}

function withCells(m: RowMajorMatrix, edits: [row: number, col: number, value: number][]): RowMajorMatrix {
  const v = m.values.slice();
  for (const [r, c, x] of edits) v[r * m.width + c] = ((x % P) + P) % P;
  return new RowMajorMatrix(v, m.width);
}

function expectRejected(w: Witness, constraint: string): void {
  const failures = checkWitness(keys.provingKey, w).map((f) => f.constraint);
  expect(failures).toContain(constraint);
  expect(() => prove(keys.provingKey, w)).toThrow(ProverRefusedError);
  const forced = forceProve(keys.provingKey, w);
  expect(() => verify(keys.verifyingKey, forced, { publicInputs: w.publicInputs!, boundary: w.boundary! })).toThrow(VerificationError);
}

describe('CPU table', () => {
  it('has degree 3 and one selector per implemented family', () => {
    expect(cpuCompiled.maxDegree).toBe(3);
    expect(C.sel).toHaveLength(26);
    expect(cpuCompiled.publicInputNames).toEqual(CPU_PUBLIC_INPUTS);
  });

  it('accepts the honest traces of programs covering every proven family', () => {
    for (const [name, [, halt]] of Object.entries(PROGRAMS)) {
      const p = program(name);
      expect(p.cpu.publics.status, name).toBe(halt);
      expect(checkWitness(keys.provingKey, cpuTestWitness(p.cpu, p.code)), name).toEqual([]);
    }
  });

  it('accepts CALLDATALOAD inside, across and past the end of the calldata, and CALLDATASIZE', () => {
    // Offsets 0, 4 (partial: 36-byte calldata), 36 (past the end), 2^16 (far), 2^255 (far), then CALLDATASIZE.
    const code = '600035506004355060243550620100003550' + '7f8000000000000000000000000000000000000000000000000000000000000000355036' + '5000';
    const input = Uint8Array.from({ length: 36 }, (_, k) => 0xa0 + k);
    const p = runTestProgram(code, { input });
    expect(p.cpu.calldataLookups.length).toBe(36);
    expect(p.cpu.calldataLengthLookups).toBe(6);
    expect(checkWitness(keys.provingKey, cpuTestWitness(p.cpu, p.code, { calldata: p.calldata }))).toEqual([]);
    // Claiming other calldata (one byte changed) does not balance the bytecode bus.
    const other = input.slice();
    other[5] ^= 1;
    const failures = checkWitness(keys.provingKey, cpuTestWitness(p.cpu, p.code, { calldata: other })).map((f) => f.constraint);
    expect(failures).toContain('bus:bytecode');
  });

  it('accepts every exceptional halt kind with gas left 0', () => {
    for (const [name, [hex, gas, halt, isStatic]] of Object.entries(FAILURES)) {
      const p = runTestProgram(hex, { gas, isStatic });
      expect(p.cpu.publics.status, name).toBe(halt);
      expect(p.cpu.publics.gasLeft, name).toBe(0);
      expect(checkWitness(keys.provingKey, cpuTestWitness(p.cpu, p.code)), name).toEqual([]);
    }
  });

  it('rejects an exceptional halt claimed on a step that succeeds (out of gas with gas to spare)', () => {
    const p = runTestProgram('600160020100');
    const add = 2;
    const sel = C.sel[selectorIndex(Family.Alu2)]!;
    const gas = p.cpu.cpu.get(add, C.gas);
    // Turn the ADD row into an out-of-gas halt: its reads stay, the write and the later rows go.
    const edits: [number, number, number][] = [
      [add, sel, 0],
      [add, C.errOog, 1],
      [add, C.errFamily, Family.Alu2],
      [add, C.errRead[0]!, 1],
      [add, C.errRead[1]!, 1],
      [add, C.gasLo, (3 - gas - 1) & 0xffff],
      [add, C.gasHi, 0],
    ];
    const cpu = withCells(p.cpu.cpu, edits);
    const publicInputs = p.cpu.publicInputs.slice();
    publicInputs[CPU_PUBLIC_INPUTS.indexOf('status')] = Halt.OutOfGas;
    publicInputs[CPU_PUBLIC_INPUTS.indexOf('gasLeft')] = 0;
    const failures = checkTableConstraints(cpuCompiled, cpu, null, publicInputs).map((f) => f.constraint);
    expect(failures).toContain('gas_after');
  });

  it('accepts storage and transient storage with exact EIP-2929/2200/3529 gas and refunds', () => {
    const p = program('storage');
    expect(p.cpu.publics.status).toBe(Halt.Stop);
    const gas = (s: number): bigint => p.witness.stepAt(s).gasCost;
    expect([gas(1), gas(4)]).toEqual([2100n, 100n]);
    expect([gas(8), gas(11), gas(14), gas(17), gas(20)]).toEqual([2900n, 100n, 22100n, 100n, 5000n]);
    expect(p.cpu.storageOriginals.map((o) => [o.slot, o.original, o.count])).toEqual([[1n, 5n, 2], [2n, 0n, 2], [3n, 4n, 1]]);
    expect(checkWitness(keys.provingKey, cpuTestWitness(p.cpu, p.code))).toEqual([]);
  });

  it('rejects an SSTORE whose original value disagrees with the statement', () => {
    const p = program('storage');
    const bad = { ...p.cpu, storageOriginals: p.cpu.storageOriginals.map((o) => (o.slot === 1n ? { ...o, original: 6n } : o)) };
    expect(new Set(checkWitness(keys.provingKey, cpuTestWitness(bad, p.code)).map((f) => f.constraint))).toEqual(new Set(['bus:storage_original']));
  });

  it('proves and verifies a JUMPI loop; the proof does not verify other public outputs', () => {
    const p = program('jumps');
    const w = cpuTestWitness(p.cpu, p.code);
    const proof = prove(keys.provingKey, w);
    const statement = { publicInputs: w.publicInputs!, boundary: w.boundary! };
    expect(() => verify(keys.verifyingKey, proof, statement)).not.toThrow();
    const gasLeft = CPU_PUBLIC_INPUTS.indexOf('gasLeft');
    const status = CPU_PUBLIC_INPUTS.indexOf('status');
    for (const [i, delta] of [[gasLeft, 1], [status, 1]] as const) {
      const bad = p.cpu.publicInputs.slice();
      bad[i] = bad[i]! + delta;
      expect(() => verify(keys.verifyingKey, proof, { ...statement, publicInputs: { cpu: bad } })).toThrow(VerificationError);
    }
  });

  it('tampering any cell of any column is caught by a constraint reading it or by a bus', () => {
    const p = program('memory');
    const w = cpuTestWitness(p.cpu, p.code);
    const byCol = constraintsByColumn(cpuCompiled);
    const names = system.tables.map((t) => t.name);
    const traces = names.map((n) => w.traces[n]!);
    const preps = keys.provingKey.preprocessed.map((pp) => pp?.trace ?? null);
    const publics = names.map((n) => [...(w.publicInputs![n] ?? [])]);
    const rng = new SeededRng(77);
    const steps = p.witness.stepCount;
    const height = p.cpu.cpu.height;
    let viaConstraint = 0;
    let viaBus = 0;
    for (let col = 0; col < C.width; col++) {
      for (const row of [col % 3 === 0 ? rng.below(height) : rng.below(steps)]) {
        const old = p.cpu.cpu.get(row, col);
        const bad = withCells(p.cpu.cpu, [[row, col, old + 1 + rng.below(1000)]]);
        const failures = checkTableConstraints(cpuCompiled, bad, null, publics[0]!);
        if (failures.length > 0) {
          viaConstraint++;
          for (const f of failures) {
            // A tampered cell fails on its row, or on the previous row's transition into it.
            expect([row, row - 1, (row + height - 1) % height]).toContain(f.row);
            expect(byCol[col], `${C.columnNames[col]} row ${row}: ${f.constraint}`).toContain(f.constraint);
          }
        } else {
          viaBus++;
          const busFailures = checkBuses(system, [bad, ...traces.slice(1)], preps, publics, w.boundary!);
          expect(busFailures.length, `${C.columnNames[col]} row ${row}`).toBeGreaterThan(0);
        }
      }
    }
    expect(viaConstraint + viaBus).toBe(C.width);
    expect(viaConstraint).toBeGreaterThan(viaBus);
  });

  it('tampering a storage column on an SSTORE/SLOAD row is caught by a constraint reading it or by a bus', () => {
    const p = program('storage');
    const w = cpuTestWitness(p.cpu, p.code);
    const byCol = constraintsByColumn(cpuCompiled);
    const names = system.tables.map((t) => t.name);
    const traces = names.map((n) => w.traces[n]!);
    const preps = keys.provingKey.preprocessed.map((pp) => pp?.trace ?? null);
    const publics = names.map((n) => [...(w.publicInputs![n] ?? [])]);
    const stateRows = [Family.Sload, Family.Sstore, Family.Tload, Family.Tstore, Family.SelfBalance].flatMap((f) =>
      Array.from({ length: p.witness.stepCount }, (_, r) => r).filter((r) => p.cpu.cpu.get(r, C.sel[selectorIndex(f)]!) === 1),
    );
    const cols = [
      ...C.original,
      C.eqNewCurrent,
      C.eqCurrentOriginal,
      C.eqNewOriginal,
      C.zeroOriginal,
      C.zeroCurrent,
      C.zeroNew,
      C.clean,
      C.dirty,
      C.refundDelta,
      C.refundDeltaInv,
      C.refundChanged,
      C.sentryLo,
      C.sentryHi,
      ...C.warmRw,
      ...C.stateRw,
      ...C.refundRw,
    ];
    const rng = new SeededRng(5);
    for (const col of cols) {
      const row = stateRows[rng.below(stateRows.length)]!;
      const bad = withCells(p.cpu.cpu, [[row, col, p.cpu.cpu.get(row, col) + 1 + rng.below(100)]]);
      const failures = checkTableConstraints(cpuCompiled, bad, null, publics[0]!);
      for (const f of failures) expect(byCol[col], `${C.columnNames[col]} row ${row}: ${f.constraint}`).toContain(f.constraint);
      if (failures.length === 0) {
        expect(checkBuses(system, [bad, ...traces.slice(1)], preps, publics, w.boundary!).length, `${C.columnNames[col]} row ${row}`).toBeGreaterThan(0);
      }
    }
  });

  it('rejects a wrong ALU result (5 + 7 claimed as 13)', () => {
    const p = runTestProgram('600560070100');
    const add = 2;
    const result = SLOTS[2]!.value[0]!;
    expect(p.cpu.cpu.get(add, result)).toBe(12);
    const cpu = withCells(p.cpu.cpu, [[add, result, 13]]);
    const accesses = p.cpu.accesses.map((a, i) => (i === 4 ? { ...a, value: 13n } : a));
    const w = cpuTestWitness(p.cpu, p.code, { cpu, accesses });
    expect(new Set(checkWitness(keys.provingKey, w).map((f) => f.constraint))).toEqual(new Set(['bus:alu']));
    expectRejected(w, 'bus:alu');
  });

  it('rejects a jump to a byte that is not a JUMPDEST (0x5b inside PUSH data)', () => {
    // Real code: PUSH1 4, JUMP, PUSH1 0x5b, STOP: offset 4 is push data, so the EVM halts.
    const code = hexToBytes('600456605b00');
    // The malicious witness comes from code with a JUMPDEST at 4 (PUSH1 4, JUMP, STOP, JUMPDEST, STOP).
    const tracer = new WitnessTracer();
    runBytecode(hexToBytes('600456005b00'), { tracer });
    const t = buildCpuTrace({ trace: tracer.trace, code, codeDigest: testCodeDigest(code), env: runBytecodeEnv(code) });
    const w = cpuTestWitness(t, code);
    expect(checkTableConstraints(cpuCompiled, t.cpu, null, t.publicInputs)).toEqual([]);
    expectRejected(w, 'bus:bytecode');
  });

  it('rejects a wrong gas charge (ADD charged 2 instead of 3, consistently in every later row)', () => {
    const p = runTestProgram('6005600701600150600000');
    const add = 2;
    const rows = p.witness.stepCount;
    const edits: [number, number, number][] = [[add, C.staticGas, 2]];
    for (let r = add; r < p.cpu.cpu.height; r++) {
      const after = p.cpu.cpu.get(r, C.gasLo) + 65536 * p.cpu.cpu.get(r, C.gasHi) + 1;
      edits.push([r, C.gasLo, after & 0xffff], [r, C.gasHi, after >>> 16]);
      if (r > add) edits.push([r, C.gas, p.cpu.cpu.get(r, C.gas) + 1]);
    }
    const cpu = withCells(p.cpu.cpu, edits);
    const publicInputs = p.cpu.publicInputs.slice();
    publicInputs[CPU_PUBLIC_INPUTS.indexOf('gasLeft')]! += 1;
    const w = cpuTestWitness(p.cpu, p.code, { cpu, publicInputs });
    expect(rows).toBe(7);
    expect(new Set(checkWitness(keys.provingKey, w).map((f) => f.constraint))).toEqual(new Set(['bus:opcode_info']));
    expectRejected(w, 'bus:opcode_info');
  });

  it('rejects a skipped step (a JUMPDEST row removed)', () => {
    const p = program('jumps');
    const jd = 1; // PUSH1 3 at row 0, JUMPDEST at row 1
    expect(p.cpu.cpu.get(jd, C.sel[selectorIndex(Family.Jumpdest)]!)).toBe(1);
    const m = p.cpu.cpu;
    const v = new Uint32Array(m.values.length);
    v.set(m.values.subarray(0, jd * m.width));
    v.set(m.values.subarray((jd + 1) * m.width), jd * m.width);
    v.set(m.values.subarray((m.height - 1) * m.width), (m.height - 1) * m.width);
    const cpu = new RowMajorMatrix(v, m.width);
    const opcodes = p.cpu.opcodes.filter((_, i) => i !== jd);
    const w = cpuTestWitness({ ...p.cpu, opcodes }, p.code, { cpu });
    expectRejected(w, 'next_pc');
  });

  it('rejects a stale memory read (MLOAD sees a word overwritten since)', () => {
    // MSTORE 1 at 0, MSTORE 2 at 0, MLOAD 0: the load must see 2.
    const p = runTestProgram('6001600052' + '6002600052' + '600051' + '00');
    const load = 7;
    expect(p.cpu.cpu.get(load, C.sel[selectorIndex(Family.Mload)]!)).toBe(1);
    const read = SLOTS[1]!.block;
    const result = SLOTS[2]!.block;
    const stale = p.cpu.accesses.find((a) => a.tag === 2 && a.value === 1n)!; // the first MSTORE's word write
    const base = p.cpu.cpu.get(load, C.rwcBase);
    const cpu = withCells(p.cpu.cpu, [
      [load, read.value[0]!, 1],
      [load, read.prevValue[0]!, 1],
      [load, read.prevCounter, stale.counter],
      [load, read.diffLo, base + 1 - stale.counter - 1],
      [load, C.bytesA[0]!, 1],
      [load, C.bytes[0]!, 1],
      [load, result.value[0]!, 1],
    ]);
    const accesses = p.cpu.accesses.map((a) => (a.counter === base + 2 ? { ...a, value: 1n } : a));
    const w = cpuTestWitness(p.cpu, p.code, { cpu, accesses });
    expect(checkTableConstraints(cpuCompiled, cpu, null, p.cpu.publicInputs)).toEqual([]);
    expectRejected(w, 'bus:rw');
  });

  it('rejects a stale stack read (DUP1 sees a value overwritten since)', () => {
    // PUSH1 2, POP, PUSH1 3, DUP1, STOP: slot 0 holds 2, then 3; DUP1 must read 3.
    const p = runTestProgram('600250600380' + '00');
    const dup = 3;
    const read = SLOTS[0]!;
    const write = SLOTS[1]!;
    const stale = p.cpu.accesses[0]!; // PUSH1 2's write, counter of the stale state
    const edits: [number, number, number][] = [
      [dup, read.block.value[0]!, 2],
      [dup, read.block.prevValue[0]!, 2],
      [dup, read.block.prevCounter, stale.counter],
      [dup, read.block.diffLo, p.cpu.cpu.get(dup, C.rwcBase) - stale.counter - 1],
      [dup, write.block.value[0]!, 2],
    ];
    const cpu = withCells(p.cpu.cpu, edits);
    const accesses = p.cpu.accesses.map((a) => (a.counter === p.cpu.cpu.get(dup, C.rwcBase) + 1 ? { ...a, value: 2n } : a));
    const w = cpuTestWitness(p.cpu, p.code, { cpu, accesses });
    expect(checkTableConstraints(cpuCompiled, cpu, null, p.cpu.publicInputs)).toEqual([]);
    expectRejected(w, 'bus:rw');
  });
});
