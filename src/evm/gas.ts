/**
 * Gas schedule constants and formulas of Cancun that are not a single opcode's static cost.
 * Sources: yellow paper appendix G, EIP-150, EIP-2200, EIP-2929, EIP-3529, EIP-3860, EIP-4844.
 */

/** EIP-2929 cold account access cost. */
export const COLD_ACCOUNT_ACCESS = 2600n;
/** EIP-2929 cold SLOAD cost. */
export const COLD_SLOAD = 2100n;
/** EIP-2929 warm storage read cost (charged statically for SLOAD, BALANCE, EXTCODE*, CALL*). */
export const WARM_STORAGE_READ = 100n;
/** Cold surcharge on top of the statically charged warm cost. */
export const COLD_ACCOUNT_SURCHARGE = COLD_ACCOUNT_ACCESS - WARM_STORAGE_READ;
/** Cold SLOAD surcharge on top of the statically charged warm cost. */
export const COLD_SLOAD_SURCHARGE = COLD_SLOAD - WARM_STORAGE_READ;
/** EIP-2200 SSTORE sentry: SSTORE fails if gas left is not above the call stipend. */
export const SSTORE_SENTRY = 2300n;
/** SSTORE setting a clean zero slot to non-zero. */
export const SSTORE_SET = 20000n;
/** SSTORE changing a clean non-zero slot (5000 minus the cold SLOAD cost, EIP-2929). */
export const SSTORE_RESET = 2900n;
/** EIP-3529 refund for clearing a slot: SSTORE_RESET + COLD_SLOAD - ... = 4800. */
export const SSTORE_CLEARS_REFUND = 4800;
/** Value-bearing CALL surcharge. */
export const CALL_VALUE = 9000n;
/** Stipend given to the callee of a value-bearing call. */
export const CALL_STIPEND = 2300n;
/** CALL with value to an empty account (EIP-161). */
export const NEW_ACCOUNT = 25000n;
/** SELFDESTRUCT to an empty account while holding balance. */
export const SELFDESTRUCT_NEW_ACCOUNT = 25000n;
/** Per 32-byte word copied (CALLDATACOPY, CODECOPY, RETURNDATACOPY, EXTCODECOPY, MCOPY). */
export const COPY_WORD = 3n;
/** Per 32-byte word hashed by KECCAK256 and CREATE2. */
export const KECCAK_WORD = 6n;
/** Per byte of LOG data. */
export const LOG_DATA = 8n;
/** Per byte of EXP exponent. */
export const EXP_BYTE = 50n;
/** EIP-3860 cost per init-code word. */
export const INITCODE_WORD = 2n;
/** Per byte of deployed code. */
export const CODE_DEPOSIT_BYTE = 200n;
/** EIP-170 maximum deployed code size. */
export const MAX_CODE_SIZE = 24576;
/** EIP-3860 maximum init code size. */
export const MAX_INITCODE_SIZE = 2 * MAX_CODE_SIZE;
/** Maximum call depth. */
export const CALL_DEPTH_LIMIT = 1024;
/** EIP-4844 gas per blob. */
export const GAS_PER_BLOB = 131072n;
/** EIP-4844 minimum blob base fee. */
export const MIN_BLOB_BASE_FEE = 1n;
/** EIP-4844 (Cancun) blob base fee update fraction. */
export const BLOB_BASE_FEE_UPDATE_FRACTION = 3338477n;

/** EIP-150: all but one 64th of the gas available. */
export function allButOne64th(gas: bigint): bigint {
  return gas - gas / 64n;
}

/** EIP-4844 `fake_exponential(factor, numerator, denominator)`: integer approximation of factor * e^(numerator/denominator). */
export function fakeExponential(factor: bigint, numerator: bigint, denominator: bigint): bigint {
  let i = 1n;
  let output = 0n;
  let accum = factor * denominator;
  while (accum > 0n) {
    output += accum;
    accum = (accum * numerator) / (denominator * i);
    i += 1n;
  }
  return output / denominator;
}

/** EIP-4844 blob base fee for a block's excess blob gas. */
export function blobBaseFee(excessBlobGas: bigint): bigint {
  return fakeExponential(MIN_BLOB_BASE_FEE, excessBlobGas, BLOB_BASE_FEE_UPDATE_FRACTION);
}
