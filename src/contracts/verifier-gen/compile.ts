/**
 * Compile a generated verifier and enforce the EIP-170 runtime code-size limit (24,576 bytes):
 * a larger contract compiles but can never be deployed on Ethereum, so it is refused here with a
 * typed error instead of failing later at deployment.
 */
import { compileContract, type CompiledContract } from '../solc.ts';
import { VerifierGenError } from './generate.ts';

/** EIP-170 maximum runtime code size. */
export const MAX_CODE_SIZE = 24_576;

/** Compile `source` (from generateVerifier) and return contract `contractName`; throws VerifierGenError if it exceeds EIP-170. */
export function compileVerifier(source: string, contractName: string): CompiledContract {
  const compiled = compileContract({ [`${contractName}.sol`]: source }, contractName);
  if (compiled.deployedBytecode.length > MAX_CODE_SIZE) {
    throw new VerifierGenError(
      `${contractName}: runtime code is ${compiled.deployedBytecode.length} bytes, above the EIP-170 limit of ${MAX_CODE_SIZE}; ` +
        'the out-of-domain code of this AIR is too large for one contract (splitting it is not implemented)',
      { codeSize: compiled.deployedBytecode.length },
    );
  }
  return compiled;
}
