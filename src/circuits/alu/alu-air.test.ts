import { describe, expect, it } from 'vitest';
import { inv, P } from '../../field/babybear.ts';
import { RowMajorMatrix } from '../../field/matrix.ts';
import { evaluateInteractions } from '../../stark/interactions.ts';
import {
  DEFAULT_CONFIG,
  TEST_CONFIG_INSECURE,
  ProverRefusedError,
  VerificationError,
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
import { ALU_BUS } from '../buses.ts';
import { ALU_COLUMNS, ALU_ROW_KINDS, PROVEN_ALU_OPS, SELECTOR_OF, UNPROVEN_ALU_OPS, type AluRowKind } from './alu-air.ts';
import {
  ALU_SYSTEM_TABLES,
  AluUnsupportedError,
  aluBoundary,
  aluLookupTraces,
  aluTraceResult,
  aluTraces,
  aluTuple,
  byteLength,
  wordBytes,
  wordLimbs,
  type AluOperation,
  type AluTraces,
} from './alu-trace.ts';
import { AluOpcode, MAX_U256, aluReference, fromSigned } from './reference.ts';
import { constraintsByColumn } from '../../stark/testing/constraint-columns.ts';

const system = defineSystem([...ALU_SYSTEM_TABLES]);
const aluCompiled = system.tables[0]!;
const keys = setup(system, TEST_CONFIG_INSECURE);
const C = ALU_COLUMNS;
const TOP = 1n << 255n;

/** Edge operands: 0, 1, 2, byte/limb boundaries, signed boundaries, shift amounts around 256. */
const EDGES = [0n, 1n, 2n, 7n, 31n, 32n, 255n, 256n, 257n, 0xffffn, 0x10000n, TOP - 1n, TOP, TOP + 1n, MAX_U256 - 1n, MAX_U256];
/** Moduli for ADDMOD/MULMOD: zero, one, tiny, sign boundary, all ones. */
const MODULI = [0n, 1n, 2n, 3n, 256n, TOP, MAX_U256 - 1n, MAX_U256];
/** Short exponents (every bit length up to 17) and the 256-bit ones. */
const SHORT_EXPONENTS = [0n, 1n, 2n, 3n, 7n, 8n, 255n, 256n, 0xffffn, 0x10001n];
const LONG_EXPONENTS = [TOP, MAX_U256];

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

/** Edge and random operations for every opcode (ADDMOD/MULMOD and EXP over their own edge sets). */
function operations(randomPerOp: number, seed: number): AluOperation[] {
  const rng = new SeededRng(seed);
  const ops: AluOperation[] = [];
  for (const name of PROVEN_ALU_OPS) {
    const opcode = AluOpcode[name];
    if (name === 'ADDMOD' || name === 'MULMOD') {
      for (const a of EDGES.filter((_, i) => i % 2 === 0)) {
        for (const b of [0n, 1n, 255n, TOP, MAX_U256 - 1n, MAX_U256]) for (const c of MODULI) ops.push({ opcode, a, b, c });
      }
      for (let i = 0; i < randomPerOp; i++) ops.push({ opcode, a: randomWord(rng), b: randomWord(rng), c: randomWord(rng) });
      continue;
    }
    if (name === 'EXP') {
      for (const a of [0n, 1n, 2n, 3n, TOP + 5n, MAX_U256, randomWord(rng)]) for (const b of SHORT_EXPONENTS) ops.push({ opcode, a, b });
      for (const a of [0n, 1n, 2n, randomWord(rng)]) for (const b of LONG_EXPONENTS) ops.push({ opcode, a, b });
      for (let i = 0; i < Math.ceil(randomPerOp / 10); i++) ops.push({ opcode, a: randomWord(rng), b: randomWord(rng) });
      continue;
    }
    for (const a of EDGES) for (const b of EDGES) ops.push({ opcode, a, b });
    for (let i = 0; i < randomPerOp; i++) {
      const indexFirst = name === 'SHL' || name === 'SHR' || name === 'SAR' || name === 'BYTE' || name === 'SIGNEXTEND';
      const b = randomWord(rng);
      ops.push({ opcode, a: indexFirst ? shiftAmount(rng) : randomWord(rng), b: rng.below(8) === 0 ? b >> 200n : b });
    }
  }
  return ops;
}

/** A few operations of every kind, EXP exponents short (small traces for proofs and tampering). */
function sampleOperations(seed: number, every: number): AluOperation[] {
  const rng = new SeededRng(seed);
  const ops = operations(2, seed).filter((op, i) => op.opcode !== AluOpcode.EXP && i % every === 0);
  for (const name of ['SDIV', 'SMOD', 'ADDMOD', 'MULMOD', 'EXP'] as const) {
    for (let i = 0; i < 2; i++) {
      const a = randomWord(rng);
      const b = name === 'EXP' ? BigInt(3 + rng.below(1000)) : randomWord(rng);
      ops.push(name === 'ADDMOD' || name === 'MULMOD' ? { opcode: AluOpcode[name], a, b, c: randomWord(rng) } : { opcode: AluOpcode[name], a, b });
    }
  }
  return ops;
}

function witnessOf(t: AluTraces, boundary: readonly BoundaryMessage[]) {
  return { traces: t.traces, boundary };
}


/** Per row, the net (send − receive) multiplicity of every (bus, tuple) the row's interactions carry. */
function rowMessages(trace: RowMajorMatrix): Map<string, number>[] {
  const iv = evaluateInteractions(aluCompiled, trace, null, []);
  const out = Array.from({ length: trace.height }, () => new Map<string, number>());
  aluCompiled.interactions.forEach((it, i) => {
    for (let r = 0; r < trace.height; r++) {
      const m = iv.mult[i]![r]!;
      if (m === 0) continue;
      const key = `${it.bus}|${iv.values[i]!.map((col) => col[r]!).join(',')}`;
      const net = out[r]!;
      net.set(key, ((net.get(key) ?? 0) + (it.kind === 'send' ? m : P - m)) % P);
    }
  });
  for (const net of out) for (const [k, v] of net) if (v === 0) net.delete(k);
  return out;
}

function sameMessages(x: Map<string, number>, y: Map<string, number>): boolean {
  return x.size === y.size && [...x].every(([k, v]) => y.get(k) === v);
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

/** Edits that rewrite row `row`'s word columns `cols` (bytes or 16-bit limbs) to `value`. */
function wordEdits(row: number, cols: readonly number[], value: bigint, bits = 8): [number, number, number][] {
  const mask = (1n << BigInt(bits)) - 1n;
  return cols.map((col, k) => [row, col, Number((value >> BigInt(bits * k)) & mask)]);
}

describe('ALU table', () => {
  it('has 499 columns, degree 3 and every limb range-checked', () => {
    expect(C.width).toBe(499);
    expect(aluCompiled.maxDegree).toBe(3);
    // a, b, r, x, y, z, w, h, diff bytes; the 63 MulAdd carries. aux and mag limbs are bound to
    // checked values by the receiving row (aux) or a constraint (mag).
    expect(aluCompiled.interactions.filter((i) => i.bus === 'range8')).toHaveLength(9 * 32);
    expect(aluCompiled.interactions.filter((i) => i.bus === 'range16')).toHaveLength(63);
    expect(UNPROVEN_ALU_OPS).toEqual([]);
    expect(PROVEN_ALU_OPS).toHaveLength(25);
  });

  it('accepts the reference result of 7,000+ edge and random operations (all 25 opcodes)', () => {
    const ops = operations(30, 7);
    expect(ops.length).toBeGreaterThan(7000);
    const t = aluTraces(ops);
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      expect(aluTraceResult(t.traces.alu, i)).toBe(aluReference(op.opcode, op.a, op.b, op.c ?? 0n));
    }
    // Sub-operation rows exist for every kind.
    for (const kind of ALU_ROW_KINDS) expect(t.rows.some((r) => r.kind === kind)).toBe(true);
    expect(checkWitness(keys.provingKey, witnessOf(t, aluBoundary(ops, t.results)))).toEqual([]);
    // A statement claiming a different result for one operation of each new kind does not balance.
    for (const name of ['SDIV', 'SMOD', 'ADDMOD', 'MULMOD', 'EXP'] as const) {
      const i = ops.findIndex((op) => op.opcode === AluOpcode[name] && op.b > 5n);
      const wrong = t.results.slice();
      wrong[i] = (wrong[i]! + 1n) & MAX_U256;
      const failures = checkWitness(keys.provingKey, witnessOf(t, aluBoundary(ops, wrong)));
      expect(failures.map((f) => f.constraint)).toEqual(['bus:alu', 'bus:alu']);
    }
  });

  it('puts the exponent byte length in c for EXP and the modulus for ADDMOD/MULMOD', () => {
    expect([0n, 1n, 255n, 256n, TOP, MAX_U256].map(byteLength)).toEqual([0, 1, 1, 2, 32, 32]);
    const exp = aluTuple(AluOpcode.EXP, 3n, 0x1234n, aluReference(AluOpcode.EXP, 3n, 0x1234n));
    expect(exp.slice(33, 49)).toEqual([2, ...new Array(15).fill(0)]);
    expect(aluTuple(AluOpcode.MULMOD, 3n, 4n, 2n, 5n).slice(33, 49)).toEqual(wordLimbs(5n));
    expect(aluTuple(AluOpcode.ADD, 3n, 4n, 7n, 5n).slice(33, 49)).toEqual(new Array(16).fill(0));
    // A statement claiming a wrong byte length does not balance.
    const ops = [{ opcode: AluOpcode.EXP, a: 3n, b: 0x1234n }];
    const t = aluTraces(ops);
    const bad = [{ bus: ALU_BUS, kind: 'send' as const, values: exp.map((v, j) => (j === 33 ? 1 : v)) }];
    expect(checkWitness(keys.provingKey, witnessOf(t, bad)).map((f) => f.constraint)).toEqual(['bus:alu', 'bus:alu']);
  });

  it('proves and verifies a random batch (test config) and a small batch at DEFAULT_CONFIG', () => {
    const ops = sampleOperations(99, 23);
    ops.push({ opcode: AluOpcode.EXP, a: 3n, b: TOP }, { opcode: AluOpcode.SDIV, a: TOP, b: MAX_U256 });
    const t = aluTraces(ops);
    const boundary = aluBoundary(ops, t.results);
    const proof = prove(keys.provingKey, witnessOf(t, boundary));
    expect(() => verify(keys.verifyingKey, proof, { boundary })).not.toThrow();
    // The same proof does not verify a statement with one result changed.
    const bad = aluBoundary(ops, t.results.map((r, i) => (i === ops.length - 1 ? r ^ 1n : r)));
    expect(() => verify(keys.verifyingKey, proof, { boundary: bad })).toThrow(VerificationError);

    const small = sampleOperations(3, 97);
    const ts = aluTraces(small);
    const def = setup(system, DEFAULT_CONFIG);
    const sb = aluBoundary(small, ts.results);
    expect(() => verify(def.verifyingKey, prove(def.provingKey, witnessOf(ts, sb)), { boundary: sb })).not.toThrow();
  });

  it('refuses non-ALU opcodes and malformed operands with AluUnsupportedError', () => {
    expect(() => aluTraces([{ opcode: AluOpcode.ADD, a: 1n, b: 2n }, { opcode: 0x20, a: 0n, b: 0n }])).toThrow(
      'ALU: opcode 0x20 is not an ALU operation (operation 1)',
    );
    expect(() => aluTraces([{ opcode: 0x100, a: 0n, b: 0n }])).toThrow(AluUnsupportedError);
    expect(() => aluTraces([{ opcode: AluOpcode.ADD, a: MAX_U256 + 1n, b: 0n }])).toThrow(AluUnsupportedError);
    expect(() => aluTraces([{ opcode: AluOpcode.ADD, a: -1n, b: 0n }])).toThrow(AluUnsupportedError);
    expect(() => aluTraces([{ opcode: AluOpcode.MULMOD, a: 1n, b: 2n }])).toThrow('ALU: MULMOD needs its third operand c (operation 0)');
    expect(() => aluTraces([{ opcode: AluOpcode.ADD, a: 1n, b: 2n, c: 3n }])).toThrow('ALU: ADD takes no third operand (operation 0)');
    expect(() => aluTraces([{ opcode: AluOpcode.ADDMOD, a: 1n, b: 2n, c: MAX_U256 + 1n }])).toThrow(AluUnsupportedError);
  });

  it('tampering any cell of any column is caught by a constraint reading it or by a bus (every row kind)', () => {
    const ops = sampleOperations(5, 13);
    const t = aluTraces(ops);
    const honest = t.traces.alu;
    const byCol = constraintsByColumn(aluCompiled);
    const rng = new SeededRng(21);
    const rowOf = new Map<AluRowKind, number>();
    t.rows.forEach((r, i) => {
      if (!rowOf.has(r.kind)) rowOf.set(r.kind, i);
    });
    const newKinds: AluRowKind[] = ['SDIV', 'SMOD', 'ADDMOD', 'MULMOD', 'EXP', 'MULFULL', 'ADDFULL', 'EXPSTEP'];
    // Rows are independent (no constraint reads the next row), so every (row, column) tampering is
    // one row of a stacked matrix; its bus messages are compared with the honest row's.
    const picks: { row: number; col: number }[] = [];
    for (let col = 0; col < C.width; col++) {
      for (const row of [rng.below(ops.length), rng.below(honest.height), ...newKinds.map((k) => rowOf.get(k)!)]) picks.push({ row, col });
    }
    let height = 2;
    while (height < picks.length) height *= 2;
    const badValues = new Uint32Array(height * C.width);
    const goodValues = new Uint32Array(height * C.width);
    const padding = honest.row(honest.height - 1);
    for (let i = picks.length; i < height; i++) {
      badValues.set(padding, i * C.width);
      goodValues.set(padding, i * C.width);
    }
    picks.forEach(({ row, col }, i) => {
      const src = honest.row(row);
      goodValues.set(src, i * C.width);
      badValues.set(src, i * C.width);
      badValues[i * C.width + col] = (src[col]! + 1 + rng.below(1000)) % P;
    });
    const bad = new RowMajorMatrix(badValues, C.width);
    const failures = checkTableConstraints(aluCompiled, bad, null, [], 1e9);
    const caught = new Set<number>();
    for (const f of failures) {
      const { row, col } = picks[f.row]!;
      expect(byCol[col], `${C.columnNames[col]} row ${row}: ${f.constraint}`).toContain(f.constraint);
      caught.add(f.row);
    }
    const badMessages = rowMessages(bad);
    const goodMessages = rowMessages(new RowMajorMatrix(goodValues, C.width));
    let viaBus = 0;
    picks.forEach(({ row, col }, i) => {
      if (caught.has(i)) return;
      viaBus++;
      expect(sameMessages(badMessages[i]!, goodMessages[i]!), `${C.columnNames[col]} row ${row} (${t.rows[row]?.kind})`).toBe(false);
    });
    expect(caught.size + viaBus).toBe(picks.length);
    expect(caught.size).toBeGreaterThan(picks.length / 2);

    // A forced proof of a trace tampered in a new gadget is rejected.
    const sdiv = rowOf.get('SDIV')!;
    const boundary = aluBoundary(ops, t.results);
    const tampered = withCells(honest, [[sdiv, C.negCarry[3]!, 1 - honest.get(sdiv, C.negCarry[3]!)]]);
    const forced = forceProve(keys.provingKey, { traces: { ...t.traces, alu: tampered }, boundary });
    expect(() => verify(keys.verifyingKey, forced, { boundary })).toThrow(VerificationError);
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

  it('rejects an SDIV with the wrong sign (−7 / 2 claimed as +3)', () => {
    const ops = [{ opcode: AluOpcode.SDIV, a: fromSigned(-7n), b: 2n }];
    const t = aluTraces(ops);
    expect(t.results[0]).toBe(fromSigned(-3n));
    // Claim |q| = 3 unnegated: negSign 0, result 3, carries 0. Every identity but the sign rule holds.
    const edits: [number, number, number][] = [[0, C.negSign, 0], ...wordEdits(0, C.r, 3n), ...wordEdits(0, C.negCarry, 0n, 1)];
    const alu = withCells(t.traces.alu, edits);
    const w = maliciousWitness(t, alu, aluBoundary(ops, [3n]));
    expect(checkWitness(keys.provingKey, w).map((f) => f.constraint)).toEqual(['neg_sign']);
    expectRejected(w, 'neg_sign');
  });

  it('rejects a MULMOD result that is not reduced (k − 1 and rem + c)', () => {
    const a = 0xdead_beef_0000_0000_0000_0001_2345n;
    const b = 0x1_0000_0000_0000_0000_0000_0000_0000_0000n;
    const c = 0x1234_5678_9abcn;
    const ops = [{ opcode: AluOpcode.MULMOD, a, b, c }];
    const t = aluTraces(ops);
    const r = t.results[0]!;
    const k = (((a % c) * b) - r) / c;
    const edits = [...wordEdits(0, C.x, k - 1n), ...wordEdits(0, C.z, r + c), ...wordEdits(0, C.r, r + c)];
    // Sub gadget: diff + c = (r + c) with diff = r and no final borrow (limb carries of r + c);
    // MulAdd carries recomputed.
    const limbCarries = Array.from({ length: 16 }, (_, j) => {
      const mask = (1n << BigInt(16 * (j + 1))) - 1n;
      return [0, C.cs[j]!, Number(((r & mask) + (c & mask)) >> BigInt(16 * (j + 1)))] as [number, number, number];
    });
    edits.push(...wordEdits(0, C.diff, r), ...limbCarries, [0, C.diffInv, inv(Number(diffByteSum(r)))]);
    edits.push(...mulAddCarryEdits(0, k - 1n, c, r + c));
    const alu = withCells(t.traces.alu, edits);
    const w = maliciousWitness(t, alu, aluBoundary(ops, [r + c]));
    expect(checkWitness(keys.provingKey, w).map((f) => f.constraint)).toEqual(['remainder_below_divisor']);
    expectRejected(w, 'remainder_below_divisor');
  });

  it('rejects an EXP with a skipped squaring (3^4 claimed as 9)', () => {
    const ops = [{ opcode: AluOpcode.EXP, a: 3n, b: 4n }];
    const t = aluTraces(ops);
    expect(t.rows.map((r) => `${r.kind}(${r.a},${r.b})=${r.result}`)).toEqual([
      'EXP(3,4)=81',
      'MUL(3,3)=9',
      'EXPSTEP(9,2)=81',
      'MUL(9,9)=81',
      'EXPSTEP(81,1)=81',
    ]);
    // The top row treats a as its own square: aux = 3, and recurses on EXPSTEP(3, 2) = 9, whose
    // rows are honest; no squaring row exists for the top row's (MUL, 3, 3, 0, 3) message.
    const step = aluTraces([{ opcode: AluOpcode.EXP, a: 3n, b: 2n }]);
    const rows = [
      withRowEdits(t.traces.alu.row(0), [...wordEdits(0, C.aux, 3n, 16), ...wordEdits(0, C.x, 9n), ...wordEdits(0, C.r, 9n), ...wordEdits(0, C.w, 9n)]),
      asExpStep(step.traces.alu.row(0)),
      step.traces.alu.row(1),
      step.traces.alu.row(2),
      t.traces.alu.row(t.traces.alu.height - 1),
    ];
    const alu = RowMajorMatrix.zeros(t.traces.alu.height, C.width);
    for (let i = 0; i < alu.height; i++) alu.row(i).set(rows[Math.min(i, rows.length - 1)]!);
    const w = maliciousWitness(t, alu, aluBoundary(ops, [9n]));
    expect(checkWitness(keys.provingKey, w).map((f) => f.constraint)).toEqual(['bus:alu']);
    expectRejected(w, 'bus:alu');
  });

  it('rejects an EXP exponent byte length that skips a nonzero byte (0x1234 claimed as 1 byte)', () => {
    const ops = [{ opcode: AluOpcode.EXP, a: 5n, b: 0x1234n }];
    const t = aluTraces(ops);
    const alu = withCells(t.traces.alu, [
      [0, C.onehot[1]!, 0],
      [0, C.onehot[0]!, 1],
      [0, C.picked, 0x34],
      [0, C.pickedInv, inv(0x34)],
    ]);
    const boundary = [{ bus: ALU_BUS, kind: 'send' as const, values: aluTuple(AluOpcode.EXP, 5n, 0x1234n, t.results[0]!).map((v, j) => (j === 33 ? 1 : v)) }];
    const w = maliciousWitness(t, alu, boundary);
    expect(checkWitness(keys.provingKey, w).map((f) => f.constraint)).toEqual(['exp_top_byte[1]']);
    expectRejected(w, 'exp_top_byte[1]');
  });
});

function diffByteSum(v: bigint): bigint {
  let s = 0n;
  for (let x = v; x > 0n; x >>= 8n) s += x & 0xffn;
  return s;
}

/** MulAdd carry and high-half edits for x·y + z on row `row` (z' = z: not a signed row). */
function mulAddCarryEdits(row: number, x: bigint, y: bigint, z: bigint): [number, number, number][] {
  const xb = wordBytes(x);
  const yb = wordBytes(y);
  const zb = wordBytes(z);
  const edits: [number, number, number][] = [];
  let carry = 0;
  for (let k = 0; k < 64; k++) {
    let s = carry + (k < 32 ? zb[k]! : 0);
    for (let i = Math.max(0, k - 31); i <= Math.min(k, 31); i++) s += xb[i]! * yb[k - i]!;
    if (k >= 32) edits.push([row, C.h[k - 32]!, s & 0xff]);
    carry = s >>> 8;
    if (k < 63) edits.push([row, C.cm[k]!, carry]);
  }
  return edits;
}

/** A copy of an honest row with edits (their row index is ignored) applied. */
function withRowEdits(row: Uint32Array, edits: [number, number, number][]): Uint32Array {
  const out = row.slice();
  for (const [, col, v] of edits) out[col] = v;
  return out;
}

/** An honest top-level EXP row turned into the EXPSTEP row of the same (a, b) (no byte length). */
function asExpStep(row: Uint32Array): Uint32Array {
  const out = row.slice();
  out[C.sel[SELECTOR_OF.EXP]!] = 0;
  out[C.sel[SELECTOR_OF.EXPSTEP]!] = 1;
  for (const col of C.onehot) out[col] = 0;
  out[C.picked] = 0;
  out[C.psign] = 0;
  out[C.pickedInv] = 0;
  return out;
}
