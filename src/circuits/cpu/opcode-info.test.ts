import { describe, expect, it } from 'vitest';
import { OPCODES } from '../../evm/opcodes.ts';
import { hexToBytes, runBytecode } from '../../evm/testing.ts';
import { WitnessTracer } from '../../evm/tracers/witness-tracer.ts';
import { TEST_CONFIG_INSECURE, checkWitness, defineSystem, setup } from '../../stark/index.ts';
import {
  CPU_OPCODE_INFO_TUPLE,
  ENV_OPCODES,
  FAMILY_OF,
  Family,
  OPCODE_INFO_BUS,
  OPCODE_INFO_PREP,
  PROVEN,
  UnprovenOpcodeError,
  assertStepsProven,
  opcodeInfoTable,
  opcodeInfoTrace,
  opcodeInfoTuple,
} from './opcode-info.ts';

const name = (op: number): string => OPCODES[op]!.name;

describe('opcode_info', () => {
  it('is generated from OPCODES: every row carries the interpreter table entry', () => {
    const prep = opcodeInfoTable.preprocessed!.generate();
    const w = OPCODE_INFO_PREP.width;
    for (let op = 0; op < 256; op++) {
      const info = OPCODES[op]!;
      const row = Array.from(prep.subarray(op * w, (op + 1) * w));
      expect(row).toEqual(opcodeInfoTuple(op));
      const T = CPU_OPCODE_INFO_TUPLE;
      expect([row[T.opcode], row[T.staticGas], row[T.inputs], row[T.outputs], row[T.immediates], row[T.flags]]).toEqual([
        op,
        info.staticGas,
        info.inputs,
        info.outputs,
        info.immediates,
        info.flags,
      ]);
    }
  });

  it('assigns families and proves exactly the implemented ones', () => {
    expect(FAMILY_OF[0x60]).toBe(Family.Push);
    expect(FAMILY_OF[0x5f]).toBe(Family.Push);
    expect(FAMILY_OF[0x8f]).toBe(Family.Dup);
    expect(FAMILY_OF[0x9f]).toBe(Family.Swap);
    expect(FAMILY_OF[0x15]).toBe(Family.Alu1);
    expect(FAMILY_OF[0x01]).toBe(Family.Alu2);
    expect(FAMILY_OF[0x08]).toBe(Family.Alu3);
    expect(FAMILY_OF[0x0a]).toBe(Family.Exp);
    expect(FAMILY_OF[0xfd]).toBe(Family.Return);
    expect(FAMILY_OF[0xfe]).toBe(Family.Invalid);
    expect(FAMILY_OF[0x0c]).toBe(Family.Invalid);
    for (const op of ENV_OPCODES) expect(FAMILY_OF[op], name(op)).toBe(Family.Env);
    const proven = OPCODES.filter((o) => PROVEN[o.code]).map((o) => o.name);
    for (const n of ['STOP', 'ADD', 'SDIV', 'ADDMOD', 'EXP', 'ISZERO', 'SHR', 'PUSH0', 'PUSH32', 'POP', 'DUP16', 'SWAP16', 'JUMP', 'JUMPI', 'JUMPDEST', 'PC', 'GAS', 'MSIZE', 'MLOAD', 'MSTORE', 'MSTORE8', 'SLOAD', 'SSTORE', 'TLOAD', 'TSTORE', 'SELFBALANCE', 'CALLDATALOAD']) {
      expect(proven, n).toContain(n);
    }
    for (const n of ['ADDRESS', 'CALLER', 'CALLVALUE', 'CODESIZE', 'CALLDATASIZE', 'BLOBBASEFEE', 'RETURN', 'REVERT']) expect(proven, n).toContain(n);
    // Calls, creates, logs, copies and other accounts are not proven yet; invalid opcodes are (as halts).
    expect(PROVEN[0xfe]).toBe(true);
    expect(PROVEN[0x0c]).toBe(true);
    for (const n of ['CALL', 'CREATE', 'SELFDESTRUCT', 'LOG0', 'CALLDATACOPY', 'KECCAK256', 'BALANCE', 'CODECOPY']) {
      expect(proven, n).not.toContain(n);
    }
  });

  it('balances a lookup of a proven opcode and refuses one of an unproven opcode', () => {
    const system = defineSystem([opcodeInfoTable]);
    const { provingKey } = setup(system, TEST_CONFIG_INSECURE);
    const lookup = (op: number) => {
      const t = opcodeInfoTuple(op);
      t[CPU_OPCODE_INFO_TUPLE.proven] = 1; // the CPU always claims proven = 1
      return { bus: OPCODE_INFO_BUS, kind: 'send' as const, values: t };
    };
    const ok = { traces: { opcode_info: opcodeInfoTrace([0x01, 0x01, 0x60]) }, boundary: [lookup(0x01), lookup(0x01), lookup(0x60)] };
    expect(checkWitness(provingKey, ok)).toEqual([]);
    const call = { traces: { opcode_info: opcodeInfoTrace([0xf1]) }, boundary: [lookup(0xf1)] };
    expect(checkWitness(provingKey, call).map((f) => f.constraint)).toContain(`bus:${OPCODE_INFO_BUS}`);
  });

  it('assertStepsProven names the first unproven opcode and its pc', () => {
    const tracer = new WitnessTracer();
    // PUSH1 0 x7, CALL (0xf1) at pc 14.
    runBytecode(hexToBytes('6000600060006000600060006000f100'), { tracer });
    expect(() => assertStepsProven(tracer.trace)).toThrow(UnprovenOpcodeError);
    expect(() => assertStepsProven(tracer.trace)).toThrow('CALL at pc 14 is not proven yet');
    const ok = new WitnessTracer();
    runBytecode(hexToBytes('6001600201'), { tracer: ok });
    expect(() => assertStepsProven(ok.trace)).not.toThrow();
  });
});
