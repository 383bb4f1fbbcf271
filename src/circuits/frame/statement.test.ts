import { describe, expect, it } from 'vitest';
import { RW_BUS, RW_TUPLE } from '../buses.ts';
import { decodeStatementJson, digestToHex, encodeStatementJson, statementToJson } from './statement-json.ts';
import {
  PublicCellTag,
  StatementError,
  cellBoundary,
  logsDigest,
  publicInputsFor,
  statementPublicValues,
  validateStatement,
  type FrameStatement,
  type StateCell,
} from './statement.ts';

const digest = (seed: number): Uint32Array => Uint32Array.from({ length: 8 }, (_, i) => (seed * 1_000_003 + i * 7919) % 2013265921);

const CONTRACT = 0x1000n;
const cells: StateCell[] = [
  { tag: PublicCellTag.Storage, address: CONTRACT, slot: 1n, initial: 3n, final: 5n, lastCounter: 35, sstores: 2 },
  { tag: PublicCellTag.Storage, address: CONTRACT, slot: (1n << 255n) + 9n, initial: 0n, final: 0n, lastCounter: 40, sstores: 0 },
  { tag: PublicCellTag.Account, address: CONTRACT, slot: 2n, initial: 7n, final: 7n, lastCounter: 41, sstores: 0 },
  { tag: PublicCellTag.Refund, address: 0n, slot: 0n, initial: 0n, final: 4800n, lastCounter: 42, sstores: 0 },
  { tag: PublicCellTag.AccessListSlot, address: CONTRACT, slot: 1n, initial: 0n, final: 1n, lastCounter: 34, sstores: 0 },
  { tag: PublicCellTag.Log, address: 0n, slot: 0n, initial: 0n, final: 1n, lastCounter: 31, sstores: 0 },
];

const sample: FrameStatement = {
  codeDigest: digest(1),
  codeLength: 14,
  calldataDigest: digest(2),
  calldataLength: 3,
  env: {
    caller: 0x7e5f4552091a69125d5dfcb7b8c2659029395bdfn,
    address: CONTRACT,
    value: 7n,
    origin: 0x7e5f4552091a69125d5dfcb7b8c2659029395bdfn,
    gasPrice: 8n,
    coinbase: 0xc0ffeen,
    timestamp: 1000n,
    number: 1n,
    prevRandao: (1n << 256n) - 1n,
    blockGasLimit: 30_000_000n,
    chainId: 1n,
    baseFee: 7n,
    blobBaseFee: 1n,
    isStatic: false,
  },
  gasLimit: 78952n,
  status: 'success',
  haltReason: 1,
  rwcFirst: 20,
  gasUsed: 5000n,
  refund: 4800n,
  returnData: new Uint8Array([0xde, 0xad]),
  returnDataStreamId: 43,
  logs: [{ address: CONTRACT, topics: [1n, (1n << 256n) - 1n], data: new Uint8Array([1, 2, 3, 4]) }],
  cells,
};

function rejects(change: (json: Record<string, any>) => void, field: string): void {
  const json = structuredClone(statementToJson(sample)) as Record<string, any>;
  change(json);
  let error: unknown;
  try {
    decodeStatementJson(json);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StatementError);
  expect((error as StatementError).field).toBe(field);
}

