import { describe, expect, it } from 'vitest';
import { RW_BUS } from '../buses.ts';
import { BYTE_STREAM_BUS, StreamTag } from '../copy/byte-stream.ts';
import { STORAGE_ORIGINAL_BUS } from '../cpu/cpu-storage.ts';
import { CPU_PUBLIC_INPUTS } from '../cpu/cpu-publics.ts';
import { buildStatement } from './statement-builder.ts';
import { statementBoundary, statementToStark } from './statement-stark.ts';
import { PublicCellTag } from './statement.ts';
import { TEST_CONTRACT, runTestFrame } from './test-support.ts';

describe('frame statement in STARK terms', () => {
  // SSTORE(1, 5), SSTORE(1, 6), SSTORE(2, 0), MSTORE(0, 0xabcd), RETURN(30, 2)
  const run = runTestFrame('600560015560066001556000600255' + '61abcd600052' + '6002601ef3', [[1n, 3n]], { data: new Uint8Array([9]) });
  const s = buildStatement(run);

  it('answers each SSTORE original lookup with the cell\'s initial value', () => {
    const originals = statementBoundary(s).filter((m) => m.bus === STORAGE_ORIGINAL_BUS);
    expect(originals).toHaveLength(2);
    const [slot1, slot2] = originals;
    expect(slot1).toMatchObject({ kind: 'receive', multiplicity: 2 });
    expect(slot1!.values[0]).toBe(Number(TEST_CONTRACT & 0xffffn));
    expect(slot1!.values[10]).toBe(1); // slot limb 0
    expect(slot1!.values[26]).toBe(3); // original limb 0
    expect(slot2).toMatchObject({ kind: 'receive', multiplicity: 1 });
    expect(slot2!.values[26]).toBe(0);
  });

  it('receives the return data as its byte stream', () => {
    expect(Buffer.from(s.returnData).toString('hex')).toBe('abcd');
    const stream = statementBoundary(s).filter((m) => m.bus === BYTE_STREAM_BUS);
    expect(stream.map((m) => [m.kind, ...m.values])).toEqual([
      ['receive', StreamTag.ReturnData, s.returnDataStreamId, 0, 0xab],
      ['receive', StreamTag.ReturnData, s.returnDataStreamId, 1, 0xcd],
    ]);
    expect(statementBoundary(s).filter((m) => m.bus === RW_BUS)).toHaveLength(2 * s.cells.length);
    expect(s.cells.filter((c) => c.tag === PublicCellTag.Storage).map((c) => c.sstores)).toEqual([2, 1]);
  });

  it('puts D, G and the static flag into the cpu public inputs', () => {
    const cpu = statementToStark(s).publicInputs!.cpu!;
    const at = (name: string): number => cpu[CPU_PUBLIC_INPUTS.indexOf(name)]!;
    expect(at('calldataDigest0')).toBe(s.calldataDigest[0]);
    expect(at('calldataDigest7')).toBe(s.calldataDigest[7]);
    expect(at('gasLimit')).toBe(Number(s.gasLimit));
    expect(at('gasLeft')).toBe(Number(s.gasLimit - s.gasUsed));
    expect(at('isStatic')).toBe(0);
    expect(at('status')).toBe(2);
    expect(statementToStark({ ...s, env: { ...s.env, isStatic: true } }).publicInputs!.cpu![CPU_PUBLIC_INPUTS.indexOf('isStatic')]).toBe(1);
  });
});
