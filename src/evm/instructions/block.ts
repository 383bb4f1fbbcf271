/** Block instructions 0x40-0x4A (yellow paper H.2, EIP-1344, EIP-1884, EIP-3198, EIP-4399, EIP-4844, EIP-7516). */
import type { Frame } from '../frame.ts';
import type { Interpreter } from '../interpreter.ts';
import { bytesToBigInt } from '../words.ts';

/** BLOCKHASH(n): hash of one of the 256 most recent complete blocks, else 0. */
export function opBlockhash(it: Interpreter, f: Frame): void {
  const i = f.sp - 1;
  const n = f.stack[i]!;
  const current = it.block.number;
  f.stack[i] = n < current && current - n <= 256n ? (it.block.blockHash(n) ?? 0n) : 0n;
}

/** COINBASE. */
export function opCoinbase(it: Interpreter, f: Frame): void {
  f.stack[f.sp++] = it.block.coinbase;
}

/** TIMESTAMP. */
export function opTimestamp(it: Interpreter, f: Frame): void {
  f.stack[f.sp++] = it.block.timestamp;
}

/** NUMBER. */
export function opNumber(it: Interpreter, f: Frame): void {
  f.stack[f.sp++] = it.block.number;
}

/** PREVRANDAO (EIP-4399, formerly DIFFICULTY). */
export function opPrevrandao(it: Interpreter, f: Frame): void {
  f.stack[f.sp++] = it.block.prevRandao;
}

/** GASLIMIT. */
export function opGaslimit(it: Interpreter, f: Frame): void {
  f.stack[f.sp++] = it.block.gasLimit;
}

/** CHAINID (EIP-1344). */
export function opChainid(it: Interpreter, f: Frame): void {
  f.stack[f.sp++] = it.block.chainId;
}

/** SELFBALANCE (EIP-1884). */
export function opSelfbalance(it: Interpreter, f: Frame): void {
  f.stack[f.sp++] = it.state.getBalance(f.address);
}

/** BASEFEE (EIP-3198). */
export function opBasefee(it: Interpreter, f: Frame): void {
  f.stack[f.sp++] = it.block.baseFee;
}

/** BLOBHASH(index) (EIP-4844): the versioned hash at index, 0 when out of range. */
export function opBlobhash(it: Interpreter, f: Frame): void {
  const i = f.sp - 1;
  const index = f.stack[i]!;
  const hashes = it.tx.blobVersionedHashes;
  f.stack[i] = index < BigInt(hashes.length) ? bytesToBigInt(hashes[Number(index)]!) : 0n;
}

/** BLOBBASEFEE (EIP-7516). */
export function opBlobbasefee(it: Interpreter, f: Frame): void {
  f.stack[f.sp++] = it.tx.blobBaseFee;
}
