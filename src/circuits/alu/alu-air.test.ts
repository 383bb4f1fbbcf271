import { describe, expect, it } from 'vitest';
import { inv, P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { Op } from '../../stark/air/expr.ts';
import type { CompiledTable } from '../../stark/air/system.ts';
import {
  DEFAULT_CONFIG,
  TEST_CONFIG_INSECURE,
  ProverRefusedError,
  VerificationError,
  checkBuses,
  checkTableConstraints,
  checkWitness,
  defineSystem,
  prove,
  setup,
  verify,
  type BoundaryMessage,
} from '../../stark/index.ts';
import { forceProve } from '../../stark/testing/force-prove.ts';
import { SeededRng } from '../../stark/testing/prng.ts';
import { ALU_COLUMNS, PROVEN_ALU_OPS, UNPROVEN_ALU_OPS } from './alu-air.ts';
import {
  ALU_SYSTEM_TABLES,
  AluUnsupportedError,
  aluBoundary,
  aluLookupTraces,
  aluTraceResult,
  aluTraces,
  type AluOperation,
  type AluTraces,
} from './alu-trace.ts';
import { AluOpcode, MAX_U256, aluReference } from './reference.ts';

const system = defineSystem([...ALU_SYSTEM_TABLES]);
const aluCompiled = system.tables[0]!;
const keys = setup(system, TEST_CONFIG_INSECURE);
const C = ALU_COLUMNS;
const TOP = 1n << 255n;

/** Edge operands: 0, 1, 2, byte/limb boundaries, signed boundaries, shift amounts around 256. */
const EDGES = [0n, 1n, 2n, 7n, 31n, 32n, 255n, 256n, 257n, 0xffffn, 0x10000n, TOP - 1n, TOP, TOP + 1n, MAX_U256 - 1n, MAX_U256];

function randomWord(rng: SeededRng): bigint {
  // Mix full-width words with short ones and sign-extended ones so every branch is exercised.
  const kind = rng.below(4);
  const bytes = kind === 0 ? 1 + rng.below(3) : 32;
  let v = 0n;
  for (let i = 0; i < bytes; i++) v = (v << 8n) | BigInt(rng.below(256));
  if (kind === 3) v |= MAX_U256 ^ ((1n << BigInt(8 * (1 + rng.below(31)))) - 1n);
  return v & MAX_U256;
}

function shiftAmount(rng: SeededRng): bigint {
  const k = rng.below(4);
  return k === 0 ? BigInt(rng.below(40)) : k === 1 ? BigInt(rng.below(300)) : k === 2 ? BigInt(250 + rng.below(12)) : randomWord(rng);
}

function operations(randomPerOp: number, seed: number): AluOperation[] {
  const rng = new SeededRng(seed);
  const ops: AluOperation[] = [];
  for (const name of PROVEN_ALU_OPS) {
    const opcode = AluOpcode[name];
    for (const a of EDGES) for (const b of EDGES) ops.push({ opcode, a, b });
    for (let i = 0; i < randomPerOp; i++) {
      const indexFirst = name === 'SHL' || name === 'SHR' || name === 'SAR' || name === 'BYTE' || name === 'SIGNEXTEND';
      const b = randomWord(rng);
      ops.push({ opcode, a: indexFirst ? shiftAmount(rng) : randomWord(rng), b: rng.below(8) === 0 ? b >> 200n : b });
    }
  }
  return ops;
}

function witnessOf(t: AluTraces, boundary: readonly BoundaryMessage[]) {
  return { traces: t.traces, boundary };
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

/** The tampered ALU trace with lookup multiplicities recomputed, so only the targeted rule can fail. */
function maliciousWitness(t: AluTraces, alu: RowMajorMatrix, boundary: readonly BoundaryMessage[]) {
  return { traces: { ...t.traces, alu, ...aluLookupTraces(alu) }, boundary };
}

function expectRejected(witness: ReturnType<typeof maliciousWitness>, constraint: string): void {
  const failures = checkWitness(keys.provingKey, witness);
  expect(failures.map((f) => f.constraint)).toContain(constraint);
  expect(() => prove(keys.provingKey, witness)).toThrow(ProverRefusedError);
  const forced = forceProve(keys.provingKey, witness);
  expect(() => verify(keys.verifyingKey, forced, { boundary: witness.boundary })).toThrow(VerificationError);
}

describe('ALU table', () => {
  it('has 440 columns, degree 3 and every limb range-checked', () => {
    expect(C.width).toBe(440);
    expect(aluCompiled.maxDegree).toBe(3);
    expect(aluCompiled.interactions.filter((i) => i.bus === 'range8')).toHaveLength(7 * 32);
    expect(aluCompiled.interactions.filter((i) => i.bus === 'range16')).toHaveLength(63);
  });

  it('accepts the reference result of 6,000+ edge and random operations (all 20 opcodes)', () => {
    const ops = operations(50, 7);
    expect(ops.length).toBe(20 * (EDGES.length ** 2 + 50));
    const t = aluTraces(ops);
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      expect(aluTraceResult(t.traces.alu, i)).toBe(aluReference(op.opcode, op.a, op.b));
    }
    expect(checkWitness(keys.provingKey, witnessOf(t, aluBoundary(ops, t.results)))).toEqual([]);
    // A statement claiming a different result for one operation does not balance the bus.
    const wrong = t.results.slice();
    wrong[123] = (wrong[123]! + 1n) & MAX_U256;
    const failures = checkWitness(keys.provingKey, witnessOf(t, aluBoundary(ops, wrong)));
    expect(failures.map((f) => f.constraint)).toEqual(['bus:alu', 'bus:alu']);
  });

  it('proves and verifies a random batch (test config) and a small batch at DEFAULT_CONFIG', () => {
    const ops = operations(8, 99).filter((_, i) => i % 11 === 0);
    const t = aluTraces(ops);
    const boundary = aluBoundary(ops, t.results);
    const proof = prove(keys.provingKey, witnessOf(t, boundary));
    expect(() => verify(keys.verifyingKey, proof, { boundary })).not.toThrow();
    // The same proof does not verify a statement with one result changed.
    const bad = aluBoundary(ops, t.results.map((r, i) => (i === 5 ? r ^ 1n : r)));
    expect(() => verify(keys.verifyingKey, proof, { boundary: bad })).toThrow(VerificationError);

    const small = operations(1, 3).filter((_, i) => i % 97 === 0);
    const ts = aluTraces(small);
    const def = setup(system, DEFAULT_CONFIG);
    const sb = aluBoundary(small, ts.results);
    expect(() => verify(def.verifyingKey, prove(def.provingKey, witnessOf(ts, sb)), { boundary: sb })).not.toThrow();
  });

  it('refuses unproven opcodes and malformed operands with AluUnsupportedError', () => {
    for (const name of UNPROVEN_ALU_OPS) {
      expect(() => aluTraces([{ opcode: AluOpcode.ADD, a: 1n, b: 2n }, { opcode: AluOpcode[name], a: 1n, b: 2n }])).toThrow(
        `ALU: ${name} is not proven yet (operation 1)`,
      );
    }
    expect(() => aluTraces([{ opcode: 0x20, a: 0n, b: 0n }])).toThrow(AluUnsupportedError);
    expect(() => aluTraces([{ opcode: AluOpcode.ADD, a: MAX_U256 + 1n, b: 0n }])).toThrow(AluUnsupportedError);
    expect(() => aluTraces([{ opcode: AluOpcode.ADD, a: -1n, b: 0n }])).toThrow(AluUnsupportedError);
  });

  it('tampering any cell of any column is caught by a constraint reading it or by a bus', () => {
    const ops = operations(2, 5).filter((_, i) => i % 13 === 0);
    const t = aluTraces(ops);
    const boundary = aluBoundary(ops, t.results);
    const byCol = constraintsByColumn(aluCompiled);
    const traces = [t.traces.alu, t.traces.range8, t.traces.range16, t.traces.byteop8];
    const preps = keys.provingKey.preprocessed.map((p) => p?.trace ?? null);
    const publics = [[], [], [], []];
    const rng = new SeededRng(21);
    const height = t.traces.alu.height;
    let viaConstraint = 0;
    let viaBus = 0;
    for (let col = 0; col < C.width; col++) {
      // One operation row and one random row (often padding) per column.
      for (const row of [rng.below(ops.length), rng.below(height)]) {
        const old = t.traces.alu.get(row, col);
        const bad = withCells(t.traces.alu, [[row, col, old + 1 + rng.below(1000)]]);
        const failures = checkTableConstraints(aluCompiled, bad, null, []);
        if (failures.length > 0) {
          viaConstraint++;
          for (const f of failures) {
            expect(f.row).toBe(row);
            expect(byCol[col], `${C.columnNames[col]} row ${row}: ${f.constraint}`).toContain(f.constraint);
          }
        } else {
          viaBus++;
          const busFailures = checkBuses(system, [bad, ...traces.slice(1)], preps, publics, boundary);
          expect(busFailures.length, `${C.columnNames[col]} row ${row}`).toBeGreaterThan(0);
          for (const f of busFailures) expect(f.constraint).toMatch(/^bus:/);
        }
      }
    }
    expect(viaConstraint + viaBus).toBe(2 * C.width);
    // A forced proof of a tampered trace is rejected: one sample from each gadget.
    const sample = [C.sel[3]!, C.cm[40]!, C.onehot[7]!];
    for (const col of sample) {
      const bad = withCells(t.traces.alu, [[2, col, t.traces.alu.get(2, col) + 5]]);
      const forced = forceProve(keys.provingKey, { traces: { ...t.traces, alu: bad }, boundary });
      expect(() => verify(keys.verifyingKey, forced, { boundary })).toThrow(VerificationError);
    }
  });

  it('rejects a wrong ADD carry (255 + 1 claimed as 0)', () => {
    const ops = [{ opcode: AluOpcode.ADD, a: 255n, b: 1n }];
    const t = aluTraces(ops);
    // Honest: byte 0 = 0 with carry 1 into byte 1. Malicious: drop the carry, claim 0.
    const alu = withCells(t.traces.alu, [
      [0, C.cm[0]!, 0],
      [0, C.r[1]!, 0],
      [0, C.w[1]!, 0],
    ]);
    expectRejected(maliciousWitness(t, alu, aluBoundary(ops, [0n])), 'muladd[0]');
  });

  it('rejects a MUL result off by one in a limb', () => {
    const a = 0x1234_5678_9abc_def0_1122_3344n;
    const b = 0xfedc_ba98_7654_3210n;
    const ops = [{ opcode: AluOpcode.MUL, a, b }];
    const t = aluTraces(ops);
    const r = t.results[0]!;
    const k = 6; // limb 3, low byte
    const byte = Number((r >> BigInt(8 * k)) & 0xffn);
    const claimed = byte === 255 ? r - (1n << BigInt(8 * k)) : r + (1n << BigInt(8 * k));
    const nb = byte === 255 ? 254 : byte + 1;
    const alu = withCells(t.traces.alu, [
      [0, C.r[k]!, nb],
      [0, C.w[k]!, nb],
    ]);
    expectRejected(maliciousWitness(t, alu, aluBoundary(ops, [claimed])), `muladd[${k}]`);
  });

  it('rejects a DIV whose remainder is not below the divisor (100 / 7 claimed as 13 rem 9)', () => {
    const ops = [{ opcode: AluOpcode.DIV, a: 100n, b: 7n }];
    const t = aluTraces(ops);
    const edits: [number, number, number][] = [
      [0, C.r[0]!, 13],
      [0, C.x[0]!, 13],
      [0, C.z[0]!, 9],
      [0, C.diff[0]!, 2],
      [0, C.diffInv, inv(2)],
    ];
    for (let k = 1; k < 32; k++) edits.push([0, C.diff[k]!, 0]);
    for (let j = 0; j < 16; j++) edits.push([0, C.cs[j]!, 0]);
    const alu = withCells(t.traces.alu, edits);
    // The MulAdd identity 13·7 + 9 = 100 and the subtraction 9 − 7 = 2 both hold; only the bound fails.
    const w = maliciousWitness(t, alu, aluBoundary(ops, [13n]));
    expect(checkWitness(keys.provingKey, w).map((f) => f.constraint)).toEqual(['remainder_below_divisor']);
    expectRejected(w, 'remainder_below_divisor');
  });

  it('rejects an out-of-range limb that satisfies every constraint (LT 5 < 3 claimed true)', () => {
    const ops = [{ opcode: AluOpcode.LT, a: 5n, b: 3n }];
    const t = aluTraces(ops);
    // Borrow out of the top limb with diff limb 15 = 65536 (byte 31 = 256): the subtraction holds
    // as a field identity, so only the range8 lookup can reject it.
    const edits: [number, number, number][] = [
      [0, C.r[0]!, 1],
      [0, C.diff[31]!, 256],
      [0, C.diffInv, inv(2 + 256)],
    ];
    for (let j = 0; j < 16; j++) edits.push([0, C.cs[j]!, j === 15 ? 1 : 0]);
    const alu = withCells(t.traces.alu, edits);
    const w = maliciousWitness(t, alu, aluBoundary(ops, [1n]));
    expect(checkTableConstraints(aluCompiled, alu, null, [])).toEqual([]);
    expectRejected(w, 'bus:range8');
  });
});
