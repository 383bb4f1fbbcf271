import { describe, expect, it } from 'vitest';
import { hexToBytes, runBytecode } from '../testing.ts';

describe('KECCAK256', () => {
  it('hashes memory and charges 30 + 6 per word + memory', () => {
    // keccak256("") with size 0
    const empty = runBytecode(hexToBytes('6000600020'));
    expect(empty.stack[0]).toBe(0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470n);
    expect(empty.gasUsed).toBe(6n + 30n);
    // keccak256 of 32 zero bytes
    const zero = runBytecode(hexToBytes('6020600020'));
    expect(zero.stack[0]).toBe(0x290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563n);
    expect(zero.gasUsed).toBe(6n + 30n + 6n + 3n);
  });
});
