/**
 * Public inputs of the `cpu` table and their native encoding.
 *
 * Order (names as declared in the table): codeDigest0..7 (the Poseidon2 digest of the code the
 * frame runs; every bytecode lookup carries it), calldataDigest0..7 (the calldata's data-string
 * digest: CALLDATALOAD and CALLDATASIZE look it up), gasLimit (G, the frame's gas, < 2^29),
 * rwcFirst (counter of the first step's first access, < 2^24), status (src/evm/halt.ts value of
 * the halting step), gasLeft (gas left after it), isStatic (0/1), then one word (16 limbs, little-endian) per
 * environment opcode in ENV_OPCODES order: env{k}_{j}.
 */
import type { AirBuilder, Expr } from '../../stark/index.ts';
import { BYTECODE_TUPLE, DIGEST_ELEMENTS, WORD_LIMBS } from '../buses.ts';
import { wordLimbs } from '../alu/alu-trace.ts';
import { ENV_OPCODES } from './opcode-info.ts';

type B = AirBuilder<Record<string, number>, Record<string, never>>;

/** Largest frame gas limit the CPU accepts (gas values stay below 2^29 so sums never wrap). */
export const MAX_GAS_LIMIT = 2 ** 29 - 1;
/** Largest first counter the CPU accepts. */
export const MAX_RWC_FIRST = 2 ** 24 - 1;

/** Public input names of the `cpu` table, in order. */
export const CPU_PUBLIC_INPUTS: readonly string[] = Object.freeze([
  ...Array.from({ length: DIGEST_ELEMENTS }, (_, i) => `codeDigest${i}`),
  ...Array.from({ length: DIGEST_ELEMENTS }, (_, i) => `calldataDigest${i}`),
  'gasLimit',
  'rwcFirst',
  'status',
  'gasLeft',
  'isStatic',
  ...ENV_OPCODES.flatMap((_, k) => Array.from({ length: WORD_LIMBS }, (_, j) => `env${k}_${j}`)),
]);

/** Values of the CPU's public inputs. */
export interface CpuPublics {
  /** Poseidon2 digest of the code (8 canonical BabyBear elements). */
  readonly codeDigest: readonly number[];
  /** Poseidon2 digest of the calldata (bytecode data string); default all zero (then CALLDATALOAD cannot prove). */
  readonly calldataDigest?: readonly number[];
  readonly gasLimit: number;
  readonly rwcFirst: number;
  readonly status: number;
  readonly gasLeft: number;
  /** 1 when the frame is static (EIP-214): SSTORE and TSTORE then halt. Default 0 (a transaction's top frame). */
  readonly isStatic?: number;
  /** Environment words in ENV_OPCODES order. */
  readonly env: readonly bigint[];
}

/** Thrown for public values the CPU cannot represent. */
export class CpuPublicsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CpuPublicsError';
  }
}

/** The public input vector of the `cpu` table. */
export function cpuPublicInputs(p: CpuPublics): number[] {
  if (p.codeDigest.length !== DIGEST_ELEMENTS) throw new CpuPublicsError(`code digest needs ${DIGEST_ELEMENTS} elements`);
  if (!Number.isInteger(p.gasLimit) || p.gasLimit < 0 || p.gasLimit > MAX_GAS_LIMIT) {
    throw new CpuPublicsError(`gas limit ${p.gasLimit} is outside [0, ${MAX_GAS_LIMIT}]`);
  }
  if (!Number.isInteger(p.rwcFirst) || p.rwcFirst < 0 || p.rwcFirst > MAX_RWC_FIRST) {
    throw new CpuPublicsError(`first counter ${p.rwcFirst} is outside [0, ${MAX_RWC_FIRST}]`);
  }
  if (p.env.length !== ENV_OPCODES.length) throw new CpuPublicsError(`environment needs ${ENV_OPCODES.length} words`);
  const isStatic = p.isStatic ?? 0;
  if (isStatic !== 0 && isStatic !== 1) throw new CpuPublicsError('isStatic must be 0 or 1');
  const calldataDigest = p.calldataDigest ?? new Array<number>(DIGEST_ELEMENTS).fill(0);
  if (calldataDigest.length !== DIGEST_ELEMENTS) throw new CpuPublicsError(`calldata digest needs ${DIGEST_ELEMENTS} elements`);
  const out = [...p.codeDigest, ...calldataDigest, p.gasLimit, p.rwcFirst, p.status, p.gasLeft, isStatic];
  for (const w of p.env) {
    if (w < 0n || w >= 1n << 256n) throw new CpuPublicsError('environment word is not 256-bit');
    out.push(...wordLimbs(w));
  }
  return out;
}

/** Public limb j of environment word k. */
export function envPublic(b: B, k: number, j: number): Expr {
  return b.public(`env${k}_${j}`);
}

/** The calldata digest's public inputs. */
export function calldataDigestPublic(b: B): Expr[] {
  return Array.from({ length: DIGEST_ELEMENTS }, (_, i) => b.public(`calldataDigest${i}`));
}

/** A `bytecode` lookup tuple for this frame's code (digest from the public inputs). */
export function bytecodeTuple(b: B, pc: Expr, byte: Expr | number, isCode: Expr | number, isJumpdest: Expr | number): Expr[] {
  const t = new Array<Expr>(BYTECODE_TUPLE.arity);
  for (let i = 0; i < DIGEST_ELEMENTS; i++) t[BYTECODE_TUPLE.codeDigest + i] = b.public(`codeDigest${i}`);
  const lift = (v: Expr | number): Expr => (typeof v === 'number' ? b.constant(v) : v);
  t[BYTECODE_TUPLE.pc] = pc;
  t[BYTECODE_TUPLE.byte] = lift(byte);
  t[BYTECODE_TUPLE.isCode] = lift(isCode);
  t[BYTECODE_TUPLE.isJumpdest] = lift(isJumpdest);
  return t;
}

/** The native `bytecode` tuple (what the bytecode table must receive for one CPU lookup). */
export function bytecodeTupleValues(codeDigest: readonly number[], pc: number, byte: number, isCode: number, isJumpdest: number): number[] {
  const t = new Array<number>(BYTECODE_TUPLE.arity).fill(0);
  codeDigest.forEach((d, i) => (t[BYTECODE_TUPLE.codeDigest + i] = d));
  t[BYTECODE_TUPLE.pc] = pc;
  t[BYTECODE_TUPLE.byte] = byte;
  t[BYTECODE_TUPLE.isCode] = isCode;
  t[BYTECODE_TUPLE.isJumpdest] = isJumpdest;
  return t;
}
