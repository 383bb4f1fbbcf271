/**
 * Undo records of the world-state journal. One flat record shape for every kind keeps the
 * journal monomorphic (fast to append and to walk backwards on revert).
 */

/** What a journal record undoes. */
export const JournalKind = {
  AccountCreated: 0,
  Balance: 1,
  Nonce: 2,
  Code: 3,
  Storage: 4,
  Transient: 5,
  WarmAddress: 6,
  WarmSlot: 7,
  Touch: 8,
  Refund: 9,
  Log: 10,
  SelfDestruct: 11,
  Created: 12,
} as const;

/** A value of {@link JournalKind}. */
export type JournalKind = (typeof JournalKind)[keyof typeof JournalKind];

/** One undo record: `value` is the previous balance/nonce/slot value/refund, `code` the previous code. */
export interface JournalEntry {
  kind: JournalKind;
  address: bigint;
  slot: bigint;
  value: bigint;
  code: Uint8Array | undefined;
}
