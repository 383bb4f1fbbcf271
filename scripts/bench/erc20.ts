/**
 * Bench workload: OpenZeppelin's ERC20 (5.x, from node_modules) compiled with solc-js at bench
 * time, deployed once, then 1,000 `transfer` calls between varied holders.
 *
 * The token mints a balance to every holder in its constructor, so each transfer touches two
 * warm-able balance slots (a realistic SLOAD/SSTORE/LOG3/keccak mix, the shape of most L2
 * traffic).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { signTransaction } from '../../src/evm/transaction/sign.ts';
import type { AccountData, BlockEnv, Transaction } from '../../src/evm/types.ts';

/** Thrown when the Solidity compiler reports errors. */
export class CompileError extends Error {
  constructor(readonly errors: string[]) {
    super(`solc failed:\n${errors.join('\n')}`);
    this.name = 'CompileError';
  }
}

interface Solc {
  compile(input: string, callbacks: { import: (path: string) => { contents: string } | { error: string } }): string;
  version(): string;
}

const require = createRequire(import.meta.url);
const solc = require('solc') as Solc;
/** The node_modules folder holding @openzeppelin/contracts (import paths are relative to it). */
const OZ_ROOT = dirname(dirname(dirname(require.resolve('@openzeppelin/contracts/package.json'))));

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

contract BenchToken is ERC20 {
    constructor(address[] memory holders) ERC20("Bench Token", "BNCH") {
        for (uint256 i = 0; i < holders.length; i++) _mint(holders[i], 1e24);
    }
}
`;

/** Compiles BenchToken (optimizer on, 200 runs, evmVersion cancun); returns its creation code. */
export function compileBenchToken(): Uint8Array {
  const input = {
    language: 'Solidity',
    sources: { 'BenchToken.sol': { content: SOURCE } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { 'BenchToken.sol': { BenchToken: ['evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), {
    import: (path) => {
      try {
        return { contents: readFileSync(join(OZ_ROOT, path), 'utf8') };
      } catch {
        return { error: `not found: ${path}` };
      }
    },
  })) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<string, Record<string, { evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error').map((e) => e.formattedMessage);
  const object = output.contracts?.['BenchToken.sol']?.['BenchToken']?.evm.bytecode.object;
  if (errors.length > 0 || object === undefined) throw new CompileError(errors);
  return Uint8Array.from(Buffer.from(object, 'hex'));
}

function word(v: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(v.toString(16).padStart(64, '0'), 'hex'));
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

/** The ERC-20 workload: pre-state, deployment transaction and the transfers, all signed. */
export interface Erc20Workload {
  pre: Map<bigint, AccountData>;
  block: BlockEnv;
  deploy: Transaction;
  token: bigint;
  transfers: Transaction[];
}

/** Builds the workload: `holders` funded EOAs, one deployment, `count` transfers. */
export function buildErc20Workload(creationCode: Uint8Array, holders = 64, count = 1000): Erc20Workload {
  const keys = Array.from({ length: holders }, (_, i) => keccak_256(new TextEncoder().encode(`bench holder ${i}`)));
  const addresses = keys.map((k) => {
    const pub = secp256k1.getPublicKey(k, false).subarray(1);
    return BigInt(`0x${Buffer.from(keccak_256(pub).subarray(12)).toString('hex')}`);
  });
  const pre = new Map<bigint, AccountData>();
  for (const a of addresses) pre.set(a, { nonce: 0n, balance: 10n ** 21n, code: new Uint8Array(0), storage: new Map() });
  const block: BlockEnv = {
    number: 1000n, timestamp: 1_700_000_000n, coinbase: 0xc014ba5en, gasLimit: 30_000_000n, baseFee: 7n,
    prevRandao: 1n, excessBlobGas: 0n, chainId: 1n, blockHash: () => undefined,
  };
  const nonces = addresses.map(() => 0n);
  const tx = (from: number, to: bigint | null, data: Uint8Array, gasLimit: bigint): Transaction => {
    const signed = signTransaction({
      type: 2, chainId: 1n, nonce: nonces[from]!, gasPrice: 10n, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n,
      gasLimit, to, value: 0n, data, accessList: [], maxFeePerBlobGas: 0n, blobVersionedHashes: [],
    }, keys[from]!).tx;
    nonces[from]! += 1n;
    return signed;
  };
  // Constructor argument: address[] holders (ABI: offset, length, elements).
  const args = concat([word(0x20n), word(BigInt(holders)), ...addresses.map(word)]);
  const deploy = tx(0, null, concat([creationCode, args]), 10_000_000n);
  // CREATE address of holder 0 with nonce 0: keccak(rlp([sender, 0]))[12:].
  const rlp = concat([Uint8Array.of(0xd6, 0x94), word(addresses[0]!).subarray(12), Uint8Array.of(0x80)]);
  const token = BigInt(`0x${Buffer.from(keccak_256(rlp).subarray(12)).toString('hex')}`);
  const selector = keccak_256(new TextEncoder().encode('transfer(address,uint256)')).subarray(0, 4);
  const transfers: Transaction[] = [];
  for (let i = 0; i < count; i++) {
    const from = (i * 7) % holders;
    const to = addresses[(i * 13 + 5) % holders]!;
    transfers.push(tx(from, token, concat([selector, word(to), word(BigInt(1000 + i))]), 100_000n));
  }
  return { pre, block, deploy, token, transfers };
}
