/**
 * The generated Solidity verifier, compiled with solc-js and run in this repository's EVM, must
 * agree with the TypeScript verifier (src/stark/verifier.ts) on every proof: valid proofs verify,
 * and seeded mutations (bit flips, byte overwrites, truncations, extensions, changed public
 * inputs) are rejected by both. TEST_CONFIG_INSECURE keeps proving and EVM execution fast; the
 * generated code is the same for every config apart from its constants.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { P } from '../../field/babybear.ts';
import { TEST_CONFIG_INSECURE } from '../../stark/config.ts';
import { VerificationError } from '../../stark/errors.ts';
import { setup, type VerifyingKey } from '../../stark/keys.ts';
import { decodeProof, encodeProof, type StarkProof } from '../../stark/proof.ts';
import { prove } from '../../stark/prover.ts';
import { SeededRng } from '../../stark/testing/prng.ts';
import { verifyBytes } from '../../stark/verifier.ts';
import { compileContract } from '../solc.ts';
import { DeployedContract, type VerifyCallResult } from './evm-harness.ts';
import { VERIFIER_EXAMPLES, type VerifierExample } from './examples.ts';
import { generateVerifier } from './generate.ts';
import { statementFromPublicInputs, StatementLayoutError } from './statement.ts';

const MUTATIONS_PER_SYSTEM = Number(process.env.ZKEVM_VERIFIER_MUTATIONS ?? 200);

interface Fixture {
  vk: VerifyingKey;
  contract: DeployedContract;
  /** The same verifier built with debugReverts (names the failed check). */
  debug: DeployedContract;
  proof: Uint8Array;
  publicInputs: bigint[];
}

function tsAccepts(ex: VerifierExample, vk: VerifyingKey, proof: Uint8Array, publicInputs: readonly bigint[]): boolean {
  try {
    verifyBytes(vk, proof, statementFromPublicInputs(ex.system, ex.layout, publicInputs));
    return true;
  } catch (e) {
    if (e instanceof VerificationError || e instanceof StatementLayoutError) return false;
    throw e;
  }
}

function solAccepts(r: VerifyCallResult): boolean {
  // An exceptional halt (out of gas, invalid jump) would be a verifier bug, never a verdict.
  expect(r.outcome).not.toBe('halt');
  return r.outcome === 'true';
}

type Mutation = { kind: string; proof: Uint8Array; publicInputs: bigint[] };

function mutate(rng: SeededRng, proof: Uint8Array, publicInputs: readonly bigint[]): Mutation {
  const p = proof.slice();
  const pis = [...publicInputs];
  const r = rng.below(100);
  if (r < 40) {
    const flips = 1 + rng.below(3);
    for (let i = 0; i < flips; i++) p[rng.below(p.length)]! ^= 1 << rng.below(8);
    return { kind: 'bit-flip', proof: p, publicInputs: pis };
  }
  if (r < 55) {
    // Header, table metadata and opened values sit in the first part of the proof.
    const pos = rng.below(Math.min(p.length, 1024));
    p[pos]! ^= 1 + rng.below(255);
    return { kind: 'structure-byte', proof: p, publicInputs: pis };
  }
  if (r < 65) {
    const pos = rng.below(p.length);
    p[pos]! ^= 1 + rng.below(255);
    return { kind: 'byte', proof: p, publicInputs: pis };
  }
  if (r < 77) return { kind: 'truncate', proof: proof.slice(0, rng.below(proof.length)), publicInputs: pis };
  if (r < 85) {
    const extra = Uint8Array.from({ length: 1 + rng.below(8) }, () => rng.below(256));
    const q = new Uint8Array(p.length + extra.length);
    q.set(p);
    q.set(extra, p.length);
    return { kind: 'extend', proof: q, publicInputs: pis };
  }
  if (pis.length === 0) {
    return { kind: 'extra-public-input', proof: p, publicInputs: [BigInt(rng.below(P))] };
  }
  const k = rng.below(pis.length);
  if (r < 95) pis[k] = (pis[k]! + 1n + BigInt(rng.below(P - 1))) % BigInt(P);
  else pis[k] = BigInt(P) + BigInt(rng.below(1000));
  return { kind: 'public-input', proof: p, publicInputs: pis };
}

