import { describe, expect, it } from 'vitest';
import { Halt } from '../halt.ts';
import { WorldState } from '../state/world-state.ts';
import { CODE_ADDRESS, hexToBytes, runBytecode, testBlock } from '../testing.ts';
import { executeTransaction } from '../transaction-processor.ts';
import type { AccountData, Transaction } from '../types.ts';
import { AccountField, CopySource, RecordKind, type FrameEnterInfo, type WitnessRecord, type WitnessTrace } from './witness-records.ts';
import { checkWitnessConsistency } from './witness-replay.ts';
import { WitnessTracer } from './witness-tracer.ts';

const SENDER = 0xa94f5374fce5edbc8e2a8697c15331677e6ebf0bn;
const CONTRACT = 0x1000n;
const CHILD = 0x2000n;
const COINBASE = 0xc0ffeen;
const EMPTY = new Uint8Array(0);
const h = (v: bigint): string => v.toString(16);

/** One short line per record: easy to compare exactly. */
function short(r: WitnessRecord): string {
  const R = RecordKind;
  const rev = 'reversion' in r && r.reversion ? '!' : '';
  switch (r.kind) {
    case R.StackRead:
      return `SR ${r.slot}=${h(r.value)}`;
    case R.StackWrite:
      return `SW ${r.slot}=${h(r.value)}<${h(r.prev)}`;
    case R.MemoryRead:
      return `MR ${r.word}=${h(r.value)}`;
    case R.MemoryWrite:
      return `MW ${r.word}=${h(r.value)}<${h(r.prev)}`;
    case R.StorageRead:
      return `SLOAD ${h(r.slot)}=${h(r.value)} c${h(r.committed)}`;
    case R.StorageWrite:
      return `${rev}SSTORE ${h(r.slot)}=${h(r.value)}<${h(r.prev)} c${h(r.committed)}`;
    case R.TransientRead:
      return `TLOAD ${h(r.slot)}=${h(r.value)}`;
    case R.TransientWrite:
      return `${rev}TSTORE ${h(r.slot)}=${h(r.value)}<${h(r.prev)}`;
    case R.AccountRead:
      return `AR ${h(r.address)}.${r.field}=${h(r.value)}`;
    case R.AccountWrite:
      return `${rev}AW ${h(r.address)}.${r.field}=${h(r.value)}<${h(r.prev)}`;
    case R.AccessListAccount:
      return `${rev}WARM ${h(r.address)}=${r.value}<${r.prev}`;
    case R.AccessListSlot:
      return `${rev}WARMSLOT ${h(r.slot)}=${r.value}<${r.prev}`;
    case R.RefundRead:
      return `REFUND=${r.value}`;
    case R.RefundWrite:
      return `${rev}REFUND ${r.value}<${r.prev}`;
    case R.Log:
      return `${rev}LOG ${r.index}=${r.value}<${r.prev}`;
    case R.ReturnDataSet:
      return `RETURNDATA ${r.source}`;
    case R.Copy:
      return `COPY ${r.source} ${h(r.srcOffset)}->${r.dest} ${r.length}${r.dest < 0 ? ` =${h(r.value)}` : ''}`;
    case R.Keccak:
      return `KECCAK ${r.offset}+${r.length}`;
    case R.FrameEnter:
      return `ENTER ${r.frame}`;
    case R.FrameExit:
      return `EXIT ${r.frame} ${r.info.halt}`;
  }
}

/** Records made by instructions (step >= 0). */
function stepRecords(trace: WitnessTrace): string[] {
  return [...trace.records()].filter((r) => r.step >= 0).map(short);
}

function traceOf(code: string, options: Parameters<typeof runBytecode>[1] = {}): { trace: WitnessTrace; halt: number } {
  const tracer = new WitnessTracer();
  const r = runBytecode(hexToBytes(code), { ...options, tracer });
  return { trace: tracer.trace, halt: r.halt };
}

function account(code: Uint8Array = EMPTY, storage: [bigint, bigint][] = [], balance = 0n): AccountData {
  return { nonce: 1n, balance, code, storage: new Map(storage) };
}

