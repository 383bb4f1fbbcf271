/**
 * Setup: commit the preprocessed columns once and fix the configuration. The verifying key holds
 * the system, the config, the preprocessed Merkle roots and a digest binding all of them (absorbed
 * first into every transcript); the proving key adds the preprocessed traces, LDEs and trees.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { P } from '../field/babybear.ts';
import { RowMajorMatrix } from '../field/matrix.ts';
import { cosetLde } from '../field/ntt.ts';
import { MerkleTree } from '../hash/merkle.ts';
import { systemToJson } from './air/json.ts';
import type { AirSystem } from './air/system.ts';
import { checkConfig, DEFAULT_CONFIG, type StarkConfig } from './config.ts';
import { LDE_SHIFT } from './domain.ts';
import { AirDefinitionError } from './errors.ts';

/** Commitment to one table's preprocessed columns. */
export interface PreprocessedCommitment {
  readonly root: Uint8Array;
  readonly logHeight: number;
  readonly width: number;
}

/** What the verifier needs: public, small, reusable across proofs. */
export interface VerifyingKey {
  readonly system: AirSystem;
  readonly config: StarkConfig;
  /** Per table (system order): its preprocessed commitment, or null. */
  readonly preprocessed: readonly (PreprocessedCommitment | null)[];
  /** keccak256 of the system JSON, config and preprocessed roots. */
  readonly digest: Uint8Array;
}

/** Prover-side data of one preprocessed table. */
export interface PreprocessedData {
  readonly trace: RowMajorMatrix;
  readonly lde: RowMajorMatrix;
  readonly tree: MerkleTree;
}

/** What the prover needs in addition to the verifying key. */
export interface ProvingKey {
  readonly vk: VerifyingKey;
  readonly preprocessed: readonly (PreprocessedData | null)[];
}

/** Build the proving and verifying keys of `system` under `config` (default: DEFAULT_CONFIG). */
export function setup(
  system: AirSystem,
  config: StarkConfig = DEFAULT_CONFIG,
): { provingKey: ProvingKey; verifyingKey: VerifyingKey } {
  checkConfig(config);
  for (const t of system.tables) {
    if (t.logQuotientDegree > config.logBlowup) {
      throw new AirDefinitionError(
        `table ${t.name}: constraint degree ${t.maxDegree} needs ${t.quotientDegree} quotient chunks, ` +
          `more than the blowup 2^${config.logBlowup}`,
        { table: t.name },
      );
    }
  }
  const data = system.tables.map((t): PreprocessedData | null => {
    const pre = t.spec.preprocessed;
    if (pre === undefined) return null;
    const values = pre.generate();
    if (values.length !== pre.height * pre.columns.width) {
      throw new AirDefinitionError(`table ${t.name}: preprocessed generator returned ${values.length} values`, {
        expected: pre.height * pre.columns.width,
      });
    }
    for (let i = 0; i < values.length; i++) {
      if (values[i]! >= P) throw new AirDefinitionError(`table ${t.name}: non-canonical preprocessed value at ${i}`);
    }
    const trace = new RowMajorMatrix(values, pre.columns.width);
    const lde = cosetLde(trace, config.logBlowup, LDE_SHIFT);
    return { trace, lde, tree: MerkleTree.commit(lde) };
  });
  const preprocessed = data.map((d) =>
    d === null ? null : { root: d.tree.root, logHeight: Math.log2(d.trace.height), width: d.trace.width },
  );
  const digestInput = JSON.stringify({
    system: systemToJson(system),
    config,
    preprocessed: preprocessed.map((p) =>
      p === null ? null : { root: Buffer.from(p.root).toString('hex'), logHeight: p.logHeight, width: p.width },
    ),
  });
  const verifyingKey: VerifyingKey = {
    system,
    config,
    preprocessed,
    digest: keccak_256(new TextEncoder().encode(digestInput)),
  };
  return { provingKey: { vk: verifyingKey, preprocessed: data }, verifyingKey };
}
