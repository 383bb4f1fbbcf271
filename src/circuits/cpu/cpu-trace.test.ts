import { describe, expect, it } from 'vitest';
import { Halt } from '../../evm/halt.ts';
import { hexToBytes, runBytecode } from '../../evm/testing.ts';
import { WitnessTracer } from '../../evm/tracers/witness-tracer.ts';
import { RwCellTag as RwTag } from '../rw/rw-key.ts';
import { CPU_COLUMNS, SLOTS } from './cpu-columns.ts';
import { CpuUnsupportedError, buildCpuTrace } from './cpu-trace.ts';
import { UnprovenOpcodeError } from './opcode-info.ts';
import { runBytecodeEnv, runTestProgram, testCodeDigest } from './testing.ts';

const C = CPU_COLUMNS;

function traceOf(hex: string, gas?: bigint) {
  const code = hexToBytes(hex);
  const tracer = new WitnessTracer();
  runBytecode(code, gas === undefined ? { tracer } : { tracer, gas });
  return () => buildCpuTrace({ trace: tracer.trace, code, codeDigest: testCodeDigest(code), env: runBytecodeEnv(code) });
}

describe('CPU trace generation', () => {
  it('writes one row per step with the step table state, then padding rows carrying the final state', () => {
    // PUSH1 1, PUSH1 2, ADD, PUSH2 0x0304, SWAP1, STOP.
    const p = runTestProgram('60016002016103049000');
    const m = p.cpu.cpu;
    const n = p.witness.stepCount;
    expect(n).toBe(6);
    expect(m.height).toBe(8);
    for (let s = 0; s < n; s++) {
      const st = p.witness.stepAt(s);
      expect([m.get(s, C.active), m.get(s, C.pc), m.get(s, C.opcode), m.get(s, C.gas), m.get(s, C.sp), m.get(s, C.step)]).toEqual([
        1,
        st.pc,
        st.opcode,
        Number(st.gas),
        st.sp,
        s,
      ]);
    }
    // The ADD row: reads of slots 1 and 0, the write of 3 to slot 0, counters consecutive.
    const add = 2;
    const base = m.get(add, C.rwcBase);
    expect(SLOTS.slice(0, 3).map((s) => [m.get(add, s.tag), m.get(add, s.key), m.get(add, s.value[0]!)])).toEqual([
      [RwTag.Stack, 1, 2],
      [RwTag.Stack, 0, 1],
      [RwTag.Stack, 0, 3],
    ]);
    expect(p.cpu.accesses.filter((a) => a.counter >= base && a.counter < base + 3)).toHaveLength(3);
    expect(p.cpu.aluOps).toEqual([{ opcode: 0x01, a: 2n, b: 1n }]);
    // PUSH2 immediates little-endian with their mask.
    expect([m.get(3, C.bytes[0]!), m.get(3, C.bytes[1]!), m.get(3, C.mask[1]!), m.get(3, C.mask[2]!)]).toEqual([4, 3, 1, 0]);
    for (let r = n; r < m.height; r++) {
      expect(m.get(r, C.active)).toBe(0);
      expect(m.get(r, C.gas)).toBe(p.cpu.publics.gasLeft);
      expect(m.get(r, C.sp)).toBe(2);
    }
    expect(p.cpu.publics.status).toBe(Halt.Stop);
    expect(p.cpu.publics.gasLimit - p.cpu.publics.gasLeft).toBe(3 + 3 + 3 + 3 + 3);
  });

  it('refuses unproven opcodes, reversions and the failures it does not prove with typed errors', () => {
    expect(traceOf('60006000a0')).toThrow(new UnprovenOpcodeError(0xa0, 4, 2).message); // LOG0
    expect(traceOf('60006000a0')).toThrow('LOG0 at pc 4 is not proven yet');
    expect(traceOf('6000600055600160005500')).not.toThrow(); // SSTORE, SSTORE, STOP
    expect(traceOf('600160005560006000fd')).toThrow(CpuUnsupportedError); // SSTORE then REVERT: reversion records
    expect(traceOf('6001620fffff52', 1000n)).toThrow('out of gas in dynamic gas is not proven yet'); // MSTORE expansion
    expect(traceOf('6001600290', 8n)).toThrow('a failing DUP/SWAP is not proven yet'); // SWAP1 out of gas
  });
});
