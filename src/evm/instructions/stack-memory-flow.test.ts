import { describe, expect, it } from 'vitest';
import { Halt } from '../halt.ts';
import { memoryCost } from '../memory.ts';
import { hexToBytes, runBytecode } from '../testing.ts';

const run = (hex: string, gas?: bigint) => runBytecode(hexToBytes(hex), gas === undefined ? {} : { gas });

describe('memory', () => {
  it('memory cost formula (yellow paper: 3a + a^2/512)', () => {
    expect(memoryCost(0)).toBe(0);
    expect(memoryCost(1)).toBe(3);
    expect(memoryCost(32)).toBe(98);
    expect(memoryCost(1024)).toBe(3 * 1024 + 2048);
  });

  it('MSTORE charges expansion once per new word', () => {
    // PUSH1 1, PUSH1 0, MSTORE: 3 + 3 + 3 + 3 (one word)
    expect(run('6001600052').gasUsed).toBe(12n);
    // PUSH1 1, PUSH1 0x40, MSTORE: three words -> 9
    expect(run('6001604052').gasUsed).toBe(18n);
    // second MSTORE inside the same memory costs only 3
    expect(run('60016040526001600052').gasUsed).toBe(18n + 9n);
  });

  it('expansion to a 2^64 offset is out of gas, not a crash', () => {
    const r = run('600167ffffffffffffffff52', 1_000_000n);
    expect(r.halt).toBe(Halt.OutOfGas);
    expect(r.gasUsed).toBe(1_000_000n);
    const huge = run('60017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff52');
    expect(huge.halt).toBe(Halt.OutOfGas);
  });

  it('a zero-size access at a huge offset costs nothing', () => {
    // PUSH1 0 (size), PUSH32 2^256-1 (offset), KECCAK256
    const r = run('60007fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff20');
    expect(r.halt).toBe(Halt.Stop);
    expect(r.stack[0]).toBe(0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470n);
  });

  it('MLOAD, MSTORE8 and MSIZE', () => {
    // PUSH1 0xab PUSH1 31 MSTORE8; PUSH1 0 MLOAD; MSIZE
    const r = run('60ab601f53' + '600051' + '59');
    expect(r.stack).toEqual([0xabn, 32n]);
  });

  it('MCOPY handles overlapping ranges like memmove (EIP-5656)', () => {
    // MSTORE 0x0102..20 at 0; MCOPY(dest=1, src=0, size=8); MLOAD 0
    const word = '0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20';
    const r = run('7f' + word + '600052' + '6008' + '6000' + '6001' + '5e' + '600051');
    expect(r.stack[0]).toBe(0x0101020304050607080a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20n);
    // gas: PUSH32 3, PUSH1 3, MSTORE 3 + 3 (one word); 3 PUSH1; MCOPY 3 + 3 (one word copied); PUSH1 3, MLOAD 3
    expect(r.gasUsed).toBe(12n + 9n + 6n + 6n);
  });
});

describe('stack and flow', () => {
  it('PUSH past the end of code reads zeros', () => {
    expect(run('61ff').stack).toEqual([0xff00n]);
    expect(run('7f01').stack).toEqual([1n << 248n]);
  });

  it('PUSH0, DUP and SWAP', () => {
    expect(run('5f').stack).toEqual([0n]);
    expect(run('6001600281').stack).toEqual([1n, 2n, 1n]);
    expect(run('600160026003600490').stack).toEqual([1n, 2n, 4n, 3n]);
    expect(run('600160026003600492').stack).toEqual([4n, 2n, 3n, 1n]);
  });

  it('stack underflow and overflow are exceptional halts', () => {
    expect(run('01').halt).toBe(Halt.StackUnderflow);
    expect(run('600180').halt).toBe(Halt.Stop);
    expect(run('81').halt).toBe(Halt.StackUnderflow);
    const overflow = run('5f'.repeat(1025));
    expect(overflow.halt).toBe(Halt.StackOverflow);
    expect(run('5f'.repeat(1024)).halt).toBe(Halt.Stop);
  });

  it('JUMP to a JUMPDEST works, into PUSH data fails', () => {
    // PUSH1 4, JUMP, INVALID, JUMPDEST, PUSH1 7
    expect(run('600456fe5b6007').stack).toEqual([7n]);
    // PUSH1 3, JUMP, PUSH1 0x5b: offset 3 is PUSH data
    expect(run('600356605b').halt).toBe(Halt.InvalidJump);
    expect(run('60ff56').halt).toBe(Halt.InvalidJump);
  });

  it('JUMPI only jumps on non-zero', () => {
    // PUSH1 0, PUSH1 6, JUMPI, PUSH1 1, STOP-less fall into JUMPDEST
    expect(run('6000600657600160ff5b').stack).toEqual([1n, 0xffn]);
    expect(run('6001600857fe5b').halt).toBe(Halt.InvalidJump);
    expect(run('6001600657fe5b6009').stack).toEqual([9n]);
  });

  it('PC and GAS', () => {
    expect(run('5f58').stack).toEqual([0n, 1n]);
    const r = runBytecode(hexToBytes('5a'), { gas: 100n });
    expect(r.stack).toEqual([98n]);
  });

  it('INVALID and undefined opcodes consume all gas', () => {
    const r = runBytecode(hexToBytes('fe'), { gas: 500n });
    expect(r.halt).toBe(Halt.InvalidOpcode);
    expect(r.gasUsed).toBe(500n);
    expect(run('0c').halt).toBe(Halt.InvalidOpcode);
  });
});
