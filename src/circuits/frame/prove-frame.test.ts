import { describe, expect, it } from 'vitest';
import { TEST_CONFIG_INSECURE, VerificationError, encodeProof, verifyBytes } from '../../stark/index.ts';
import { forceProve } from '../../stark/testing/force-prove.ts';
import { UnprovenOpcodeError } from '../cpu/opcode-info.ts';
import { frameKeys } from './frame-system.ts';
import { decodeFrameProofFile, encodeFrameProofFile, verifyFrameProofFile } from './proof-file.ts';
import { frameWitness, proveFrame, statementToStark } from './prove-frame.ts';
import { buildStatement } from './statement-builder.ts';
import { runTestFrame } from './test-support.ts';

// PUSH1 3 PUSH1 10 SUB PUSH1 2 PUSH1 12 SHL ISZERO PUSH1 0xff PUSH1 0x0f AND CALLER GAS PC STOP
const PROGRAM = '6003600a036002600c1b1560ff600f16335a5800';
const config = TEST_CONFIG_INSECURE;

describe('frame prover', () => {
  const run = runTestFrame(PROGRAM, [], { data: new Uint8Array([1, 2, 3]) });
  const proof = proveFrame(run, { config });

  it('proves and verifies a real frame, and the proof file round-trips', () => {
    expect(proof.statement.status).toBe('success');
    expect(proof.rows.cpu).toBeGreaterThanOrEqual(run.trace.stepCount);
    const file = encodeFrameProofFile(proof);
    expect(decodeFrameProofFile(file).statement).toEqual(proof.statement);
    expect(verifyFrameProofFile(file, { allowInsecureConfig: true })).toEqual(proof.statement);
  });

  it('rejects the proof against any other statement', () => {
    const { verifyingKey } = frameKeys(config);
    const s = proof.statement;
    const others = [
      { ...s, gasUsed: s.gasUsed + 1n },
      { ...s, env: { ...s.env, caller: s.env.caller ^ 1n } },
      { ...s, codeDigest: s.codeDigest.map((e, i) => (i === 0 ? (e + 1) % 2013265921 : e)) },
      { ...s, haltReason: 2 },
      { ...s, calldataLength: 4 },
    ];
    for (const other of others) expect(() => verifyBytes(verifyingKey, proof.proof, statementToStark(other))).toThrow(VerificationError);
  });

  it('rejects a forced proof of a wrong gas claim', () => {
    const s = buildStatement(run);
    const wrong = { ...s, gasUsed: s.gasUsed - 1n };
    const { provingKey, verifyingKey } = frameKeys(config);
    const stark = statementToStark(wrong);
    const forced = encodeProof(forceProve(provingKey, { traces: frameWitness(run, s), ...stark }));
    expect(() => verifyBytes(verifyingKey, forced, stark)).toThrow(VerificationError);
  });

  it('refuses an unproven opcode by name', () => {
    // PUSH1 1 PUSH1 0 MSTORE: memory is not proven yet.
    expect(() => proveFrame(runTestFrame('6001600052'), { config })).toThrow(UnprovenOpcodeError);
    expect(() => proveFrame(runTestFrame('6001600052'), { config })).toThrow(/MSTORE at pc 4 is not proven yet/);
  });
});
