/**
 * zkevm STARK: multi-table AIRs over BabyBear, LogUp buses, one mixed-height FRI, Keccak Merkle
 * commitments. This file is the public API; everything else in src/stark is an implementation
 * detail (except `testing/`, which only tests may import).
 *
 * 1. Declare tables (columns in ONE typed schema shared by constraints and trace generation):
 *
 *      const cols = schema({ a: 1, b: 1, limbs: 16 });        // cols.a: number, cols.limbs: number[]
 *      const fib = defineTable({
 *        name: 'fib', columns: cols, publicInputs: ['a0', 'out'],
 *        constraints(b) {
 *          const a = b.main(cols.a), bb = b.main(cols.b);
 *          b.first('starts', a.sub(b.public('a0')));           // filters: first | last | transition | all
 *          b.transition('step', b.next(cols.a).sub(bb));       // b.next(col) reads the next row
 *          b.assertBool('bit', b.main(cols.limbs[0]!));         // assertZero / assertEq / assertBool
 *          b.send('range16', [b.main(cols.limbs[1]!)]);         // LogUp bus (multiplicity defaults to 1)
 *        },
 *      });
 *    Preprocessed (fixed) columns: `preprocessed: { columns, height, generate }`, read with
 *    `b.prep(col)` / `b.prepNext(col)`. Ready-made lookups: `rangeTable(bits)` (bus
 *    `rangeBus(bits)`), `byteOpTable(bits)` (bus `byteOpBus(bits)`, tuples [ByteOp, a, b, a∘b]).
 *    Expressions: `x.add(y)`, `x.sub(3)`, `x.mul(y)`, `x.neg()`, `x.pow(k)`; numbers are constants.
 *
 * 2. `const system = defineSystem([fib, rangeTable(16)])` compiles every table's DAG, degree and
 *    LogUp layout; `systemToJson(system)` is the serializable form (for the Solidity generator).
 *    `const { provingKey, verifyingKey } = setup(system, DEFAULT_CONFIG)` commits preprocessed
 *    columns. (`TEST_CONFIG_INSECURE` is for unit tests only.)
 *
 * 3. Traces are `RowMajorMatrix` (src/field/matrix.ts), written by schema names:
 *    `m.row(r)[cols.a] = v`. Heights are powers of two (>= 2), chosen per table per proof.
 *      const proof = prove(provingKey, { traces: { fib: m, range16: r }, publicInputs: { fib: [...] },
 *                                        boundary: [{ bus, kind: 'send' | 'receive', values, multiplicity }] });
 *    `prove` runs the debug checker first and throws ProverRefusedError (failures name table, row
 *    and constraint, or `bus:<name>`) instead of proving a false statement; `checkWitness(provingKey, witness)`
 *    runs the checker alone.
 *
 * 4. `encodeProof(proof)` → versioned bytes; `verifyBytes(verifyingKey, bytes, { publicInputs, boundary })`
 *    (or `verify` on a decoded proof) throws only VerificationError (with a `reason` tag).
 *
 * Degree rule: a table's quotient needs nextPow2(maxDegree − 1) ≤ 2^logBlowup chunks, where a
 * filtered constraint counts its filter as degree 1. With DEFAULT_CONFIG (blowup 4) constraints
 * may have degree up to 5 (filtered: 4); `setup` throws AirDefinitionError beyond that.
 *
 * Performance: the hot loops run in WebAssembly (wasm/stark, host side in kernels/): constraint
 * DAGs compile once per table into register-allocated bytecode that a SIMD interpreter (4 rows per
 * i32x4 vector, Montgomery lanes) runs over the quotient coset, the witness screen and the
 * interaction columns, split across the shared worker pool while `prove` blocks (it stays
 * synchronous); out-of-domain openings, DEEP combinations (done on the n trace rows, not the B·n
 * LDE rows, by linearity), LogUp/boundary fingerprints, DEEP division and FRI folding use linear
 * kernels. LDEs and Merkle trees are the field and hash layers'. `ProveOptions.phaseTimes` reports
 * wall/CPU milliseconds per phase. Every kernel has a TypeScript oracle it is tested against
 * (quotient-reference.ts, kernels/*-reference.ts, evaluateInteractionsReference).
 */
export { schema, EMPTY_SCHEMA, type Schema, type ColumnLayout } from './air/schema.ts';
export { Expr, ExprArena, Op, OP_NAMES, type ExprNodeJson } from './air/expr.ts';
export {
  AirBuilder,
  defineTable,
  type Constraint,
  type Interaction,
  type PreprocessedSpec,
  type RowFilter,
  type TableSpec,
} from './air/table.ts';
export { defineSystem, type AirSystem, type BusInfo, type CompiledTable, type LogupLayout } from './air/system.ts';
export { systemToJson, type SystemJson, type TableJson } from './air/json.ts';
export {
  DEFAULT_CONFIG,
  TEST_CONFIG_INSECURE,
  conjecturedSecurityBits,
  provenSecurityBits,
  checkConfig,
  type StarkConfig,
} from './config.ts';
export {
  AirDefinitionError,
  ProverRefusedError,
  VerificationError,
  WitnessShapeError,
  type ConstraintFailure,
} from './errors.ts';
export { setup, type ProvingKey, type VerifyingKey } from './keys.ts';
export { prove, checkWitness, type ProveOptions } from './prover.ts';
export { verify, verifyBytes } from './verifier.ts';
export { encodeProof, decodeProof, proofToJson, PROOF_VERSION, type StarkProof } from './proof.ts';
export { checkSystem, checkTableConstraints, checkBuses } from './debug-checker.ts';
export {
  rangeTable,
  rangeBus,
  rangeMultiplicities,
  byteOpTable,
  byteOpBus,
  ByteOp,
  ByteOpCounter,
} from './lookups.ts';
export type { BoundaryMessage, Statement, Witness } from './witness.ts';
