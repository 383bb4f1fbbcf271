import { describe, expect, it } from 'vitest';
import type { AccountData } from '../types.ts';
import { compareAccount, compareOutcomes, compareTraces } from './compare.ts';
import type { ExecutionRecord, TraceStep } from './trace.ts';

const step = (over: Partial<TraceStep> = {}): TraceStep => ({
  pc: 0, op: 0x60, gas: 1000n, gasCost: 3n, memSize: 0, stack: [], depth: 1, refund: 0n, ...over,
});

describe('compareTraces', () => {
  it('accepts identical traces', () => {
    expect(compareTraces([step(), step({ pc: 2 })], [step(), step({ pc: 2 })])).toBeUndefined();
  });

  it('reports the first differing field with both lines', () => {
    const cases: [string, Partial<TraceStep>][] = [
      ['pc', { pc: 1 }], ['op', { op: 0x61 }], ['gas', { gas: 999n }], ['depth', { depth: 2 }],
      ['stack', { stack: [1n] }], ['memSize', { memSize: 32 }], ['refund', { refund: 1n }],
      ['gasCost', { gasCost: 4n }],
    ];
    for (const [field, over] of cases) {
      const d = compareTraces([step(over), step({ pc: 2 })], [step(), step({ pc: 2 })]);
      expect(d?.kind, field).toBe('trace');
      expect(d?.message).toContain(field);
      expect(d?.step).toBe(0);
      expect(d?.ours).toContain('"pc"');
      expect(d?.theirs).toContain('"pc"');
    }
    const d = compareTraces([step(), step({ stack: [1n, 2n] })], [step(), step({ stack: [1n, 3n] })]);
    expect(d?.message).toBe('step 1: stack[1] differs');
    expect(d?.previous).toContain('"pc":0');
  });

  it('reports a length difference', () => {
    expect(compareTraces([step()], [step(), step({ pc: 2 })])?.kind).toBe('trace-length');
    expect(compareTraces([step(), step({ pc: 2 })], [step()])?.theirs).toBe('<end of trace>');
  });

  it('skips gasCost only for child-gas opcodes and for the last step of a frame', () => {
    const call = (gasCost: bigint) => [step({ op: 0xf1, gasCost }), step({ pc: 1, depth: 2 }), step({ pc: 9 })];
    expect(compareTraces(call(100n), call(70_000n))).toBeUndefined();
    const halting = (gasCost: bigint) => [step(), step({ pc: 1, op: 0x55, gasCost })];
    expect(compareTraces(halting(5000n), halting(800n))).toBeUndefined();
    const inner = (gasCost: bigint) => [step({ op: 0x55, gasCost, depth: 2 }), step({ depth: 1 })];
    expect(compareTraces(inner(5000n), inner(800n))).toBeUndefined();
    const middle = (gasCost: bigint) => [step({ op: 0x55, gasCost }), step({ pc: 1 })];
    expect(compareTraces(middle(5000n), middle(800n))?.message).toContain('gasCost');
  });
});

describe('compareOutcomes', () => {
  const record = (over: Partial<ExecutionRecord> = {}): ExecutionRecord => ({
    status: 'success', gasUsed: 21000n, output: new Uint8Array(0), logs: [], createdAddress: undefined, steps: [], ...over,
  });

  it('checks status, gas, output, logs and created address', () => {
    expect(compareOutcomes(record(), record())).toBeUndefined();
    expect(compareOutcomes(record({ status: 'revert' }), record())?.kind).toBe('status');
    expect(compareOutcomes(record({ gasUsed: 1n }), record())?.kind).toBe('gasUsed');
    expect(compareOutcomes(record({ output: Uint8Array.of(1) }), record())?.kind).toBe('output');
    const log = { address: 1n, topics: [2n], data: Uint8Array.of(3) };
    expect(compareOutcomes(record({ logs: [log] }), record())?.kind).toBe('logs');
    expect(compareOutcomes(record({ logs: [log] }), record({ logs: [{ ...log, topics: [4n] }] }))?.kind).toBe('logs');
    expect(compareOutcomes(record({ createdAddress: 5n }), record())?.kind).toBe('createdAddress');
  });
});

describe('compareAccount', () => {
  const acct = (over: Partial<AccountData> = {}): AccountData => ({
    nonce: 1n, balance: 2n, code: Uint8Array.of(0), storage: new Map([[1n, 2n]]), ...over,
  });

  it('checks existence, nonce, balance, code and every storage slot', () => {
    expect(compareAccount(1n, acct(), acct())).toBeUndefined();
    expect(compareAccount(1n, undefined, undefined)).toBeUndefined();
    expect(compareAccount(1n, acct(), undefined)?.message).toContain('existence');
    expect(compareAccount(1n, acct({ nonce: 2n }), acct())?.message).toContain('nonce');
    expect(compareAccount(1n, acct({ balance: 3n }), acct())?.message).toContain('balance');
    expect(compareAccount(1n, acct({ code: Uint8Array.of(1) }), acct())?.message).toContain('code');
    expect(compareAccount(1n, acct({ storage: new Map() }), acct())?.message).toContain('slot 0x1');
    // A zero-valued entry equals an absent one.
    expect(compareAccount(1n, acct({ storage: new Map([[1n, 2n], [5n, 0n]]) }), acct())).toBeUndefined();
  });
});

describe('compareTraces: documented ethereumjs step-event differences', () => {
  it('accepts op 0xfe from ethereumjs only for bytes Cancun leaves undefined', () => {
    // An undefined opcode halts its frame (depth 2); the caller continues at depth 1.
    const halt = (op: number, gasCost: bigint) => [step({ op, gasCost, depth: 2 }), step({ pc: 5 })];
    expect(compareTraces(halt(0xb1, 99n), halt(0xfe, 0n))).toBeUndefined();
    expect(compareTraces(halt(0x0c, 0n), halt(0xfe, 0n))).toBeUndefined();
    expect(compareTraces(halt(0x01, 0n), halt(0xfe, 0n))?.message).toContain('op');
  });

  it('skips only the geth-style STOP past the end of the code', () => {
    const parentNext = step({ pc: 9, depth: 1 });
    const ours = [step({ depth: 2 }), step({ pc: 2, op: 0x00, gasCost: 0n, depth: 2 }), parentNext];
    expect(compareTraces(ours, [step({ depth: 2 }), parentNext])).toBeUndefined();
    expect(compareTraces([step(), step({ pc: 2, op: 0x00, gasCost: 0n })], [step()])).toBeUndefined();
    // A STOP that ethereumjs does not have in the middle of a frame is a divergence.
    expect(compareTraces([step(), step({ pc: 2, op: 0x00, gasCost: 0n }), step({ pc: 3 })], [step(), step({ pc: 3 })])?.kind).toBe('trace');
  });

  it('skips only a frame-ending stack underflow that ethereumjs does not trace', () => {
    const parentNext = step({ pc: 9, depth: 1 });
    // REVERT (2 inputs) with one item: geth prints the failing step, ethereumjs throws first.
    const underflow = step({ pc: 2, op: 0xfd, gasCost: 0n, stack: [1n], depth: 2 });
    expect(compareTraces([step({ depth: 2 }), underflow, parentNext], [step({ depth: 2 }), parentNext])).toBeUndefined();
    // With enough stack items the missing line is a divergence.
    const revert = step({ pc: 2, op: 0xfd, gasCost: 0n, stack: [1n, 2n], depth: 2 });
    expect(compareTraces([step({ depth: 2 }), revert, parentNext], [step({ depth: 2 }), parentNext])?.kind).toBe('trace');
  });
});