/** Runs a real transaction from SENDER to CONTRACT with the tracer, finishes the trace and checks it. */
function runTx(accounts: [bigint, AccountData][], data: Uint8Array = EMPTY, value = 0n, to: bigint | null = CONTRACT): { trace: WitnessTrace; pre: Map<bigint, AccountData>; post: Map<bigint, AccountData> } {
  const pre = new Map<bigint, AccountData>([[SENDER, { nonce: 0n, balance: 10n ** 18n, code: EMPTY, storage: new Map() }], ...accounts]);
  const state = WorldState.fromAccounts(pre);
  const tx: Transaction = {
    type: 2, chainId: 1n, nonce: 0n, gasPrice: 20n, maxFeePerGas: 20n, maxPriorityFeePerGas: 2n, gasLimit: 200_000n,
    to, value, data, accessList: [], maxFeePerBlobGas: 0n, blobVersionedHashes: [], v: 0n, r: 1n, s: 1n,
    sender: SENDER, hash: new Uint8Array(32),
  };
  const tracer = new WitnessTracer();
  const out = executeTransaction(state, testBlock({ baseFee: 10n, coinbase: COINBASE }), tx, { tracer });
  if (out.kind !== 'executed') throw new Error('transaction rejected');
  const trace = tracer.finish(state);
  const post = state.toAccounts();
  const report = checkWitnessConsistency(trace, pre, { postState: post, logs: out.logs });
  expect(report.violations).toEqual([]);
  return { trace, pre, post };
}

