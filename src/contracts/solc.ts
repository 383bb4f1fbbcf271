/**
 * A small wrapper around solc-js (the pinned `solc` 0.8.28 npm package): compile Solidity sources
 * through the standard-JSON interface with the project's fixed settings (optimizer on, EVM version
 * cancun) and return each contract's ABI and bytecode. Compiler errors (not warnings) are raised
 * as one SolcError naming every error with its source location.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The compiler version every contract in this repository is built with. */
export const SOLC_VERSION = '0.8.28';

/** Raised when solc reports errors (or cannot be loaded / gives unexpected output). */
export class SolcError extends Error {
  constructor(
    message: string,
    readonly details: { errors: readonly string[] } = { errors: [] },
  ) {
    super(message);
    this.name = 'SolcError';
  }
}

/** One compiled contract. */
export interface CompiledContract {
  readonly abi: readonly unknown[];
  /** Creation bytecode (deploy this). */
  readonly bytecode: Uint8Array;
  /** Runtime bytecode (what a deployed account holds; EIP-170 limits it to 24,576 bytes). */
  readonly deployedBytecode: Uint8Array;
}

/** Compilation options beyond the fixed defaults. */
export interface CompileOptions {
  /** Optimizer runs (default 200). */
  readonly runs?: number;
  /** Compile through the Yul IR pipeline (default false). */
  readonly viaIR?: boolean;
}

interface SolcModule {
  version(): string;
  compile(input: string): string;
}

interface SolcOutputError {
  severity: 'error' | 'warning' | 'info';
  type: string;
  formattedMessage?: string;
  message: string;
}

interface SolcOutput {
  errors?: SolcOutputError[];
  contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
}

let solcInstance: SolcModule | null = null;

/** The solc-js module, loaded once (it is a large Emscripten build). */
function loadSolc(): SolcModule {
  if (solcInstance !== null) return solcInstance;
  const require = createRequire(import.meta.url);
  const solc = require('solc') as SolcModule;
  const version = solc.version();
  if (!version.startsWith(SOLC_VERSION + '+')) {
    throw new SolcError(`solc ${SOLC_VERSION} required, found ${version}`);
  }
  solcInstance = solc;
  return solc;
}

function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new SolcError('solc returned malformed bytecode');
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/**
 * Compile `sources` (file name → Solidity text); returns every contract by `file:Name`.
 * Imports of `@openzeppelin/...` resolve from node_modules; other imports must be among `sources`.
 * Throws SolcError listing every compiler error.
 */
export function compileSolidity(
  sources: Readonly<Record<string, string>>,
  options: CompileOptions = {},
): Map<string, CompiledContract> {
  const solc = loadSolc();
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: {
      optimizer: { enabled: true, runs: options.runs ?? 200 },
      evmVersion: 'cancun',
      viaIR: options.viaIR ?? false,
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const require = createRequire(import.meta.url);
  const findImports = (path: string): { contents: string } | { error: string } => {
    if (!path.startsWith('@openzeppelin/')) return { error: `import '${path}' not found` };
    try {
      return { contents: readFileSync(require.resolve(path), 'utf8') };
    } catch {
      return { error: `import '${path}' not found in node_modules` };
    }
  };
  let output: SolcOutput;
  try {
    output = JSON.parse(
      (solc as unknown as { compile(i: string, cb: { import: typeof findImports }): string }).compile(JSON.stringify(input), {
        import: findImports,
      }),
    ) as SolcOutput;
  } catch (e) {
    throw new SolcError(`solc failed: ${(e as Error).message}`);
  }
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    const messages = errors.map((e) => e.formattedMessage ?? `${e.type}: ${e.message}`);
    throw new SolcError(`solc: ${errors.length} error(s): ${errors.map((e) => `${e.type}: ${e.message}`).join('; ')}`, {
      errors: messages,
    });
  }
  const out = new Map<string, CompiledContract>();
  for (const [file, contracts] of Object.entries(output.contracts ?? {})) {
    for (const [name, c] of Object.entries(contracts)) {
      out.set(`${file}:${name}`, {
        abi: c.abi,
        bytecode: hexToBytes(c.evm.bytecode.object),
        deployedBytecode: hexToBytes(c.evm.deployedBytecode.object),
      });
    }
  }
  return out;
}

/** Compile and return the one contract `name` defined in `sources` (throws SolcError if absent). */
export function compileContract(
  sources: Readonly<Record<string, string>>,
  name: string,
  options: CompileOptions = {},
): CompiledContract {
  const all = compileSolidity(sources, options);
  for (const [key, c] of all) if (key.endsWith(`:${name}`)) return c;
  throw new SolcError(`contract ${name} not found in the compiled sources`, { errors: [...all.keys()] });
}