describe('frame statement JSON', () => {
  it('round-trips and is human readable', () => {
    const text = encodeStatementJson(sample);
    expect(text).toContain('"status": "success"');
    expect(text).toContain('"tag": "storage"');
    expect(text).toContain('"prevRandao": "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"');
    const back = decodeStatementJson(text);
    expect(back).toEqual(sample);
    expect(encodeStatementJson(back)).toBe(text);
  });

  it('names the bad field', () => {
    rejects((j) => (j.version = 1), 'version');
    rejects((j) => (j.codeDigest = '0x12'), 'codeDigest');
    rejects((j) => (j.calldataDigest = '0x' + 'ff'.repeat(32)), 'calldataDigest');
    rejects((j) => delete j.env.caller, 'env.caller');
    rejects((j) => (j.env.caller = '0x1' + '0'.repeat(40)), 'env.caller');
    rejects((j) => (j.env.isStatic = 'no'), 'env.isStatic');
    rejects((j) => (j.status = 'ok'), 'status');
    rejects((j) => (j.haltReason = 3), 'haltReason');
    rejects((j) => (j.rwcFirst = 0), 'rwcFirst');
    rejects((j) => (j.gasUsed = '0x' + (78953).toString(16)), 'gasUsed');
    rejects((j) => (j.gasLimit = '12'), 'gasLimit');
    rejects((j) => (j.codeLength = -1), 'codeLength');
    rejects((j) => (j.logs[0].topics = ['0x1', '0x2', '0x3', '0x4', '0x5']), 'logs[0].topics');
    rejects((j) => (j.logs[0].data = '0x123'), 'logs[0].data');
    rejects((j) => (j.logsDigest = digestToHex(digest(9))), 'logsDigest');
    rejects((j) => (j.cellsDigest = digestToHex(digest(9))), 'cellsDigest');
    rejects((j) => (j.cells[1].tag = 'stack'), 'cells[1].tag');
    rejects((j) => (j.cells[1].final = '0x' + '1'.repeat(65)), 'cells[1].final');
    rejects((j) => (j.cells[0].lastCounter = 0), 'cells[0].lastCounter');
    rejects((j) => (j.cells[2].sstores = 1), 'cells[2].sstores');
    rejects((j) => (j.cells[0].sstores = -1), 'cells[0].sstores');
    rejects((j) => (j.returnData = '0xdeaf'), 'returnDataDigest');
    rejects((j) => (j.returnData = '0xde0'), 'returnData');
    rejects((j) => (j.returnDataStreamId = 0), 'returnDataStreamId');
    rejects((j) => (j.cells[4].final = '0x2'), 'cells[4]');
    rejects((j) => (j.refund = '0x1'), 'refund');
    rejects((j) => j.cells.pop(), 'logs');
    rejects((j) => (j.cells[5].address = '0x1'), 'cells[5]');
  });

  it('rejects duplicated or unsorted cells', () => {
    const dup = { ...sample, cells: [cells[0]!, cells[0]!] };
    expect(() => validateStatement(dup)).toThrow(/cells\[1\]: keys are not strictly increasing/);
    const unsorted = { ...sample, cells: [cells[1]!, cells[0]!] };
    expect(() => validateStatement(unsorted)).toThrow(StatementError);
  });

  it('requires final = initial, no logs, and all gas for a halted frame', () => {
    expect(() => validateStatement({ ...sample, status: 'revert', haltReason: 3 })).toThrow(/logs: a frame that does not succeed/);
    const revert = { ...sample, status: 'revert' as const, haltReason: 3, logs: [], cells: cells.slice(0, 5) };
    expect(() => validateStatement({ ...revert, status: 'halt', haltReason: 5, gasUsed: sample.gasLimit })).toThrow(/returnData: an exceptional halt/);
    expect(() => validateStatement(revert)).toThrow(/cells\[0\]\.final: differs from initial/);
    const kept = cells.slice(0, 5).map((c) => ({ ...c, final: c.initial }));
    expect(() => validateStatement({ ...revert, cells: kept, refund: 0n })).not.toThrow();
    const halt = { ...revert, status: 'halt' as const, haltReason: 5, cells: kept, refund: 0n, returnData: new Uint8Array(), returnDataStreamId: 0 };
    expect(() => validateStatement(halt)).toThrow(/gasUsed: an exceptional halt/);
    expect(() => validateStatement({ ...halt, gasUsed: sample.gasLimit })).not.toThrow();
  });

  it('requires transient storage to start at zero', () => {
    const t: StateCell = { tag: PublicCellTag.Transient, address: CONTRACT, slot: 0n, initial: 1n, final: 1n, lastCounter: 3, sstores: 0 };
    expect(() => validateStatement({ ...sample, cells: [...cells, t].sort((a, b) => a.tag - b.tag) })).toThrow(
      /initial: transient storage starts at 0/,
    );
  });
});

describe('frame statement public inputs and boundary', () => {
  it('names every public element', () => {
    const v = statementPublicValues(sample);
    expect(v.get('codeDigest.0')).toBe(sample.codeDigest[0]);
    expect(v.get('gasLimit.0')).toBe(78952 & 0xffff);
    expect(v.get('gasLimit.1')).toBe(78952 >> 16);
    expect(v.get('caller.9')).toBe(0x7e5f);
    expect(v.get('value.0')).toBe(7);
    expect(v.get('status')).toBe(0);
    expect(v.get('logsDigest.7')).toBe(logsDigest(sample.logs)[7]);
    expect(publicInputsFor(['status', 'codeLength', 'refund.0'], sample)).toEqual([0, 14, 4800]);
    expect(() => publicInputsFor(['nope'], sample)).toThrow(/nope: is not a public value/);
  });

  it('sends each initial state at counter 0 and receives each final state', () => {
    const b = cellBoundary(sample);
    expect(b).toHaveLength(2 * cells.length);
    const [send, receive] = [b[0]!, b[1]!];
    expect(send.bus).toBe(RW_BUS);
    expect(send.kind).toBe('send');
    expect(receive.kind).toBe('receive');
    expect(send.values[RW_TUPLE.tag]).toBe(PublicCellTag.Storage);
    expect(send.values[RW_TUPLE.address]).toBe(0x1000);
    expect(send.values[RW_TUPLE.slot]).toBe(1);
    expect(send.values[RW_TUPLE.counter]).toBe(0);
    expect(send.values[RW_TUPLE.value]).toBe(3);
    expect(receive.values[RW_TUPLE.counter]).toBe(35);
    expect(receive.values[RW_TUPLE.value]).toBe(5);
    expect(b[2]!.values[RW_TUPLE.slot + 15]).toBe(0x8000);
    expect(() => cellBoundary({ ...sample, cells: [cells[0]!, cells[0]!] })).toThrow(StatementError);
  });

  it('commits to log order, topics and data', () => {
    const base = logsDigest(sample.logs);
    const log = sample.logs[0]!;
    const variants = [
      [],
      [log, log],
      [{ ...log, topics: [1n] }],
      [{ ...log, topics: [(1n << 256n) - 1n, 1n] }],
      [{ ...log, data: new Uint8Array([1, 2, 3, 4, 0]) }],
      [{ ...log, data: new Uint8Array([1, 2, 3]) }],
      [{ ...log, address: log.address + 1n }],
    ];
    const digests = new Set([digestToHex(base), ...variants.map((l) => digestToHex(logsDigest(l)))]);
    expect(digests.size).toBe(variants.length + 1);
  });
});
