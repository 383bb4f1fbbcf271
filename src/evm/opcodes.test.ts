import { describe, expect, it } from 'vitest';
import { ASSIGNED_OPCODE_COUNT, OPCODES, OpFlag } from './opcodes.ts';

describe('opcode table', () => {
  it('has 256 entries indexed by byte and 149 Cancun opcodes (0xFE INVALID included)', () => {
    expect(OPCODES.length).toBe(256);
    OPCODES.forEach((o, i) => expect(o.code).toBe(i));
    expect(ASSIGNED_OPCODE_COUNT).toBe(149);
  });

  it('describes stack effects and immediates', () => {
    expect(OPCODES[0x01]).toMatchObject({ name: 'ADD', inputs: 2, outputs: 1, staticGas: 3 });
    expect(OPCODES[0x7f]).toMatchObject({ name: 'PUSH32', inputs: 0, outputs: 1, immediates: 32 });
    expect(OPCODES[0x8f]).toMatchObject({ name: 'DUP16', inputs: 16, outputs: 17 });
    expect(OPCODES[0x9f]).toMatchObject({ name: 'SWAP16', inputs: 17, outputs: 17 });
    expect(OPCODES[0xa4]).toMatchObject({ name: 'LOG4', inputs: 6, outputs: 0, staticGas: 1875 });
    expect(OPCODES[0xf1]).toMatchObject({ name: 'CALL', inputs: 7, outputs: 1, staticGas: 100 });
    expect(OPCODES[0xfa]).toMatchObject({ name: 'STATICCALL', inputs: 6, outputs: 1 });
    expect(OPCODES[0x5e]).toMatchObject({ name: 'MCOPY', inputs: 3, outputs: 0, staticGas: 3 });
    expect(OPCODES[0x4a]).toMatchObject({ name: 'BLOBBASEFEE', staticGas: 2 });
  });

  it('marks unassigned bytes invalid and flags halting opcodes', () => {
    expect(OPCODES[0x0c]!.flags & OpFlag.Invalid).toBeTruthy();
    expect(OPCODES[0xef]!.flags & OpFlag.Invalid).toBeTruthy();
    expect(OPCODES[0x0c]!.name).toBe('opcode 0xc not defined');
    for (const name of ['STOP', 'RETURN', 'REVERT', 'INVALID', 'SELFDESTRUCT']) {
      expect(OPCODES.find((o) => o.name === name)!.flags & OpFlag.Halts).toBeTruthy();
    }
    expect(OPCODES[0x56]!.flags & OpFlag.Jumps).toBeTruthy();
    expect(OPCODES[0x55]!.flags & OpFlag.WritesState).toBeTruthy();
  });
});
