import { describe, expect, it } from 'vitest';
import { formatStep, parseEip3155Line, TraceFormatError } from './trace.ts';

// Example line from EIP-3155 (https://eips.ethereum.org/EIPS/eip-3155#example).
const EIP_EXAMPLE = '{"pc":0,"op":96,"gas":"0x2540be400","gasCost":"0x3","memSize":0,"stack":[],"depth":1,"returnData":"0x","refund":0,"opName":"PUSH1"}';

describe('parseEip3155Line', () => {
  it('parses the EIP-3155 example step', () => {
    expect(parseEip3155Line(EIP_EXAMPLE)).toEqual({
      pc: 0, op: 0x60, gas: 0x2540be400n, gasCost: 3n, memSize: 0, stack: [], depth: 1, refund: 0n,
    });
  });

  it('returns undefined for the summary line', () => {
    expect(parseEip3155Line('{"output":"","gasUsed":"0x2d","error":"out of gas"}')).toBeUndefined();
  });

  it('keeps the stack bottom first', () => {
    const s = parseEip3155Line('{"pc":2,"op":1,"gas":"0x10","gasCost":"0x3","memSize":32,"stack":["0x1","0xff"],"depth":2,"refund":4800}');
    expect(s?.stack).toEqual([1n, 255n]);
    expect(s?.refund).toBe(4800n);
  });

  it('rejects wrong JSON types and non-canonical hex', () => {
    const bad = [
      'not json',
      '[]',
      EIP_EXAMPLE.replace('"gas":"0x2540be400"', '"gas":10000000000'),
      EIP_EXAMPLE.replace('"pc":0', '"pc":"0x0"'),
      EIP_EXAMPLE.replace('"gasCost":"0x3"', '"gasCost":"0x03"'),
      EIP_EXAMPLE.replace('"gasCost":"0x3"', '"gasCost":"0X3"'),
      EIP_EXAMPLE.replace('"stack":[]', '"stack":["0xAB"]'),
      EIP_EXAMPLE.replace('"stack":[]', '"stack":"0x"'),
      EIP_EXAMPLE.replace('"depth":1,', ''),
    ];
    for (const line of bad) expect(() => parseEip3155Line(line), line).toThrow(TraceFormatError);
  });

  it('formatStep round-trips through the parser', () => {
    const step = { pc: 7, op: 0x55, gas: 123456n, gasCost: 22100n, memSize: 64, stack: [0n, 1n << 255n], depth: 3, refund: 0n };
    expect(parseEip3155Line(formatStep(step))).toEqual(step);
  });
});
