/**
 * Read-only view of the world state handed to tracers: they can inspect accounts, storage
 * (current and transaction-start values), transient storage and the access sets, but not mutate.
 */

/** Read access to the world state during execution. */
export interface StateView {
  /** Whether the account exists (possibly empty). */
  exists(address: bigint): boolean;
  /** EIP-161 emptiness (missing, or zero nonce, balance and code). */
  isEmpty(address: bigint): boolean;
  /** Balance, 0 when missing. */
  getBalance(address: bigint): bigint;
  /** Nonce, 0 when missing. */
  getNonce(address: bigint): bigint;
  /** Code, empty when missing. */
  getCode(address: bigint): Uint8Array;
  /** Current storage value. */
  getStorage(address: bigint, slot: bigint): bigint;
  /** Storage value at the start of the transaction (EIP-2200 original value). */
  getOriginalStorage(address: bigint, slot: bigint): bigint;
  /** EIP-1153 transient storage value. */
  getTransient(address: bigint, slot: bigint): bigint;
  /** Whether the address is warm (EIP-2929). */
  isWarmAddress(address: bigint): boolean;
  /** Whether the storage key is warm (EIP-2929). */
  isWarmSlot(address: bigint, slot: bigint): boolean;
  /** The refund counter (EIP-2200/3529). */
  readonly refund: number;
}
