import { describe, expect, it } from 'vitest';
import { Assembler, AssemblerError, OP } from './assembler.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('Assembler', () => {
  it('pushes with the shortest PUSH (PUSH0 for zero)', () => {
    const asm = new Assembler().push(0n).push(1n).push(0x100n).push((1n << 256n) - 1n).push(-1n);
    expect(hex(asm.finish())).toBe(`5f60016101007f${'ff'.repeat(32)}7f${'ff'.repeat(32)}`);
  });

  it('pushWidth pads and truncates to the width', () => {
    expect(hex(new Assembler().pushWidth(1n, 3).pushWidth(0x1234n, 1).finish())).toBe('6200000160' + '34');
  });

  it('patches forward and backward label references to their JUMPDEST', () => {
    const asm = new Assembler();
    asm.pushLabel(1).op(OP.JUMP); // 0..3
    asm.label(0); // 4
    asm.op(OP.STOP); // 5
    asm.label(1); // 6
    asm.pushLabel(0).op(OP.JUMP);
    const code = asm.finish();
    expect(hex(code)).toBe('610006565b005b61000456');
    expect(code[4]).toBe(OP.JUMPDEST);
    expect(code[6]).toBe(OP.JUMPDEST);
  });

  it('rejects a reference to a label that was never placed', () => {
    const asm = new Assembler().pushLabel(5).op(OP.JUMP);
    expect(() => asm.finish()).toThrow(AssemblerError);
  });
});
