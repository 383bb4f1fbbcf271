import { describe, expect, it } from 'vitest';
import { hexToBytes, runBytecode } from '../testing.ts';
import { executeTransaction } from '../transaction-processor.ts';
import { WorldState } from '../state/world-state.ts';
import { testBlock } from '../testing.ts';
import type { Transaction } from '../types.ts';
import { Eip3155Tracer } from './eip3155.ts';

describe('Eip3155Tracer', () => {
  it('prints one geth-style JSON line per step with the full cost', () => {
    const lines: string[] = [];
    runBytecode(hexToBytes('6001600052600060006000600060006130005af100'), { gas: 100000n, tracer: new Eip3155Tracer((l) => lines.push(l)) });
    expect(lines[0]).toBe('{"pc":0,"op":96,"gas":"0x186a0","gasCost":"0x3","memSize":0,"stack":[],"depth":1,"returnData":"0x","refund":0,"opName":"PUSH1"}');
    expect(lines[1]).toBe('{"pc":2,"op":96,"gas":"0x1869d","gasCost":"0x3","memSize":0,"stack":["0x1"],"depth":1,"returnData":"0x","refund":0,"opName":"PUSH1"}');
    expect(lines[2]).toBe('{"pc":4,"op":82,"gas":"0x1869a","gasCost":"0x6","memSize":0,"stack":["0x1","0x0"],"depth":1,"returnData":"0x","refund":0,"opName":"MSTORE"}');
    // CALL to an empty cold account: 100 + 2500 + the forwarded gas (all but 1/64 of what is left)
    const call = JSON.parse(lines[10]!);
    expect(call.opName).toBe('CALL');
    expect(call.memSize).toBe(32);
    const before = BigInt(call.gas);
    const left = before - 2600n;
    expect(BigInt(call.gasCost)).toBe(2600n + (left - left / 64n));
    expect(JSON.parse(lines[11]!)).toMatchObject({ pc: 20, opName: 'STOP', stack: ['0x1'], gas: '0x' + (before - 2600n).toString(16) });
    expect(lines.length).toBe(12);
  });

  it('shows the refund counter after the step, as geth does for SSTORE', () => {
    const lines: string[] = [];
    // PUSH1 0, PUSH1 0, SSTORE: clearing slot 0 (originally 1) refunds 4800 (EIP-3529)
    runBytecode(hexToBytes('6000600055'), {
      accounts: new Map([[0x1000n, { nonce: 1n, balance: 0n, code: hexToBytes('6000600055'), storage: new Map([[0n, 1n]]) }]]),
      tracer: new Eip3155Tracer((l) => lines.push(l)),
    });
    expect(JSON.parse(lines[1]!)).toMatchObject({ opName: 'PUSH1', refund: 0 });
    expect(JSON.parse(lines[2]!)).toMatchObject({ opName: 'SSTORE', refund: 4800 });
  });

  it('reports exceptional halts with geth error strings', () => {
    const lines: string[] = [];
    runBytecode(hexToBytes('600056'), { tracer: new Eip3155Tracer((l) => lines.push(l)) });
    expect(JSON.parse(lines[1]!)).toMatchObject({ opName: 'JUMP', error: 'invalid jump destination' });
  });

  it('reports the attempted cost of an out-of-gas step like geth', () => {
    const lines: string[] = [];
    // PUSH1 0 (3), MLOAD: 3 static paid, 3 for one memory word cannot be paid with 2 left
    runBytecode(hexToBytes('600051'), { gas: 8n, tracer: new Eip3155Tracer((l) => lines.push(l)) });
    expect(JSON.parse(lines[1]!)).toMatchObject({ opName: 'MLOAD', gas: '0x5', gasCost: '0x6', error: 'out of gas' });
    const underflow: string[] = [];
    runBytecode(hexToBytes('01'), { tracer: new Eip3155Tracer((l) => underflow.push(l)) });
    expect(JSON.parse(underflow[0]!)).toMatchObject({ opName: 'ADD', gasCost: '0x0', error: 'stack underflow (0 <=> 2)' });
    const overflow: string[] = [];
    runBytecode(hexToBytes('5f'.repeat(1025)), { tracer: new Eip3155Tracer((l) => overflow.push(l)) });
    expect(JSON.parse(overflow[1024]!)).toMatchObject({ opName: 'PUSH0', error: 'stack limit reached 1024 (1023)' });
  });

  it('writes the summary line at the end of a transaction', () => {
    const sender = 0xa94f5374fce5edbc8e2a8697c15331677e6ebf0bn;
    const to = 0x1000n;
    const state = WorldState.fromAccounts(
      new Map([
        [sender, { nonce: 0n, balance: 10n ** 18n, code: new Uint8Array(0), storage: new Map() }],
        [to, { nonce: 0n, balance: 0n, code: hexToBytes('60016000f3'), storage: new Map() }],
      ]),
    );
    const tx: Transaction = {
      type: 0, chainId: 1n, nonce: 0n, gasPrice: 10n, maxFeePerGas: 10n, maxPriorityFeePerGas: 10n, gasLimit: 100000n, to,
      value: 0n, data: new Uint8Array(0), accessList: [], maxFeePerBlobGas: 0n, blobVersionedHashes: [], v: 27n, r: 1n, s: 1n,
      sender, hash: new Uint8Array(32),
    };
    const lines: string[] = [];
    const outcome = executeTransaction(state, testBlock(), tx, { tracer: new Eip3155Tracer((l) => lines.push(l)) });
    expect(outcome.kind).toBe('executed');
    expect(lines.length).toBe(4);
    // PUSH1 + PUSH1 + RETURN (1 word of memory) = 3 + 3 + 3
    expect(lines[3]).toBe('{"output":"00","gasUsed":"0x9"}');
  });
});
