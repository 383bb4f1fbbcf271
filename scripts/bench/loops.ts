/**
 * Bench workloads: hand-assembled loops that stress one part of the interpreter each.
 *
 * keccak loop (iterations n on the stack):
 *   loop: JUMPDEST
 *         PUSH1 0x40 PUSH0 KECCAK256     ; h = keccak256(mem[0..64))
 *         PUSH0 MSTORE                   ; mem[0] = h  (chained hashing)
 *         PUSH1 1 SWAP1 SUB              ; n = n - 1
 *         DUP1 PUSH2 loop JUMPI          ; while n != 0
 *         STOP
 *
 * memory loop (iterations n on the stack), 16 KiB of memory touched:
 *   loop: JUMPDEST
 *         DUP1 PUSH2 0x3fe0 AND          ; off = n & 0x3fe0
 *         DUP1 MLOAD DUP3 ADD            ; v = mem[off] + n
 *         SWAP1 MSTORE                   ; mem[off] = v
 *         PUSH2 0x100 DUP2 PUSH2 0x1f00 AND PUSH2 0x2000 MCOPY   ; copy 256 bytes (EIP-5656)
 *         DUP1 DUP1 PUSH1 0x3f AND PUSH2 0x3000 ADD MSTORE8      ; mem8[0x3000 + (n & 63)] = n
 *         PUSH1 1 SWAP1 SUB DUP1 PUSH2 loop JUMPI
 *         STOP
 */
import { Assembler, OP } from '../../src/evm/fuzz/assembler.ts';
import { signTransaction } from '../../src/evm/transaction/sign.ts';
import type { AccountData, BlockEnv, Transaction } from '../../src/evm/types.ts';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';

/** The keccak loop running `iterations` times. */
export function keccakLoop(iterations: number): Uint8Array {
  const a = new Assembler().push(BigInt(iterations));
  a.label(0).push(0x40n).push(0n).op(OP.KECCAK256).push(0n).op(OP.MSTORE);
  a.push(1n).op(OP.SWAP1, OP.SUB).op(OP.DUP1).pushLabel(0).op(OP.JUMPI, OP.STOP);
  return a.finish();
}

/** The memory loop running `iterations` times. */
export function memoryLoop(iterations: number): Uint8Array {
  const a = new Assembler().push(BigInt(iterations));
  a.label(0).op(OP.DUP1).push(0x3fe0n).op(OP.AND);
  a.op(OP.DUP1, OP.MLOAD, OP.DUP1 + 2, OP.ADD, OP.SWAP1, OP.MSTORE);
  a.push(0x100n).op(OP.DUP1 + 1).push(0x1f00n).op(OP.AND).push(0x2000n).op(OP.MCOPY);
  a.op(OP.DUP1, OP.DUP1).push(0x3fn).op(OP.AND).push(0x3000n).op(OP.ADD, OP.MSTORE8);
  a.push(1n).op(OP.SWAP1, OP.SUB).op(OP.DUP1).pushLabel(0).op(OP.JUMPI, OP.STOP);
  return a.finish();
}

/** A loop workload: a contract, and `calls` signed transactions calling it. */
export interface LoopWorkload {
  pre: Map<bigint, AccountData>;
  block: BlockEnv;
  txs: Transaction[];
}

/** Deploys `code` at a fixed address and prepares `calls` calls to it from one sender. */
export function buildLoopWorkload(code: Uint8Array, calls: number): LoopWorkload {
  const key = keccak_256(new TextEncoder().encode('bench loop sender'));
  const sender = BigInt(`0x${Buffer.from(keccak_256(secp256k1.getPublicKey(key, false).subarray(1)).subarray(12)).toString('hex')}`);
  const contract = 0xbe4c40000n;
  const pre = new Map<bigint, AccountData>([
    [sender, { nonce: 0n, balance: 10n ** 22n, code: new Uint8Array(0), storage: new Map() }],
    [contract, { nonce: 1n, balance: 0n, code, storage: new Map() }],
  ]);
  const block: BlockEnv = {
    number: 1000n, timestamp: 1_700_000_000n, coinbase: 0xc014ba5en, gasLimit: 30_000_000n, baseFee: 7n,
    prevRandao: 1n, excessBlobGas: 0n, chainId: 1n, blockHash: () => undefined,
  };
  const txs = Array.from({ length: calls }, (_, i) => signTransaction({
    type: 2, chainId: 1n, nonce: BigInt(i), gasPrice: 10n, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n,
    gasLimit: 30_000_000n, to: contract, value: 0n, data: new Uint8Array(0), accessList: [],
    maxFeePerBlobGas: 0n, blobVersionedHashes: [],
  }, key).tx);
  return { pre, block, txs };
}
