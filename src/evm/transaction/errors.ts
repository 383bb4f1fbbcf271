/**
 * Typed transaction-validity errors.
 *
 * The codes are spelled exactly like the members of execution-spec-tests'
 * `TransactionException` enum (ethereum/execution-spec-tests, `src/ethereum_test_exceptions`),
 * because the fixtures name the expected failure as `TransactionException.<CODE>` (several
 * alternatives joined by `|`) and the test runners compare against our code verbatim.
 */

/** Codes used by this implementation and by the fixtures' `expectException` / `exception`. */
export type InvalidTxCode =
  // Raised by this implementation (contract shared with the EVM and conformance engineers).
  | 'INSUFFICIENT_ACCOUNT_FUNDS'
  | 'INTRINSIC_GAS_TOO_LOW'
  | 'SENDER_NOT_EOA'
  | 'INITCODE_SIZE_EXCEEDED'
  | 'INSUFFICIENT_MAX_FEE_PER_GAS'
  | 'TYPE_3_TX_ZERO_BLOBS'
  | 'TYPE_3_TX_BLOB_COUNT_EXCEEDED'
  | 'NONCE_IS_MAX'
  | 'INSUFFICIENT_MAX_FEE_PER_BLOB_GAS'
  | 'TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH'
  | 'TYPE_3_TX_CONTRACT_CREATION'
  | 'TYPE_3_TX_PRE_FORK'
  | 'RLP_INVALID_VALUE'
  | 'GASLIMIT_PRICE_PRODUCT_OVERFLOW'
  | 'GAS_ALLOWANCE_EXCEEDED'
  | 'NONCE_MISMATCH_TOO_LOW'
  | 'NONCE_MISMATCH_TOO_HIGH'
  | 'PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS'
  | 'TYPE_NOT_SUPPORTED'
  | 'INVALID_SIGNATURE'
  | 'INVALID_CHAINID'
  | 'RLP_MALFORMED'
  // Further names that appear in the TransactionTests fixtures (finer-grained decode failures).
  | 'INVALID_SIGNATURE_VRS'
  | 'EC_RECOVERY_FAIL'
  | 'RLP_ERROR_SIZE'
  | 'RLP_ERROR_SIZE_LEADING_ZEROS'
  | 'RLP_ERROR_EOF'
  | 'RLP_TOO_MANY_ELEMENTS'
  | 'RLP_TOO_FEW_ELEMENTS'
  | 'RLP_INVALID_HEADER'
  | 'RLP_INVALID_DATA'
  | 'RLP_INVALID_TO'
  | 'RLP_INVALID_NONCE'
  | 'RLP_INVALID_GASLIMIT'
  | 'RLP_INVALID_SIGNATURE_R'
  | 'RLP_INVALID_SIGNATURE_S'
  | 'RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_LONG'
  | 'RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_SHORT'
  | 'RLP_INVALID_ACCESS_LIST_STORAGE_TOO_LONG'
  | 'RLP_INVALID_ACCESS_LIST_STORAGE_TOO_SHORT'
  | 'RLP_LEADING_ZEROS_NONCE'
  | 'RLP_LEADING_ZEROS_NONCE_SIZE'
  | 'RLP_LEADING_ZEROS_GASLIMIT'
  | 'RLP_LEADING_ZEROS_GASPRICE'
  | 'RLP_LEADING_ZEROS_VALUE'
  | 'RLP_LEADING_ZEROS_DATA_SIZE'
  | 'RLP_LEADING_ZEROS_V'
  | 'RLP_LEADING_ZEROS_R'
  | 'RLP_LEADING_ZEROS_S'
  | 'RLP_LEADING_ZEROS_BASEFEE'
  | 'RLP_LEADING_ZEROS_PRIORITY_FEE'
  | 'ADDRESS_TOO_LONG'
  | 'ADDRESS_TOO_SHORT'
  | 'NONCE_OVERFLOW'
  | 'NONCE_TOO_BIG'
  | 'GASLIMIT_OVERFLOW'
  | 'GASPRICE_OVERFLOW'
  | 'VALUE_OVERFLOW'
  | 'PRIORITY_OVERFLOW'
  | 'PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS_2';

/** A transaction that can never be included: malformed, badly signed, or failing a validity rule. */
export class InvalidTransactionError extends Error {
  /** The execution-spec-tests `TransactionException` name of the failure. */
  readonly code: InvalidTxCode;
  /** Optional machine-readable context (offending field, limits, values). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: InvalidTxCode, message: string, details?: Record<string, unknown>) {
    super(`${code}: ${message}`);
    this.name = 'InvalidTransactionError';
    this.code = code;
    this.details = details;
  }
}

/**
 * True when `code` is one of the alternatives of a fixture exception string such as
 * `"TransactionException.INSUFFICIENT_ACCOUNT_FUNDS|TransactionException.INTRINSIC_GAS_TOO_LOW"`.
 */
export function matchesExpectedException(code: InvalidTxCode, expected: string): boolean {
  return expected
    .split('|')
    .map((alt) => alt.trim().replace(/^TransactionException\./, ''))
    .includes(code);
}
