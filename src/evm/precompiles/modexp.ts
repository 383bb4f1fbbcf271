/**
 * 0x05 MODEXP precompile: EIP-198 semantics with EIP-2565 pricing.
 *
 * Input: Bsize(32) ‖ Esize(32) ‖ Msize(32) ‖ B(Bsize) ‖ E(Esize) ‖ M(Msize), all big-endian and
 * right-padded with zeros. Output: B^E mod M left-padded to Msize bytes (0 when M = 0).
 *
 * Length fields are 256-bit and attacker-controlled, so the gas is computed from the header and
 * the exponent head only (bigint arithmetic on the lengths, no allocation); the operands are read
 * only after the caller has proven it can pay, which bounds their sizes by the available gas.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { bigIntToBytes, bitLength, bytesToBigInt, readPadded, readWord } from './bytes.ts';
import { halt, outOfGas, succeed, type PrecompileResult } from './result.ts';

/** EIP-2565 minimum charge. */
const MIN_GAS = 200n;
/** EIP-2565 divisor of mult_complexity * iteration_count. */
const GAS_QUOTIENT = 3n;
/**
 * Base and modulus lengths are bounded by the gas (a 2^30-byte operand costs more than 2^50 gas);
 * beyond this limit they are refused rather than allocated. The exponent needs no such bound: the
 * modulus follows it, so an exponent reaching past the end of the input implies a zero modulus
 * and the exponent is never read. Its length only has to be a safe integer.
 */
const MAX_OPERAND_BYTES = 1n << 30n;
const MAX_SAFE_LENGTH = BigInt(Number.MAX_SAFE_INTEGER);

/** Parsed MODEXP header. */
export interface ModexpHeader {
  baseLength: bigint;
  exponentLength: bigint;
  modulusLength: bigint;
}

/** Reads the three 256-bit length fields. */
export function readModexpHeader(input: Uint8Array): ModexpHeader {
  return { baseLength: readWord(input, 0), exponentLength: readWord(input, 32), modulusLength: readWord(input, 64) };
}

/**
 * EIP-2565 gas: max(200, floor(mult_complexity * iteration_count / 3)) with
 * mult_complexity = ceil(max(Bsize, Msize) / 8)^2 and iteration_count derived from Esize
 * and the first min(32, Esize) bytes of E (EIP-198 "adjusted exponent length").
 */
export function modexpGas(input: Uint8Array, header: ModexpHeader): bigint {
  const { baseLength, exponentLength, modulusLength } = header;
  const maxLength = baseLength > modulusLength ? baseLength : modulusLength;
  const words = (maxLength + 7n) / 8n;
  const multComplexity = words * words;
  const iterationCount = modexpIterationCount(input, baseLength, exponentLength);
  const gas = (multComplexity * iterationCount) / GAS_QUOTIENT;
  return gas > MIN_GAS ? gas : MIN_GAS;
}

/** EIP-2565 calculate_iteration_count, reading only the exponent head. */
function modexpIterationCount(input: Uint8Array, baseLength: bigint, exponentLength: bigint): bigint {
  const headLength = exponentLength < 32n ? Number(exponentLength) : 32;
  const exponentOffset = 96n + baseLength;
  // An exponent starting past the end of the input reads as zeros (right padding).
  const head =
    exponentOffset >= BigInt(input.length) ? 0n : bytesToBigInt(readPadded(input, Number(exponentOffset), headLength));
  const headBits = BigInt(bitLength(head));
  let count: bigint;
  if (exponentLength <= 32n) {
    count = head === 0n ? 0n : headBits - 1n;
  } else {
    count = 8n * (exponentLength - 32n) + (headBits > 0n ? headBits - 1n : 0n);
  }
  return count > 1n ? count : 1n;
}

/** Runs the MODEXP precompile. */
export function runModexp(input: Uint8Array, gasLimit: bigint): PrecompileResult {
  const header = readModexpHeader(input);
  const gas = modexpGas(input, header);
  if (gas > gasLimit) return outOfGas(gas, gasLimit);
  const { baseLength, exponentLength, modulusLength } = header;
  if (modulusLength === 0n) return succeed(gas, new Uint8Array(0));
  if (baseLength > MAX_OPERAND_BYTES || modulusLength > MAX_OPERAND_BYTES || exponentLength > MAX_SAFE_LENGTH) {
    return halt('modexp operand length exceeds implementation limit');
  }
  const baseLen = Number(baseLength);
  const expLen = Number(exponentLength);
  const modLen = Number(modulusLength);
  const modulus = bytesToBigInt(readPadded(input, 96 + baseLen + expLen, modLen));
  if (modulus === 0n) return succeed(gas, new Uint8Array(modLen));
  // A non-zero modulus lies (at least partly) inside the input, hence so does the whole exponent.
  const base = bytesToBigInt(readPadded(input, 96, baseLen));
  const exponent = readPadded(input, 96 + baseLen, expLen);
  return succeed(gas, bigIntToBytes(modPow(base, exponent, modulus), modLen));
}

/**
 * base^exponent mod modulus (modulus > 0), exponent given as big-endian bytes.
 * Fixed 4-bit window over the exponent's hex digits: 4 squarings + at most 1 multiply per digit.
 */
export function modPow(base: bigint, exponent: Uint8Array, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  const b = base % modulus;
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 16; i++) table.push((table[i - 1]! * b) % modulus);
  const digits = bytesToHex(exponent);
  let result = 1n;
  let started = false;
  for (let i = 0; i < digits.length; i++) {
    const digit = parseInt(digits[i]!, 16);
    if (started) {
      result = (result * result) % modulus;
      result = (result * result) % modulus;
      result = (result * result) % modulus;
      result = (result * result) % modulus;
      if (digit !== 0) result = (result * table[digit]!) % modulus;
    } else if (digit !== 0) {
      result = table[digit]!;
      started = true;
    }
  }
  return result % modulus;
}
