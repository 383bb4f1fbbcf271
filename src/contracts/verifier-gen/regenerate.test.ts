/**
 * The committed verifiers in contracts/generated must be exactly what the generator produces now
 * (run `npx tsx src/contracts/verifier-gen/regenerate.ts` after changing the generator, an AIR or
 * the config), must compile within the EIP-170 code-size limit, and must accept a proof made at
 * the config they were generated for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setup } from '../../stark/keys.ts';
import { encodeProof } from '../../stark/proof.ts';
import { prove } from '../../stark/prover.ts';
import { verifyBytes } from '../../stark/verifier.ts';
import { compileVerifier, MAX_CODE_SIZE } from './compile.ts';
import { DeployedContract } from './evm-harness.ts';
import { GENERATED_CONFIG, VERIFIER_EXAMPLES } from './examples.ts';
import { GENERATED_DIR, generatedSources } from './regenerate.ts';
import { statementFromPublicInputs } from './statement.ts';

describe('contracts/generated', () => {
  const sources = generatedSources();

  it('is up to date with the generator', () => {
    for (const [file, source] of sources) {
      let committed: string;
      try {
        committed = readFileSync(join(GENERATED_DIR, file), 'utf8');
      } catch {
        throw new Error(`contracts/generated/${file} is missing: run npx tsx src/contracts/verifier-gen/regenerate.ts`);
      }
      expect(committed === source, `contracts/generated/${file} is stale: run npx tsx src/contracts/verifier-gen/regenerate.ts`).toBe(true);
    }
  });

  it.each(VERIFIER_EXAMPLES.map((ex) => [ex.contractName, ex] as const))(
    '%s compiles, fits EIP-170 and verifies a proof at its config',
    (_name, ex) => {
      const file = `${ex.contractName}.sol`;
      const compiled = compileVerifier(readFileSync(join(GENERATED_DIR, file), 'utf8'), ex.contractName);
      expect(compiled.deployedBytecode.length).toBeLessThanOrEqual(MAX_CODE_SIZE);
      const contract = DeployedContract.deploy(compiled.bytecode);
      const { provingKey, verifyingKey } = setup(ex.system, GENERATED_CONFIG);
      const { witness, publicInputs } = ex.witness(4);
      const proof = encodeProof(prove(provingKey, witness));
      expect(() => verifyBytes(verifyingKey, proof, statementFromPublicInputs(ex.system, ex.layout, publicInputs))).not.toThrow();
      expect(contract.verifyProof(proof, publicInputs).outcome).toBe('true');
      const flipped = proof.slice();
      flipped[flipped.length - 40]! ^= 1;
      expect(contract.verifyProof(flipped, publicInputs).outcome).not.toBe('true');
    },
  );
});
