import { describe, expect, it } from 'vitest';
import { OPCODES } from '../../evm/opcodes.ts';
import { TEST_CONFIG_INSECURE, checkWitness, defineSystem, setup } from '../../stark/index.ts';
import { BYTE_CLASS_BUS, IMMEDIATES, JUMPDEST_OPCODE, byteClassMultiplicities, byteClassTable } from './byte-class.ts';

describe('byte_class table', () => {
  it('marks PUSH1..PUSH32 with 1..32 immediates and only 0x5b as JUMPDEST', () => {
    for (let b = 0; b < 256; b++) {
      expect(IMMEDIATES[b]).toBe(b >= 0x60 && b <= 0x7f ? b - 0x5f : 0);
      expect(JUMPDEST_OPCODE[b]).toBe(b === 0x5b ? 1 : 0);
      expect(IMMEDIATES[b]).toBe(OPCODES[b]!.immediates);
    }
  });

  it('answers exactly the true (byte, immediates, jumpdest) triples', () => {
    const system = defineSystem([byteClassTable]);
    const { provingKey } = setup(system, TEST_CONFIG_INSECURE);
    const asks = [0x00, 0x5b, 0x60, 0x7f, 0x7f, 0xff];
    const boundary = asks.map((b) => ({ bus: BYTE_CLASS_BUS, kind: 'send' as const, values: [b, IMMEDIATES[b]!, JUMPDEST_OPCODE[b]!] }));
    const traces = { byte_class: byteClassMultiplicities(asks) };
    expect(checkWitness(provingKey, { traces, boundary })).toEqual([]);
    // PUSH1 claimed with no immediates, 0x5c claimed as a JUMPDEST, a non-byte: no such rows.
    for (const values of [[0x60, 0, 0], [0x5c, 0, 1], [256, 0, 0]]) {
      const bad = [...boundary.slice(1), { bus: BYTE_CLASS_BUS, kind: 'send' as const, values }];
      const failures = checkWitness(provingKey, { traces: { byte_class: byteClassMultiplicities(asks.slice(1).concat(values[0]!)) }, boundary: bad });
      expect(failures.map((f) => f.constraint)).toContain(`bus:${BYTE_CLASS_BUS}`);
    }
  });
});