describe.each(VERIFIER_EXAMPLES.map((ex) => [ex.name, ex] as const))('generated verifier: %s', (_name, ex) => {
  const f = {} as Fixture;

  beforeAll(() => {
    const { provingKey, verifyingKey } = setup(ex.system, TEST_CONFIG_INSECURE);
    const { witness, publicInputs } = ex.witness(5);
    const source = generateVerifier(ex.system, TEST_CONFIG_INSECURE, verifyingKey, { contractName: ex.contractName, ...ex.layout });
    f.vk = verifyingKey;
    f.contract = DeployedContract.deploy(compileContract({ [`${ex.contractName}.sol`]: source }, ex.contractName).bytecode);
    const debugSource = generateVerifier(ex.system, TEST_CONFIG_INSECURE, verifyingKey, {
      contractName: ex.contractName,
      ...ex.layout,
      debugReverts: true,
    });
    f.debug = DeployedContract.deploy(compileContract({ [`${ex.contractName}.sol`]: debugSource }, ex.contractName).bytecode);
    f.proof = encodeProof(prove(provingKey, witness));
    f.publicInputs = publicInputs;
  });

  it('accepts a valid proof, like the TypeScript verifier', () => {
    expect(tsAccepts(ex, f.vk, f.proof, f.publicInputs)).toBe(true);
    const r = f.contract.verifyProof(f.proof, f.publicInputs);
    expect(r.outcome).toBe('true');
    expect(f.contract.codeSize).toBeLessThanOrEqual(24_576);
  });

  it(`agrees with the TypeScript verifier on ${MUTATIONS_PER_SYSTEM} seeded mutations (all rejected)`, () => {
    const rng = new SeededRng(0x5eed + ex.name.length);
    const kinds = new Map<string, number>();
    for (let i = 0; i < MUTATIONS_PER_SYSTEM; i++) {
      const m = mutate(rng, f.proof, f.publicInputs);
      const ts = tsAccepts(ex, f.vk, m.proof, m.publicInputs);
      const sol = solAccepts(f.contract.verifyProof(m.proof, m.publicInputs));
      expect({ i, kind: m.kind, sol }).toEqual({ i, kind: m.kind, sol: ts });
      expect({ i, kind: m.kind, accepted: ts }).toEqual({ i, kind: m.kind, accepted: false });
      kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
    }
    // Every mutation family was exercised.
    expect(kinds.size).toBeGreaterThanOrEqual(6);
  });

  it('names the same failed check as the TypeScript verifier for targeted edits', () => {
    // TypeScript VerificationError reason → the generated verifier's check code.
    const codeOf: Record<string, number> = { ood: 3, bus: 4, pow: 6, indices: 7, 'fri-indices': 7, merkle: 8, 'fri-merkle': 8, 'fri-fold': 10, 'fri-final': 11 };
    const bump = (v: Uint32Array, i: number): void => {
      v[i] = (v[i]! + 1) % P;
    };
    const edits: [string, (p: StarkProof) => void][] = [
      ['opened main value', (p) => bump(p.tables[0]!.opened.mainCur, 0)],
      ['opened next-row value', (p) => bump(p.tables[p.tables.length - 1]!.opened.mainNext, 1)],
      ['opened quotient value', (p) => bump(p.tables[0]!.opened.quotient, 2)],
      ['main opening row', (p) => bump(p.tables[0]!.openings.main.rows[0]!, 0)],
      ['quotient opening sibling', (p) => void (p.tables[0]!.openings.quotient.siblings[0]![3]! ^= 4)],
      ['FRI layer row', (p) => bump(p.friOpenings[0]!.rows[0]!, 5)],
      ['last FRI layer sibling', (p) => void (p.friOpenings[p.friOpenings.length - 1]!.siblings[0]![0]! ^= 1)],
      ['opened row index', (p) => void (p.tables[0]!.openings.main.indices[0]! ^= 1)],
      ['proof-of-work nonce', (p) => void (p.powNonce += 1n)],
      ['final polynomial', (p) => bump(p.finalPoly, 0)],
    ];
    if (f.vk.system.tables.some((t) => t.logup !== null)) {
      edits.push(['cumulative sum', (p) => bump(p.tables.find((t) => t.cumSum !== null)!.cumSum!, 0)]);
      edits.push(['opened LogUp value', (p) => bump(p.tables.find((t) => t.cumSum !== null)!.opened.permCur, 0)]);
    }
    for (const [what, edit] of edits) {
      const p = decodeProof(f.proof);
      edit(p);
      const bytes = encodeProof(p);
      let reason = 'accepted';
      try {
        verifyBytes(f.vk, bytes, statementFromPublicInputs(ex.system, ex.layout, f.publicInputs));
      } catch (e) {
        if (!(e instanceof VerificationError)) throw e;
        reason = e.reason;
      }
      const r = f.debug.verifyProof(bytes, f.publicInputs);
      const code = r.outcome === 'revert' && Buffer.from(r.output.subarray(0, 4)).toString('hex') === selector('ProofRejected(uint256)')
        ? Number(BigInt('0x' + Buffer.from(r.output.subarray(4, 36)).toString('hex')))
        : r.outcome;
      expect({ what, code }).toEqual({ what, code: codeOf[reason] ?? reason });
    }
  });

  it('reverts with a named error on a wrong public-input count or a non-canonical input', () => {
    const more = f.contract.verifyProof(f.proof, [...f.publicInputs, 1n]);
    expect(more.outcome).toBe('revert');
    expect(Buffer.from(more.output.subarray(0, 4)).toString('hex')).toBe(selector('PublicInputCount(uint256,uint256)'));
    if (f.publicInputs.length > 0) {
      const bad = [...f.publicInputs];
      bad[0] = BigInt(P);
      const r = f.contract.verifyProof(f.proof, bad);
      expect(r.outcome).toBe('revert');
      expect(Buffer.from(r.output.subarray(0, 4)).toString('hex')).toBe(selector('PublicInputNotCanonical(uint256)'));
    }
    const trunc = f.contract.verifyProof(f.proof.slice(0, 100), f.publicInputs);
    expect(Buffer.from(trunc.output.subarray(0, 4)).toString('hex')).toBe(selector('ProofTruncated(uint256)'));
  });
});

import { keccak_256 } from '@noble/hashes/sha3.js';
function selector(sig: string): string {
  return Buffer.from(keccak_256(new TextEncoder().encode(sig)).subarray(0, 4)).toString('hex');
}
