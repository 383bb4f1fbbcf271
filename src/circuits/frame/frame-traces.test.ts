import { describe, expect, it } from 'vitest';
import { RwCellTag } from '../rw/rw-key.ts';
import { FrameWitnessError } from './frame-witness.ts';
import { FrameMemory, frameTraces } from './frame-traces.ts';
import { buildStatement } from './statement-builder.ts';
import { PublicCellTag } from './statement.ts';
import { runTestFrame } from './test-support.ts';

const word = (byte: number): bigint => BigInt(byte) << 248n;

describe('frame traces', () => {
  it('gives copy accesses the memory state the CPU left at their counter', () => {
    const cpu = [
      { tag: RwCellTag.Memory, frame: 0, address: 0n, slot: 0n, counter: 5, isWrite: true, value: word(0xaa) },
      { tag: RwCellTag.Memory, frame: 0, address: 0n, slot: 0n, counter: 9, isWrite: true, value: word(0xbb) },
      { tag: RwCellTag.Stack, frame: 0, address: 0n, slot: 0n, counter: 10, isWrite: true, value: 1n },
    ];
    const memory = new FrameMemory(cpu);
    const first = memory.access(0, 0, 7);
    expect([first.prevCounter, first.value[0]]).toEqual([5, 0xaa]);
    const again = memory.access(0, 0, 8);
    expect([again.prevCounter, again.value[0]]).toEqual([7, 0xaa]);
    const later = memory.access(0, 0, 12);
    expect([later.prevCounter, later.value[0]]).toEqual([9, 0xbb]);
    const fresh = memory.access(0, 1, 13);
    expect([fresh.prevCounter, fresh.value[0]]).toEqual([0, 0]);
  });

  it('names a statement whose C disagrees with the accesses', () => {
    const run = runTestFrame('600560015500', [[1n, 3n]]);
    const s = buildStatement(run);
    expect(Object.keys(frameTraces(run, s))).toContain('copy');
    const storage = s.cells.findIndex((c) => c.tag === PublicCellTag.Storage);
    const wrong = s.cells.map((c, i) => (i === storage ? { ...c, final: 6n } : c));
    expect(() => frameTraces(run, { ...s, cells: wrong })).toThrow(FrameWitnessError);
    expect(() => frameTraces(run, { ...s, cells: s.cells.filter((_, i) => i !== storage) })).toThrow(/which the statement's C lacks/);
    expect(() => frameTraces(run, { ...s, gasUsed: s.gasUsed - 1n })).toThrow(/public inputs differ/);
  });
});
