import { describe, expect, it } from 'vitest';
import { Halt } from '../halt.ts';
import { CODE_ADDRESS, hexToBytes, runBytecode } from '../testing.ts';

describe('LOG0..LOG4', () => {
  it('records address, topics top-first and data; 375 + 375/topic + 8/byte + memory', () => {
    // MSTORE8(0, 0xaa); LOG2(offset 0, size 1, topic1 = 0x11, topic2 = 0x22)
    const r = runBytecode(hexToBytes('60aa600053' + '6022' + '6011' + '6001' + '6000' + 'a2'));
    expect(r.halt).toBe(Halt.Stop);
    expect(r.state.logs).toEqual([{ address: CODE_ADDRESS, topics: [0x11n, 0x22n], data: hexToBytes('aa') }]);
    expect(r.gasUsed).toBe(9n + 3n + 12n + 375n * 3n + 8n);
  });

  it('is forbidden in a static context', () => {
    expect(runBytecode(hexToBytes('60006000a0'), { isStatic: true }).halt).toBe(Halt.WriteProtection);
  });
});
