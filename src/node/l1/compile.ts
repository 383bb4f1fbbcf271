/**
 * Compiles the rollup's Solidity sources (contracts/Rollup.sol, contracts/IVerifier.sol) with the
 * pinned solc-js 0.8.28: optimizer on (200 runs), evmVersion cancun. The result is cached per
 * process (solc-js takes about a second per compile).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Abi, Hex } from 'viem';

/** A compiled contract: ABI and creation / runtime bytecode. */
export interface ContractArtifact {
  readonly contractName: string;
  readonly abi: Abi;
  readonly bytecode: Hex;
  readonly deployedBytecode: Hex;
}

/** solc reported errors (the message lists each one with its location). */
export class SolidityCompileError extends Error {
  override readonly name = 'SolidityCompileError';
  constructor(readonly errors: readonly string[]) {
    super(`solc: ${errors.length} error(s)\n${errors.join('\n')}`);
  }
}

/** The repository's contracts/ directory. */
export const CONTRACTS_DIR = fileURLToPath(new URL('../../../contracts/', import.meta.url));

/** The solc-js API we use (the package ships no type declarations). */
interface SolcJs {
  compile(input: string): string;
  version(): string;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
}

let solcModule: SolcJs | undefined;

function solc(): SolcJs {
  solcModule ??= createRequire(import.meta.url)('solc') as SolcJs;
  return solcModule;
}

/** Compiles Solidity sources (path → content, relative imports resolve among the paths). */
export function compileSolidity(sources: Readonly<Record<string, string>>): Map<string, ContractArtifact> {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([path, content]) => [path, { content }])),
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const output = JSON.parse(solc().compile(JSON.stringify(input))) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error').map((e) => e.formattedMessage);
  if (errors.length > 0) throw new SolidityCompileError(errors);
  const artifacts = new Map<string, ContractArtifact>();
  for (const contracts of Object.values(output.contracts ?? {})) {
    for (const [contractName, c] of Object.entries(contracts)) {
      artifacts.set(contractName, {
        contractName,
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      });
    }
  }
  return artifacts;
}

let rollupCache: ContractArtifact | undefined;

/** The compiled Rollup contract (contracts/Rollup.sol), cached. */
export function rollupArtifact(): ContractArtifact {
  if (rollupCache === undefined) {
    const read = (name: string): string => readFileSync(`${CONTRACTS_DIR}${name}`, 'utf8');
    const artifacts = compileSolidity({
      'contracts/Rollup.sol': read('Rollup.sol'),
      'contracts/IVerifier.sol': read('IVerifier.sol'),
    });
    rollupCache = artifacts.get('Rollup');
    if (rollupCache === undefined) throw new SolidityCompileError(['contracts/Rollup.sol: no contract named Rollup']);
  }
  return rollupCache;
}
