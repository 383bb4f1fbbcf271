/**
 * The public statement of a batch proof and its encoding as the verifier's field elements; the
 * TypeScript twin of `Rollup.publicInputFields` (contracts/Rollup.sol), tested equal on-chain.
 *
 * - A state root is 8 BabyBear elements (the zk state tree's Poseidon2 digest). On L1 it is a
 *   bytes32: element i occupies bytes [4i, 4i+4), big-endian, and must be canonical (< p).
 * - The transaction commitment is keccak256 of the batch data posted with commitBatch (256 bits,
 *   not a field element): it becomes 16 limbs of 16 bits, limb i = bytes [2i, 2i+2) big-endian.
 *   16-bit limbs always fit the 31-bit field, so the split is injective with no range caveat.
 * - Verifier input vector (32 elements): [prev root 0..7, new root 0..7, commitment limbs 0..15].
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { Hex } from 'viem';

/** The BabyBear prime. */
const P = 2013265921;
/** Field elements per state root. */
export const STATE_ROOT_ELEMENTS = 8;
/** 16-bit limbs per transaction commitment. */
export const COMMITMENT_LIMBS = 16;
/** Number of field elements the rollup passes to the verifier. */
export const PUBLIC_INPUT_COUNT = 2 * STATE_ROOT_ELEMENTS + COMMITMENT_LIMBS;

/** The statement `proveBatch` checks (field names match the Solidity struct). */
export interface BatchPublicInputs {
  readonly prevStateRoot: Hex;
  readonly newStateRoot: Hex;
  readonly txCommitment: Hex;
}

/** A value cannot be encoded as the rollup's public inputs. */
export class PublicInputEncodingError extends Error {
  override readonly name = 'PublicInputEncodingError';
}

/** Packs 8 canonical BabyBear elements into a bytes32 state root. */
export function stateRootFromElements(elements: ArrayLike<number>): Hex {
  if (elements.length !== STATE_ROOT_ELEMENTS) {
    throw new PublicInputEncodingError(`state root: expected ${STATE_ROOT_ELEMENTS} elements, got ${elements.length}`);
  }
  let hex = '0x';
  for (let i = 0; i < STATE_ROOT_ELEMENTS; i++) {
    const e = elements[i]!;
    if (!Number.isInteger(e) || e < 0 || e >= P) {
      throw new PublicInputEncodingError(`state root: element ${i} = ${e} is not a canonical BabyBear value`);
    }
    hex += e.toString(16).padStart(8, '0');
  }
  return hex as Hex;
}

/** The 8 BabyBear elements of a bytes32 state root (throws if one is not canonical). */
export function stateRootElements(root: Hex): number[] {
  const bytes = bytes32(root, 'state root');
  const out: number[] = [];
  for (let i = 0; i < STATE_ROOT_ELEMENTS; i++) {
    const e = ((bytes[4 * i]! << 24) | (bytes[4 * i + 1]! << 16) | (bytes[4 * i + 2]! << 8) | bytes[4 * i + 3]!) >>> 0;
    if (e >= P) throw new PublicInputEncodingError(`state root ${root}: element ${i} = ${e} is not canonical`);
    out.push(e);
  }
  return out;
}

/** The 16 big-endian 16-bit limbs of a bytes32 commitment. */
export function commitmentLimbs(commitment: Hex): number[] {
  const bytes = bytes32(commitment, 'transaction commitment');
  const out: number[] = [];
  for (let i = 0; i < COMMITMENT_LIMBS; i++) out.push((bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  return out;
}

/** The transaction commitment of batch data: keccak256, as `commitBatch` stores it. */
export function transactionCommitment(batchData: Uint8Array): Hex {
  return `0x${Buffer.from(keccak_256(batchData)).toString('hex')}`;
}

/** The verifier's public input vector for a statement (same as Rollup.publicInputFields). */
export function publicInputFields(inputs: BatchPublicInputs): number[] {
  return [
    ...stateRootElements(inputs.prevStateRoot),
    ...stateRootElements(inputs.newStateRoot),
    ...commitmentLimbs(inputs.txCommitment),
  ];
}

function bytes32(hex: Hex, what: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new PublicInputEncodingError(`${what}: expected 32 bytes of hex, got ${hex}`);
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
}