describe('WitnessTracer: stack', () => {
  it('PUSH1 1 PUSH1 2 ADD: 2 writes, 2 reads, 1 write with consecutive counters', () => {
    const { trace } = traceOf('6001600201');
    const records = [...trace.records()].filter((r) => r.step >= 0);
    expect(records.map(short)).toEqual(['SW 0=1<0', 'SW 1=2<0', 'SR 1=2', 'SR 0=1', 'SW 0=3<1', `EXIT 0 ${Halt.Stop}`]);
    // FrameEnter (1) and the code-hash read (2) come first.
    expect(records.map((r) => r.rwc)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(records.map((r) => r.step)).toEqual([0, 1, 2, 2, 2, 3]);
    expect(trace.stepCount).toBe(4); // the implicit STOP past the end of the code is a step too
    expect(trace.stepAt(2)).toMatchObject({ opcode: 0x01, pc: 4, sp: 2, gasCost: 3n });
  });

  it('DUP reads one slot and writes the new top; SWAP reads and writes both slots', () => {
    // PUSH1 1 PUSH1 2 PUSH1 3 SWAP2 DUP1 POP PUSH1 9
    const { trace } = traceOf('60016002600391805060' + '09');
    expect(stepRecords(trace).slice(3)).toEqual([
      'SR 2=3', 'SR 0=1', 'SW 2=1<3', 'SW 0=3<1', // SWAP2
      'SR 2=1', 'SW 3=1<0', // DUP1
      'SR 3=1', // POP
      'SW 3=9<1', // PUSH1 9 overwrites the popped slot: prev is its last value
      `EXIT 0 ${Halt.Stop}`,
    ]);
  });

  it('an exceptionally halting step records only its stack reads', () => {
    // PUSH1 1 PUSH1 0 MSTORE with gas for the pushes but not the memory expansion
    const { trace, halt } = traceOf('6001600052', { gas: 10n });
    expect(halt).toBe(Halt.OutOfGas);
    expect(stepRecords(trace)).toEqual(['SW 0=1<0', 'SW 1=0<0', 'SR 1=0', 'SR 0=1', `EXIT 0 ${Halt.OutOfGas}`]);
  });
});

describe('WitnessTracer: memory', () => {
  it('unaligned MSTORE writes two words with their previous values; MLOAD reads them', () => {
    // PUSH1 ff PUSH1 21 MSTORE PUSH1 21 MLOAD
    const { trace } = traceOf('60ff602152602151');
    expect(stepRecords(trace)).toEqual([
      'SW 0=ff<0', 'SW 1=21<0',
      'SR 1=21', 'SR 0=ff', 'MW 1=0<0', `MW 2=ff${'0'.repeat(62)}<0`,
      'SW 0=21<ff',
      'SR 0=21', 'MR 1=0', `MR 2=ff${'0'.repeat(62)}`, 'SW 0=ff<21',
      `EXIT 0 ${Halt.Stop}`,
    ]);
  });

  it('MSTORE8 rewrites one word keeping its other bytes; MCOPY reads the source and writes the destination', () => {
    // PUSH2 abcd PUSH1 0 MSTORE ; PUSH1 ee PUSH1 1e MSTORE8 ; PUSH1 20 PUSH1 0 PUSH1 20 MCOPY
    const { trace } = traceOf('61abcd600052' + '60ee601e53' + '60206000602' + '05e');
    const r = stepRecords(trace);
    expect(r).toContain('MW 0=eecd<abcd');
    expect(r.slice(-7, -1)).toEqual(['SR 2=20', 'SR 1=0', 'SR 0=20', 'MR 0=eecd', 'COPY 4 0->32 32', 'MW 1=eecd<0']);
  });

  it('KECCAK256 reads the input words before the keccak record and its result', () => {
    // PUSH1 1 PUSH1 0 MSTORE ; PUSH1 20 PUSH1 0 KECCAK256
    const { trace } = traceOf('6001600052' + '6020600020');
    const r = stepRecords(trace);
    const hash = 'b10e2d527612073b26eecdfd717e6a320cf44b4afac2b0732d9fcbe2b7fa0cf6';
    expect(r.slice(-6, -1)).toEqual(['SR 1=0', 'SR 0=20', 'MR 0=1', 'KECCAK 0+32', `SW 0=${hash}<20`]);
  });
});

describe('WitnessTracer: calldata, code and logs', () => {
  it('CALLDATALOAD is a stack load copy; CALLDATACOPY and CODECOPY copy into memory words', () => {
    const input = hexToBytes('11223344');
    // PUSH1 1 CALLDATALOAD ; PUSH1 3 PUSH1 1 PUSH1 40 CALLDATACOPY ; PUSH1 2 PUSH1 0 PUSH1 60 CODECOPY
    const { trace } = traceOf('600135' + '6003600160' + '4037' + '6002600060' + '6039', { input });
    const r = stepRecords(trace);
    expect(r.slice(1, 4)).toEqual(['SR 0=1', `COPY ${CopySource.Calldata} 1->-1 32 =223344${'0'.repeat(58)}`, `SW 0=223344${'0'.repeat(58)}<1`]);
    expect(r).toContain(`COPY ${CopySource.Calldata} 1->64 3`);
    expect(r).toContain(`MW 2=223344${'0'.repeat(58)}<0`);
    expect(r).toContain(`COPY ${CopySource.Code} 0->96 2`);
    expect(r).toContain(`MW 3=6001${'0'.repeat(60)}<0`);
  });

  it('LOG1 reads its data words and writes log slot 0', () => {
    // PUSH1 aa PUSH1 0 MSTORE8 ; PUSH1 7 (topic) PUSH1 1 PUSH1 0 LOG1
    const { trace } = traceOf('60aa600053' + '600760016000a1');
    const logs = [...trace.records()].filter((x) => x.kind === RecordKind.Log);
    expect(stepRecords(trace).slice(-6, -1)).toEqual(['SR 2=0', 'SR 1=1', 'SR 0=7', `MR 0=aa${'0'.repeat(62)}`, 'LOG 0=1<0']);
    expect(logs[0]).toMatchObject({ log: { address: CODE_ADDRESS, topics: [7n], data: hexToBytes('aa'), dataOffset: 0 } });
  });
});

describe('WitnessTracer: storage, transient storage and reverts (real transactions)', () => {
  it('SSTORE/SLOAD carry committed values and warm flags; REVERT undoes the writes newest first', () => {
    // PUSH1 5 PUSH1 1 SSTORE ; PUSH1 1 SLOAD ; PUSH1 0 PUSH1 0 REVERT
    const code = hexToBytes('6005600155' + '600154' + '60006000fd');
    const { trace } = runTx([[CONTRACT, account(code, [[1n, 7n]])]]);
    expect(stepRecords(trace)).toEqual([
      'SW 0=5<0', 'SW 1=1<0',
      'SR 1=1', 'SR 0=5', 'WARMSLOT 1=1<0', 'SSTORE 1=5<7 c7',
      'SW 0=1<5',
      'SR 0=1', 'WARMSLOT 1=1<1', 'SLOAD 1=5 c7', 'SW 0=5<1',
      'SW 1=0<1', 'SW 2=0<0',
      'SR 2=0', 'SR 1=0',
      '!WARMSLOT 1=1<1', '!SSTORE 1=7<5 c7', '!WARMSLOT 1=0<1',
      `EXIT 0 ${Halt.Revert}`,
    ]);
  });

  it('transaction-level records: nonce, gas purchase, pre-warming, refund, fee payment', () => {
    // SSTORE(1, 0) clears slot 1: refund 4800
    const { trace } = runTx([[CONTRACT, account(hexToBytes('6000600155'), [[1n, 7n]])]]);
    const tx = [...trace.records()].filter((r) => r.step < 0).map(short);
    const price = 12n; // min(20, 10 + 2)
    const buy = 200_000n * price;
    expect(tx.slice(0, 3)).toEqual([`AW ${h(SENDER)}.${AccountField.Nonce}=1<0`, `AW ${h(SENDER)}.${AccountField.Balance}=${h(10n ** 18n - buy)}<${h(10n ** 18n)}`, `WARM ${h(SENDER)}=1<0`]);
    expect(tx).toContain(`WARM ${h(COINBASE)}=1<0`);
    expect([...trace.records()].filter((r) => r.kind === RecordKind.RefundWrite).map(short)).toEqual(['REFUND 4800<0']);
    // The coinbase did not exist: the fee payment creates it (Exists, CodeHash of empty code, Balance).
    const tail = tx.slice(-5);
    expect(tail[0]).toBe('REFUND=4800');
    expect(tail[1]).toMatch(new RegExp(`^AW ${h(SENDER)}\\.${AccountField.Balance}=`));
    expect(tail.slice(2)).toEqual([
      `AW ${h(COINBASE)}.${AccountField.Exists}=1<0`,
      `AW ${h(COINBASE)}.${AccountField.CodeHash}=c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470<0`,
      expect.stringMatching(new RegExp(`^AW ${h(COINBASE)}\\.${AccountField.Balance}=[0-9a-f]+<0$`)),
    ]);
  });

  it('a creation transaction: the new address is warmed, created with nonce 1, and its code deposited', () => {
    // init code: ADDRESS BALANCE POP ; RETURN(0, 1) of memory byte 0 = 0x00 -> deploys code 0x00
    const { trace, post } = runTx([], hexToBytes('3031506001' + '6000f3'), 5n, null);
    const created = [...post.keys()].find((a) => a !== SENDER && a !== COINBASE)!;
    const r = [...trace.records()].map(short);
    const enter = r.indexOf('ENTER 0');
    expect(r[enter - 1]).toBe(`WARM ${h(created)}=1<0`);
    expect(r.slice(enter + 1, enter + 6)).toEqual([
      `AW ${h(SENDER)}.${AccountField.Balance}=${h(10n ** 18n - 200_000n * 12n - 5n)}<${h(10n ** 18n - 200_000n * 12n)}`,
      `AW ${h(created)}.${AccountField.Exists}=1<0`,
      `AW ${h(created)}.${AccountField.Nonce}=1<0`,
      `AW ${h(created)}.${AccountField.Balance}=5<0`,
      `AW ${h(created)}.${AccountField.CodeHash}=c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470<0`,
    ]);
    expect(r).toContain(`WARM ${h(created)}=1<1`); // BALANCE(ADDRESS) finds it warm
    const deposit = [...trace.records()].find((x) => x.kind === RecordKind.AccountWrite && x.field === AccountField.CodeHash && x.code !== undefined);
    expect(deposit).toMatchObject({ address: created, code: hexToBytes('00') });
    expect(post.get(created)).toMatchObject({ nonce: 1n, balance: 5n, code: hexToBytes('00') });
  });

  it('TSTORE/TLOAD read and write transient storage', () => {
    // PUSH1 9 PUSH1 3 TSTORE ; PUSH1 3 TLOAD
    const { trace } = runTx([[CONTRACT, account(hexToBytes('600960035d' + '60035c'))]]);
    const r = stepRecords(trace);
    expect(r).toContain('TSTORE 3=9<0');
    expect(r).toContain('TLOAD 3=9');
  });

  it('a reverted child call: its writes are reverted at its exit, the caller gets 0, the return data and the return-area copy', () => {
    // child: SSTORE(1, 5); MSTORE8(0, 0xee); REVERT(0, 1)
    const child = hexToBytes('6005600155' + '60ee600053' + '60016000fd');
    // caller: CALL(gas 0xffff, CHILD, 0, 0, 0, retOffset 0, retSize 32); PUSH1 0 MLOAD
    const caller = hexToBytes('6020600060006000600061' + '2000' + '61ffff' + 'f1' + '600051');
    const { trace } = runTx([[CONTRACT, account(caller)], [CHILD, account(child, [[1n, 3n]])]]);
    const r = [...trace.records()].map(short);
    const exit = r.indexOf(`EXIT 1 ${Halt.Revert}`);
    expect(r.slice(exit - 2, exit)).toEqual(['!SSTORE 1=3<5 c3', '!WARMSLOT 1=0<1']);
    expect(r.slice(exit + 1, exit + 5)).toEqual(['RETURNDATA 1', `COPY ${CopySource.ChildOutput} 0->0 1`, `MW 0=ee${'0'.repeat(62)}<0`, 'SW 0=0<20']);
    expect(r).toContain(`MR 0=ee${'0'.repeat(62)}`);
  });
});

describe('checkWitnessConsistency', () => {
  function sample(): { trace: WitnessTrace; pre: Map<bigint, AccountData>; post: Map<bigint, AccountData> } {
    // SSTORE(1, 5); MSTORE(0, 1); KECCAK256(0, 32); REVERT(0, 0) in a child that is called by CONTRACT
    const child = hexToBytes('6005600155' + '6001600052' + '6020600020' + '60006000fd');
    const caller = hexToBytes('6000600060006000600061' + '2000' + '61ffff' + 'f1');
    return runTx([[CONTRACT, account(caller)], [CHILD, account(child, [[1n, 3n]])]]);
  }
  const find = (t: WitnessTrace, pred: (r: WitnessRecord) => boolean): number => {
    for (let i = 0; i < t.length; i++) if (pred(t.record(i))) return i;
    throw new Error('record not found');
  };
  const check = (s: ReturnType<typeof sample>): string[] => checkWitnessConsistency(s.trace, s.pre, { postState: s.post }).violations.map((v) => `${v.kind}: ${v.message}`);

  it('accepts the untampered trace', () => {
    expect(check(sample())).toEqual([]);
  });

  it('rejects a stack read that does not return the last write', () => {
    const s = sample();
    s.trace.value[find(s.trace, (r) => r.kind === RecordKind.StackRead)] = 12345;
    expect(check(s)[0]).toMatch(/^StackRead: stack slot \d+ holds/);
  });

  it('rejects a memory write with a wrong previous value', () => {
    const s = sample();
    s.trace.prev[find(s.trace, (r) => r.kind === RecordKind.MemoryWrite)] = 7;
    expect(check(s)[0]).toMatch(/^MemoryWrite: memory word 0 holds 0x0, write says prev 0x7/);
  });

  it('rejects a counter that does not increase', () => {
    const s = sample();
    s.trace.rwc[5] = s.trace.rwc[4]!;
    expect(check(s)[0]).toMatch(/does not exceed the previous/);
  });

  it('rejects a wrong committed storage value and a wrong first storage read', () => {
    const s = sample();
    const i = find(s.trace, (r) => r.kind === RecordKind.StorageWrite && !r.reversion);
    s.trace.aux[i] = 4;
    s.trace.prev[i] = 4;
    const v = check(s);
    expect(v[0]).toMatch(/storage 0x2000\[0x1\] holds 0x3, write says prev 0x4/);
    expect(v[1]).toMatch(/committed value 0x4 differs from the pre state/);
  });

  it('rejects a keccak output that is not the hash of memory', () => {
    const s = sample();
    s.trace.value[find(s.trace, (r) => r.kind === RecordKind.Keccak)] = 1;
    expect(check(s)[0]).toMatch(/^Keccak: keccak of memory \[0, \+32\)/);
  });

  it('rejects a failed frame whose writes are not reverted', () => {
    const s = sample();
    // Turn the storage reversion into an unrelated, non-reversion write of the same value.
    const i = find(s.trace, (r) => r.kind === RecordKind.StorageWrite && r.reversion);
    s.trace.flags[i] = 0;
    const v = check(s);
    expect(v.some((m) => /reversion record with no matching write|left \d+ writes unreverted|reversion of/.test(m))).toBe(true);
  });

  it('rejects a frame that runs code other than the code of its code address', () => {
    const s = sample();
    const i = find(s.trace, (r) => r.kind === RecordKind.FrameEnter && r.frame === 1);
    const info = s.trace.side[s.trace.aux[i]!] as FrameEnterInfo;
    s.trace.side[s.trace.aux[i]!] = { ...info, code: hexToBytes('00') };
    expect(check(s)[0]).toBe('FrameEnter: frame 1 runs code that is not the code of 0x2000');
  });

  it('rejects a final storage value that differs from the post state', () => {
    const s = sample();
    s.post.get(CHILD)!.storage.set(1n, 9n);
    expect(check(s)).toEqual(['end: storage 0x2000[0x1] ends at 0x3, post state has 0x9']);
  });
});

describe('trace size', () => {
  it('a 100k-step loop stays compact (bytes per step measured)', () => {
    // loop: i += 1; MSTORE(0, i); SSTORE(1, i) every iteration while i < 8000
    // 0: JUMPDEST PUSH1 1 ADD DUP1 PUSH1 0 MSTORE DUP1 PUSH1 1 SSTORE DUP1 PUSH2 1f40 GT PUSH1 0 JUMPI
    const code = '5b' + '600101' + '80600052' + '80600155' + '80611f4011' + '600057';
    const tracer = new WitnessTracer();
    runBytecode(hexToBytes('6000' + code.replace('600057', '600257')), { tracer, gas: 200_000_000n });
    const t = tracer.trace;
    expect(t.stepCount).toBeGreaterThan(100_000);
    const perStep = t.byteSize() / t.stepCount;
    expect(perStep).toBeLessThan(400);
  });
});
