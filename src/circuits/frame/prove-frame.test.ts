import { describe, expect, it } from 'vitest';
import { poseidon2Statement } from '../../stark/airs/poseidon2-air.ts';
import { ProverRefusedError, TEST_CONFIG_INSECURE, VerificationError, encodeProof, prove, verifyBytes } from '../../stark/index.ts';
import { forceProve } from '../../stark/testing/force-prove.ts';
import { aluBoundary } from '../alu/alu-trace.ts';
import { FrameProverIncompleteError, MISSING_FRAME_TABLES, frameKeys } from './frame-system.ts';
import { frameTableWitness, proveFrame } from './prove-frame.ts';
import { runTestFrame } from './test-support.ts';

// PUSH1 3 PUSH1 10 SUB PUSH1 2 PUSH1 12 SHL ISZERO PUSH1 0xff PUSH1 0x0f AND STOP, calldata 0x010203
const PROGRAM = '6003600a036002600c1b1560ff600f1600';

describe('frame prover', () => {
  it('refuses while the CPU and the other frame tables are not integrated', () => {
    const run = runTestFrame(PROGRAM);
    expect(MISSING_FRAME_TABLES.length).toBeGreaterThan(0);
    expect(() => proveFrame(run, { config: TEST_CONFIG_INSECURE })).toThrow(FrameProverIncompleteError);
    expect(() => proveFrame(run, { config: TEST_CONFIG_INSECURE })).toThrow(/frame prover incomplete: table\(s\) cpu/);
  });

  it('proves the integrated tables of a real frame with the CPU and bytecode sides as boundary messages', () => {
    const run = runTestFrame(PROGRAM, [], { data: new Uint8Array([1, 2, 3]) });
    const w = frameTableWitness(run);
    expect(w.aluOperations.map((o) => o.opcode)).toEqual([0x03, 0x1b, 0x15, 0x16]);
    // code (18 bytes), calldata (3) and empty return data: one 24-byte sponge block each.
    expect(w.poseidon2Inputs.length).toBe(3 * 16);
    const standIns = [
      ...aluBoundary(w.aluOperations, w.aluOperations.map((o) => o.result)),
      ...poseidon2Statement(w.poseidon2Inputs, w.poseidon2Outputs),
    ];
    const { provingKey, verifyingKey } = frameKeys(TEST_CONFIG_INSECURE);
    const proof = encodeProof(prove(provingKey, { traces: w.traces, boundary: standIns }));
    expect(() => verifyBytes(verifyingKey, proof, { boundary: standIns })).not.toThrow();

    // A wrong ALU result claimed by the "CPU": the checker refuses, a forced proof is rejected.
    const wrong = aluBoundary(w.aluOperations, w.aluOperations.map((o, i) => (i === 0 ? o.result + 1n : o.result)));
    const bad = [...wrong, ...poseidon2Statement(w.poseidon2Inputs, w.poseidon2Outputs)];
    expect(() => prove(provingKey, { traces: w.traces, boundary: bad })).toThrow(ProverRefusedError);
    const forced = encodeProof(forceProve(provingKey, { traces: w.traces, boundary: bad }));
    expect(() => verifyBytes(verifyingKey, forced, { boundary: bad })).toThrow(VerificationError);
  });
});
