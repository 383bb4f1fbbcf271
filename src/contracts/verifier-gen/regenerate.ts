/**
 * Regenerate the committed verifiers: `npx tsx src/contracts/verifier-gen/regenerate.ts` writes
 * contracts/generated/<ContractName>.sol for every example at GENERATED_CONFIG.
 * `generatedSources()` is what the staleness test compares the committed files with.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from '../../stark/keys.ts';
import { GENERATED_CONFIG, VERIFIER_EXAMPLES } from './examples.ts';
import { generateVerifier } from './generate.ts';

/** The repository's contracts/generated directory. */
export const GENERATED_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../contracts/generated');

/** File name → Solidity source of every generated verifier. */
export function generatedSources(): Map<string, string> {
  const out = new Map<string, string>();
  for (const ex of VERIFIER_EXAMPLES) {
    const { verifyingKey } = setup(ex.system, GENERATED_CONFIG);
    out.set(
      `${ex.contractName}.sol`,
      generateVerifier(ex.system, GENERATED_CONFIG, verifyingKey, { contractName: ex.contractName, ...ex.layout }),
    );
  }
  return out;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(GENERATED_DIR, { recursive: true });
  for (const [file, source] of generatedSources()) {
    writeFileSync(join(GENERATED_DIR, file), source);
    console.log(`wrote contracts/generated/${file} (${source.length} chars)`);
  }
}
