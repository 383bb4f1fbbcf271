/**
 * A live account inside {@link WorldState}. Mutated only through WorldState so every change is
 * journaled.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { EMPTY_CODE_HASH } from '../words.ts';

/** Mutable account record. */
export class Account {
  nonce: bigint;
  balance: bigint;
  /** Runtime code; shared, never mutated in place. */
  code: Uint8Array;
  /** Non-zero storage slots. */
  storage: Map<bigint, bigint>;
  private cachedCodeHash: Uint8Array | undefined;

  constructor(nonce: bigint, balance: bigint, code: Uint8Array, storage: Map<bigint, bigint>) {
    this.nonce = nonce;
    this.balance = balance;
    this.code = code;
    this.storage = storage;
    this.cachedCodeHash = code.length === 0 ? EMPTY_CODE_HASH : undefined;
  }

  /** keccak256 of the code, computed once per code change. */
  get codeHash(): Uint8Array {
    if (this.cachedCodeHash === undefined) this.cachedCodeHash = keccak_256(this.code);
    return this.cachedCodeHash;
  }

  /** Replaces the code (and invalidates the cached hash). */
  setCode(code: Uint8Array): void {
    this.code = code;
    this.cachedCodeHash = code.length === 0 ? EMPTY_CODE_HASH : undefined;
  }

  /** EIP-161 emptiness: zero nonce, zero balance, no code. */
  isEmpty(): boolean {
    return this.nonce === 0n && this.balance === 0n && this.code.length === 0;
  }
}
