import { describe, expect, it } from 'vitest';
import { DeployedContract } from './verifier-gen/evm-harness.ts';
import { compileContract, compileSolidity, SolcError } from './solc.ts';

describe('solc-js wrapper', () => {
  it('compiles with the pinned compiler and the bytecode runs in our EVM', () => {
    const c = compileContract(
      {
        'Add.sol': `pragma solidity 0.8.28;
          contract Add { function verifyProof(bytes calldata p, uint256[] calldata x) external pure returns (bool) { return p.length == x.length; } }`,
      },
      'Add',
    );
    expect(c.bytecode.length).toBeGreaterThan(c.deployedBytecode.length);
    expect(c.abi).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'verifyProof', type: 'function' })]));
    const d = DeployedContract.deploy(c.bytecode);
    expect(d.verifyProof(new Uint8Array(2), [1n, 2n]).outcome).toBe('true');
    expect(d.verifyProof(new Uint8Array(3), [1n, 2n]).outcome).toBe('false');
  });

  it('targets cancun (MCOPY and transient storage compile)', () => {
    const c = compileContract(
      {
        'C.sol': `pragma solidity 0.8.28;
          contract C { function f() external returns (uint256 r) { assembly { tstore(0, 7) mcopy(0, 32, 32) r := tload(0) } } }`,
      },
      'C',
    );
    expect(c.deployedBytecode).toContain(0x5e); // MCOPY
  });

  it('surfaces every compiler error by name and location', () => {
    let err: unknown;
    try {
      compileSolidity({ 'Bad.sol': 'pragma solidity 0.8.28; contract Bad { function f() external { x = 1; } }' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SolcError);
    const e = err as SolcError;
    expect(e.message).toContain('DeclarationError');
    expect(e.details.errors.join('\n')).toContain('Bad.sol:1:');
  });

  it('resolves @openzeppelin imports and reports a missing contract', () => {
    const sources = {
      'UsesOz.sol': `pragma solidity 0.8.28;
        import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
        contract UsesOz { function m(uint256 a, uint256 b) external pure returns (uint256) { return Math.max(a, b); } }`,
    };
    expect(compileContract(sources, 'UsesOz').deployedBytecode.length).toBeGreaterThan(0);
    expect(() => compileContract(sources, 'Nope')).toThrow(SolcError);
  });
});
