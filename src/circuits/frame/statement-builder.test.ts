import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { codeDigest, dataDigest } from '../bytecode/code-digest.ts';
import { aluOperationsOf, keccakInputsOf, keptLogsOf } from './frame-witness.ts';
import { buildStatement, compareWithReference } from './statement-builder.ts';
import { PublicCellTag, type FrameStatement } from './statement.ts';
import { TEST_CONTRACT, runTestFrame } from './test-support.ts';

// PUSH1 5 PUSH1 1 SSTORE; PUSH1 32 PUSH1 0 LOG0; PUSH1 1 SLOAD; PUSH1 2 TSTORE... (see each test)
const STORE_LOG_LOAD = '600560015560206000a0600154' + '00';

describe('frame statement builder', () => {
  it('states a successful frame and agrees with the reference execution', () => {
    const run = runTestFrame(STORE_LOG_LOAD, [[1n, 3n]], { data: new Uint8Array([1, 2, 3]), value: 7n });
    const s = buildStatement(run);
    expect(s.status).toBe('success');
    expect(s.codeDigest).toEqual(codeDigest(run.pre.get(TEST_CONTRACT)!.code));
    expect(s.calldataDigest).toEqual(dataDigest(new Uint8Array([1, 2, 3])));
    expect(s.calldataLength).toBe(3);
    expect(s.env.value).toBe(7n);
    expect(s.gasUsed).toBe(s.gasLimit - (run.trace.stepAt(run.trace.stepCount - 1).gas - run.trace.stepAt(run.trace.stepCount - 1).gasCost));
    const storage = s.cells.filter((c) => c.tag === PublicCellTag.Storage);
    expect(storage).toEqual([{ tag: PublicCellTag.Storage, address: TEST_CONTRACT, slot: 1n, initial: 3n, final: 5n, lastCounter: expect.any(Number), sstores: 1 }]);
    expect(s.cells.filter((c) => c.tag === PublicCellTag.AccessListSlot).map((c) => [c.initial, c.final])).toEqual([[0n, 1n]]);
    // The value transfer happens when the frame opens: the callee's balance is not a cell of C.
    expect(s.cells.some((c) => c.tag === PublicCellTag.Account)).toBe(false);
    expect(s.logs).toHaveLength(1);
    expect(s.cells.filter((c) => c.tag === PublicCellTag.Log)).toHaveLength(1);
    expect(compareWithReference(s, run)).toEqual([]);
  });

  it('keeps final = initial for a reverted frame and drops its logs', () => {
    // ... then PUSH1 0 PUSH1 0 REVERT
    const run = runTestFrame('600560015560206000a0600154' + '60006000fd', [[1n, 3n]]);
    const s = buildStatement(run);
    expect(s.status).toBe('revert');
    expect(s.logs).toEqual([]);
    for (const c of s.cells) expect(c.final).toBe(c.initial);
    expect(keptLogsOf(run.trace)).toEqual([]);
    expect(compareWithReference(s, run)).toEqual([]);
  });

  it('states an exceptional halt as all gas used', () => {
    const run = runTestFrame('6005600155fe', []);
    const s = buildStatement(run);
    expect(s.status).toBe('halt');
    expect(s.gasUsed).toBe(s.gasLimit);
    expect(compareWithReference(s, run)).toEqual([]);
  });

  it('reports every disagreement with the reference execution', () => {
    const run = runTestFrame(STORE_LOG_LOAD, [[1n, 3n]]);
    const s = buildStatement(run);
    const wrong = (change: Partial<FrameStatement>): string[] => compareWithReference({ ...s, ...change }, run);
    expect(wrong({ status: 'revert' })).toEqual([expect.stringMatching(/^status/)]);
    expect(wrong({ gasUsed: s.gasUsed + 1n })).toEqual([expect.stringMatching(/^gas used/)]);
    expect(wrong({ logs: [] })).toEqual([expect.stringMatching(/^logs/)]);
    expect(wrong({ returnData: new Uint8Array([1]), returnDataStreamId: 1 })).toEqual([expect.stringMatching(/^return data/)]);
    const cells = s.cells.map((c) => (c.tag === PublicCellTag.Storage ? { ...c, final: 6n } : c));
    expect(wrong({ cells })).toEqual([expect.stringMatching(/^storage 0x1: proof ends at 0x6/)]);
    const dropped = s.cells.filter((c) => c.tag !== PublicCellTag.Storage);
    expect(wrong({ cells: dropped })).toEqual([expect.stringMatching(/^storage 0x1: changed by the execution but not in the proof/)]);
  });
});

describe('frame witness extraction', () => {
  it('extracts ALU operations with operands in stack order', () => {
    // PUSH1 3 PUSH1 10 SUB PUSH1 2 PUSH1 1 SHL ISZERO; ADDMOD on two items underflows (no alu op)
    const run = runTestFrame('6003600a036002600c1b1508');
    const ops = aluOperationsOf(run.trace).map(({ opcode, a, b, result }) => ({ opcode, a, b, result }));
    expect(ops).toEqual([
      { opcode: 0x03, a: 10n, b: 3n, result: 7n },
      { opcode: 0x1b, a: 12n, b: 2n, result: 2n << 12n },
      { opcode: 0x15, a: 2n << 12n, b: 0n, result: 0n },
    ]);
  });

  it('extracts KECCAK256 inputs from the memory reads, unaligned included', () => {
    // MSTORE(0, 0x..abcd), MSTORE(32, 0x..1234); KECCAK256(30, 5); KECCAK256(0, 0)
    const run = runTestFrame('61abcd600052611234602052600560' + '1e' + '20' + '600060002000');
    const inputs = keccakInputsOf(run.trace);
    expect(inputs.map((k) => Buffer.from(k.bytes).toString('hex'))).toEqual(['abcd000000', '']);
    for (const k of inputs) expect(k.hash).toBe(BigInt('0x' + Buffer.from(keccak_256(k.bytes)).toString('hex')));
  });
});

describe('frame statement of a failing call with value', () => {
  it('leaves the reverted value transfer (made when the frame opened) out of C', () => {
    // SSTORE(1, 5) then INVALID: the frame's write and the call's value transfer are both undone.
    const run = runTestFrame('6005600155fe', [[1n, 3n]], { value: 5n });
    const s = buildStatement(run);
    expect(s.status).toBe('halt');
    expect(s.cells.some((c) => c.tag === PublicCellTag.Account)).toBe(false);
    expect(s.cells.find((c) => c.tag === PublicCellTag.Storage)).toMatchObject({ initial: 3n, final: 3n, sstores: 1 });
    expect(compareWithReference(s, run)).toEqual([]);
  });
});
