/**
 * STARK configuration, carried in every proof header, and its security estimate.
 * The formulas are explained in docs/stark-security.md.
 */
import { AirDefinitionError } from './errors.ts';

/** Parameters of the FRI-based STARK. */
export interface StarkConfig {
  /** log2 of the Reed–Solomon blowup (rate ρ = 2^-logBlowup). Also bounds the quotient degree. */
  readonly logBlowup: number;
  /** FRI query repetitions. */
  readonly numQueries: number;
  /** Proof-of-work bits ground before the query indices are drawn. */
  readonly powBits: number;
  /** log2 of the coefficient count of the final FRI polynomial sent in clear. */
  readonly logFinalPolyLen: number;
}

/** Default: ρ = 1/4, 44 queries, 16 PoW bits → 44·2 + 16 = 104 bits conjectured. */
export const DEFAULT_CONFIG: StarkConfig = Object.freeze({
  logBlowup: 2,
  numQueries: 44,
  powBits: 16,
  logFinalPolyLen: 3,
});

/**
 * FAST AND INSECURE (8·2 + 4 = 20 bits conjectured): for unit tests only. Never use it for a
 * proof anyone relies on; the verifier accepts it only when the verifying key was built with it.
 */
export const TEST_CONFIG_INSECURE: StarkConfig = Object.freeze({
  logBlowup: 2,
  numQueries: 8,
  powBits: 4,
  logFinalPolyLen: 1,
});

/** log2 |Fp4| ≈ 4·log2(p) = 123.6: caps every algebraic (Schwartz–Zippel / DEEP) term. */
export const EXTENSION_FIELD_BITS = 123;
/** Keccak-256 collision resistance of the Merkle commitments and transcript. */
export const HASH_COLLISION_BITS = 128;

/** Bounds every config must satisfy (also enforced by the proof decoder). */
export const CONFIG_LIMITS = Object.freeze({
  logBlowup: [1, 6],
  numQueries: [1, 512],
  powBits: [0, 32],
  logFinalPolyLen: [0, 10],
} as const);

/** Throw AirDefinitionError unless `c` is within CONFIG_LIMITS. */
export function checkConfig(c: StarkConfig): void {
  for (const [key, [lo, hi]] of Object.entries(CONFIG_LIMITS)) {
    const v = (c as unknown as Record<string, number>)[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
      throw new AirDefinitionError(`StarkConfig.${key} must be an integer in [${lo}, ${hi}]`, { value: v });
    }
  }
}

/**
 * Conjectured security (ethSTARK / Plonky3 convention, list-decoding up to capacity conjecture):
 * min(numQueries·logBlowup + powBits, EXTENSION_FIELD_BITS, HASH_COLLISION_BITS).
 */
export function conjecturedSecurityBits(c: StarkConfig): number {
  return Math.min(c.numQueries * c.logBlowup + c.powBits, EXTENSION_FIELD_BITS, HASH_COLLISION_BITS);
}

/**
 * Proven security in the unique-decoding regime: each FRI query lets a δ-far word pass with
 * probability at most 1 − δ with δ = (1 − ρ)/2, i.e. (1 + ρ)/2; so numQueries·(−log2((1 + ρ)/2))
 * + powBits, capped as above (the DEEP/ALI and folding terms are below 2^-100 for the heights we
 * use, see docs/stark-security.md).
 */
export function provenSecurityBits(c: StarkConfig): number {
  const rho = 2 ** -c.logBlowup;
  const perQuery = -Math.log2((1 + rho) / 2);
  return Math.min(c.numQueries * perQuery + c.powBits, EXTENSION_FIELD_BITS, HASH_COLLISION_BITS);
}

/** True when two configs are identical. */
export function configEquals(a: StarkConfig, b: StarkConfig): boolean {
  return (
    a.logBlowup === b.logBlowup &&
    a.numQueries === b.numQueries &&
    a.powBits === b.powBits &&
    a.logFinalPolyLen === b.logFinalPolyLen
  );
}
