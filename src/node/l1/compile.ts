/**
 * Contract artifacts for viem: Solidity compiled by the project's solc-js wrapper
 * (src/contracts/solc.ts: pinned solc 0.8.28, optimizer on, evmVersion cancun), with hex
 * bytecode and a typed ABI. The Rollup (contracts/Rollup.sol + IVerifier.sol) is compiled once
 * per process (solc-js takes seconds).
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, type Abi, type Hex } from 'viem';
import { compileContract } from '../../contracts/solc.ts';

/** A compiled contract: ABI and creation / runtime bytecode. */
export interface ContractArtifact {
  readonly contractName: string;
  readonly abi: Abi;
  readonly bytecode: Hex;
  readonly deployedBytecode: Hex;
}

/** The repository's contracts/ directory. */
export const CONTRACTS_DIR = new URL('../../../contracts/', import.meta.url);

/** Compiles `sources` (path → Solidity) and returns contract `contractName` (throws SolcError). */
export function compileArtifact(sources: Readonly<Record<string, string>>, contractName: string): ContractArtifact {
  const c = compileContract(sources, contractName);
  return {
    contractName,
    abi: c.abi as Abi,
    bytecode: bytesToHex(c.bytecode),
    deployedBytecode: bytesToHex(c.deployedBytecode),
  };
}

/** Reads contracts/<path> (e.g. 'Rollup.sol', 'generated/FibonacciVerifier.sol'). */
export function readContractSource(path: string): string {
  return readFileSync(new URL(path, CONTRACTS_DIR), 'utf8');
}

let rollupCache: ContractArtifact | undefined;

/** The compiled Rollup contract (contracts/Rollup.sol), cached per process. */
export function rollupArtifact(): ContractArtifact {
  rollupCache ??= compileArtifact(
    { 'contracts/Rollup.sol': readContractSource('Rollup.sol'), 'contracts/IVerifier.sol': readContractSource('IVerifier.sol') },
    'Rollup',
  );
  return rollupCache;
}
