import { describe, expect, it } from 'vitest';
import { WorldState } from '../../evm/state/world-state.ts';
import { hexToBytes, testBlock } from '../../evm/testing.ts';
import { RecordKind, type WitnessTrace } from '../../evm/tracers/witness-records.ts';
import { checkWitnessConsistency } from '../../evm/tracers/witness-replay.ts';
import { WitnessTracer } from '../../evm/tracers/witness-tracer.ts';
import { executeTransaction } from '../../evm/transaction-processor.ts';
import type { AccountData, Transaction } from '../../evm/types.ts';
import { TEST_CONFIG_INSECURE, defineSystem, prove, setup, verify } from '../../stark/index.ts';
import { RwTag } from '../buses.ts';
import { RwCellTag, isPrivateTag } from './rw-key.ts';
import { RwLedger, publicCellBoundary } from './rw-ledger.ts';
import { RW_TEST_TABLES, rwTestWitness } from './testing.ts';
import { witnessAccesses } from './witness-accesses.ts';

const SENDER = 0xa94f5374fce5edbc8e2a8697c15331677e6ebf0bn;
const CONTRACT = 0x1000n;
const COINBASE = 0xc0ffeen;
const EMPTY = new Uint8Array(0);

/**
 * SSTORE 0 := 42, SLOAD 0, TSTORE 1 := 5, TLOAD 1, MSTORE 0, MLOAD 0, ADD, SSTORE 1, LOG0 of
 * memory [0, 32), then `tail` (STOP, or REVERT(0, 0) to undo the frame's writes).
 */
function program(tail: string): string {
  return '602a600055' + '600054' + '600560015d' + '60015c' + '600052' + '600051' + '01' + '600155' + '60206000a0' + tail;
}

/** Runs a transaction from SENDER to CONTRACT (storage slot 0 = 7 before) and checks its witness. */
function runTx(code: string): { trace: WitnessTrace; post: Map<bigint, AccountData> } {
  const pre = new Map<bigint, AccountData>([
    [SENDER, { nonce: 0n, balance: 10n ** 18n, code: EMPTY, storage: new Map() }],
    [CONTRACT, { nonce: 1n, balance: 0n, code: hexToBytes(code), storage: new Map([[0n, 7n]]) }],
  ]);
  const state = WorldState.fromAccounts(pre);
  const tx: Transaction = {
    type: 2,
    chainId: 1n,
    nonce: 0n,
    gasPrice: 20n,
    maxFeePerGas: 20n,
    maxPriorityFeePerGas: 2n,
    gasLimit: 200_000n,
    to: CONTRACT,
    value: 0n,
    data: EMPTY,
    accessList: [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
    v: 0n,
    r: 1n,
    s: 1n,
    sender: SENDER,
    hash: new Uint8Array(32),
  };
  const tracer = new WitnessTracer();
  const out = executeTransaction(state, testBlock({ baseFee: 10n, coinbase: COINBASE }), tx, { tracer });
  if (out.kind !== 'executed') throw new Error('transaction rejected');
  const trace = tracer.finish(state);
  const post = state.toAccounts();
  expect(checkWitnessConsistency(trace, pre, { postState: post, logs: out.logs }).violations).toEqual([]);
  return { trace, post };
}

const NON_BUS = new Set<number>([RecordKind.ReturnDataSet, RecordKind.Copy, RecordKind.Keccak, RecordKind.FrameEnter, RecordKind.FrameExit]);

describe('witnessAccesses', () => {
  it('turns every bus record of a transaction into an access the ledger accepts, and the history proves', () => {
    const { trace, post } = runTx(program('00'));
    const accesses = witnessAccesses(trace);
    const busRecords = [...trace.records()].filter((r) => !NON_BUS.has(r.kind));
    expect(accesses.length).toBe(busRecords.length);
    expect(accesses.map((a) => a.counter)).toEqual(busRecords.map((r) => r.rwc));
    const tags = new Set(accesses.map((a) => a.tag));
    for (const tag of [RwTag.Stack, RwTag.Memory, RwTag.Storage, RwTag.Transient, RwTag.Account, RwTag.Refund, RwCellTag.AccessListAccount, RwCellTag.AccessListSlot, RwCellTag.Log]) {
      expect(tags.has(tag), `tag ${tag}`).toBe(true);
    }
    // Public cells are global (frame 0); private ones keep the frame that owns them.
    for (const a of accesses) if (!isPrivateTag(a.tag)) expect(a.frame).toBe(0);

    const ledger = new RwLedger();
    for (const a of accesses) ledger.access(a);
    const final = ledger.finish();
    const storage = final.publicCells.filter((c) => c.tag === RwTag.Storage && c.address === CONTRACT);
    expect(storage.map((c) => [c.slot, c.initial, c.final])).toEqual([
      [0n, 7n, 42n],
      [1n, 0n, 47n],
    ]);
    for (const c of storage) expect(post.get(CONTRACT)!.storage.get(c.slot) ?? 0n).toBe(c.final);
    expect(final.publicCells.filter((c) => c.tag === RwCellTag.Log).map((c) => [c.slot, c.initial, c.final])).toEqual([[0n, 0n, 1n]]);
    expect(publicCellBoundary(final.publicCells)).toHaveLength(2 * final.publicCells.length);

    const system = defineSystem([...RW_TEST_TABLES]);
    const keys = setup(system, TEST_CONFIG_INSECURE);
    const w = rwTestWitness(accesses);
    expect(() => verify(keys.verifyingKey, prove(keys.provingKey, w), { boundary: w.boundary })).not.toThrow();
  });

  it('a reverted frame ends every storage, transient and log cell at its initial value', () => {
    const { trace } = runTx(program('60006000fd'));
    const accesses = witnessAccesses(trace);
    expect(accesses.some((a) => a.isWrite && a.tag === RwTag.Storage)).toBe(true);
    const ledger = new RwLedger();
    for (const a of accesses) ledger.access(a);
    const reverted = ledger.finish().publicCells.filter((c) => c.tag === RwTag.Storage || c.tag === RwTag.Transient || c.tag === RwCellTag.Log);
    expect(reverted.length).toBe(4); // storage slots 0 and 1, transient slot 1, log 0
    for (const c of reverted) expect(c.final).toBe(c.initial);
  });
});
