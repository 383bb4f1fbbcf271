import { describe, expect, it } from 'vitest';
import { runDemo, demoCommand } from './command.ts';
import { sampleBatch } from './sample-batch.ts';
import { WorldState, executeTransaction } from '../../evm/index.ts';

describe('zkevm demo', () => {
  it('executes every sample transaction with hand-computed gas', () => {
    const result = runDemo();
    expect(result.transactions.map((t) => t.status)).toEqual(['success', 'success', 'success', 'success', 'success']);
    expect(result.transactions.map((t) => t.gas_used)).toEqual([
      '21000',
      // 53000 create + 29 non-zero calldata bytes * 16 + 1 initcode word * 2 (EIP-3860)
      // + 22 execution (PUSH1, PUSH1, PUSH0, CODECOPY 3+3 copy+3 memory, PUSH1, PUSH0, RETURN)
      // + 19 runtime bytes * 200 code deposit
      '57288',
      // 21000 + 2 + 2100 cold SLOAD + 3+3+3+2 + 20000 SSTORE 0->1 + 3+2 + MSTORE 3+3 memory
      // + 3+2 + LOG1 (375 + 375 topic + 8*32 data) + 3+2
      '44140',
      '21000',
      // 21000 + 2400 address + 1900 key (EIP-2930) + the call above with a warm SLOAD (100)
      // and SSTORE 1->2 on a clean non-zero slot (5000 - 2100 = 2900)
      '29340',
    ]);
    expect(result.transactions.map((t) => t.logs)).toEqual([0, 0, 1, 0, 1]);
  });

  it('conserves ether: balances plus burnt base fee equal the genesis supply', () => {
    const { genesis, block } = sampleBatch();
    const supply = [...genesis.values()].reduce((sum, a) => sum + a.balance, 0n);
    const result = runDemo();
    const balances = Object.values(result.balances).reduce((sum, b) => sum + BigInt(b), 0n);
    expect(balances + block.baseFee * BigInt(result.gas_used)).toBe(supply);
  });

  it('leaves the counter at 2 after two increments', () => {
    const { genesis, block, transactions, names } = sampleBatch();
    const state = WorldState.fromAccounts(genesis);
    for (const { tx } of transactions) executeTransaction(state, block, tx);
    const counter = [...names].find(([, name]) => name === 'counter')![0];
    expect(state.toAccounts().get(counter)?.storage.get(0n)).toBe(2n);
  });

  it('prints one JSON object with --json and rejects unknown options', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), stderrIsTTY: false, stderrColumns: undefined };
    expect(await demoCommand(['--json'], io)).toBe(0);
    const parsed = JSON.parse(out.join('')) as { state_root: string; transactions: unknown[] };
    expect(parsed.state_root).toMatch(/^0x[0-9a-f]{64}$/);
    expect(parsed.transactions).toHaveLength(5);
    expect(await demoCommand(['--bogus'], io)).toBe(2);
    expect(err.join('')).toContain('unknown option "--bogus"');
  });
});
