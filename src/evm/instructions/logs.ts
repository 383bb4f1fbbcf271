/** LOG0..LOG4 (0xA0-0xA4): 375 + 375 per topic (static) + 8 per data byte + memory. */
import type { Frame } from '../frame.ts';
import { LOG_DATA } from '../gas.ts';
import { Halt } from '../halt.ts';
import type { Interpreter } from '../interpreter.ts';
import { chargeGas, expandMemory } from '../memory.ts';
import type { Instruction } from './instruction.ts';

function makeLog(topicCount: number): Instruction {
  return (it: Interpreter, f: Frame): void => {
    if (f.isStatic) {
      f.halt = Halt.WriteProtection;
      return;
    }
    const s = f.stack;
    const sp = f.sp;
    const offset = s[sp - 1]!;
    const size = s[sp - 2]!;
    if (!expandMemory(f, offset, size) || !chargeGas(f, size * LOG_DATA)) return;
    const topics: bigint[] = [];
    for (let i = 0; i < topicCount; i++) topics.push(s[sp - 3 - i]!);
    f.sp = sp - 2 - topicCount;
    const o = size === 0n ? 0 : Number(offset);
    it.state.addLog({ address: f.address, topics, data: f.memory.slice(o, o + Number(size)) });
  };
}

/** LOG0..LOG4 instruction functions, index = topic count. */
export const LOG_OPS: readonly Instruction[] = Array.from({ length: 5 }, (_, i) => makeLog(i));
