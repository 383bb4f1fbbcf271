import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTransaction } from '../../evm/transaction/sign.ts';
import type { AccountData } from '../../evm/types.ts';
import { ethereumStateRoot } from '../../state/ethereum-state-root.ts';
import type { CliIo } from '../io.ts';
import { main } from '../main.ts';
import type { StateTestSummary } from './command.ts';

// A value transfer whose post state is computed by hand (EIP-1559 fee rules, EIP-161: the
// coinbase is created by its non-zero tip), so the expected root does not come from our EVM.
const SECRET_KEY = Buffer.from('45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8', 'hex');
const SENDER = 0xa94f5374fce5edbc8e2a8697c15331677e6ebf0bn;
const RECIPIENT = 0x1000n;
const COINBASE = 0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ban;
const BASE_FEE = 10n;
const MAX_FEE = 20n;
const TIP = 2n;
const VALUE = 5n;
const START_BALANCE = 10n ** 18n;
const TRANSFER_GAS = 21000n;

const hex = (n: bigint, pad = 0): string => '0x' + n.toString(16).padStart(pad, '0');
const hexBytes = (b: Uint8Array): string => '0x' + Buffer.from(b).toString('hex');
const account = (nonce: bigint, balance: bigint): AccountData => ({ nonce, balance, code: new Uint8Array(0), storage: new Map() });

const preState = new Map([
  [SENDER, account(0n, START_BALANCE)],
  [RECIPIENT, account(0n, 0n)],
]);
const postState = new Map([
  [SENDER, account(1n, START_BALANCE - TRANSFER_GAS * (BASE_FEE + TIP) - VALUE)],
  [RECIPIENT, account(0n, VALUE)],
  [COINBASE, account(0n, TRANSFER_GAS * TIP)],
]);
const EMPTY_LOGS_HASH = '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347';

function txbytes(gasLimit: bigint): string {
  const { raw } = signTransaction(
    {
      type: 2, chainId: 1n, nonce: 0n, gasPrice: MAX_FEE, maxFeePerGas: MAX_FEE, maxPriorityFeePerGas: TIP,
      gasLimit, to: RECIPIENT, value: VALUE, data: new Uint8Array(0), accessList: [], maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
    },
    SECRET_KEY,
  );
  return hexBytes(raw);
}

/** A one-test fixture file; `post` entries index gasLimit [21000, 20000, 30000]. */
function fixture(name: string, post: Record<string, unknown>[], recipientCode = '0x'): string {
  const pre: Record<string, unknown> = {};
  for (const [address, a] of preState) {
    const code = address === RECIPIENT ? recipientCode : '0x';
    pre[hex(address, 40)] = { balance: hex(a.balance), code, nonce: hex(a.nonce), storage: {} };
  }
  return JSON.stringify({
    [name]: {
      env: {
        currentBaseFee: hex(BASE_FEE), currentCoinbase: hex(COINBASE, 40), currentExcessBlobGas: '0x00',
        currentGasLimit: '0x01000000', currentNumber: '0x01', currentRandom: hex(0n, 64), currentTimestamp: '0x03e8',
      },
      pre,
      transaction: {
        data: ['0x'], gasLimit: [hex(TRANSFER_GAS), hex(20000n), hex(30000n)], maxFeePerGas: hex(MAX_FEE),
        maxPriorityFeePerGas: hex(TIP), nonce: '0x00', secretKey: hexBytes(SECRET_KEY), sender: hex(SENDER, 40),
        to: hex(RECIPIENT, 40), value: [hex(VALUE)],
      },
      post: { Cancun: post },
    },
  });
}

const transferEntry = (hash: string, logs = EMPTY_LOGS_HASH): Record<string, unknown> => ({
  hash, logs, indexes: { data: 0, gas: 0, value: 0 }, txbytes: txbytes(TRANSFER_GAS),
});
const lowGasEntry = (expectException?: string): Record<string, unknown> => ({
  hash: hexBytes(ethereumStateRoot(preState)),
  logs: EMPTY_LOGS_HASH,
  indexes: { data: 0, gas: 1, value: 0 },
  txbytes: txbytes(20000n),
  ...(expectException === undefined ? {} : { expectException }),
});

const POST_ROOT = hexBytes(ethereumStateRoot(postState));
const WRONG_ROOT = '0x' + '11'.repeat(32);

let dir: string;
const path = (name: string): string => join(dir, name);

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), stderrIsTTY: false, stderrColumns: undefined };
  const code = await main(['statetest', ...argv], io);
  return { code, out, err };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkevm-statetest-'));
  mkdirSync(path('good'));
  writeFileSync(
    path('good/transfer.json'),
    fixture('transfer', [transferEntry(POST_ROOT), lowGasEntry('TransactionException.INSUFFICIENT_ACCOUNT_FUNDS|TransactionException.INTRINSIC_GAS_TOO_LOW')]),
  );
  writeFileSync(path('good/transfer2.json'), fixture('transferAgain', [transferEntry(POST_ROOT)]));
  writeFileSync(path('good/notes.txt'), 'not a fixture: ignored when scanning a directory');
  writeFileSync(path('wrong-root.json'), fixture('wrongRoot', [transferEntry(WRONG_ROOT)]));
  writeFileSync(path('wrong-logs.json'), fixture('wrongLogs', [transferEntry(POST_ROOT, WRONG_ROOT)]));
  writeFileSync(path('missing-exception.json'), fixture('missingException', [{ ...transferEntry(POST_ROOT), expectException: 'TransactionException.INTRINSIC_GAS_TOO_LOW' }]));
  writeFileSync(path('unexpected-exception.json'), fixture('unexpectedException', [lowGasEntry()]));
  // PUSH1 1, PUSH1 2, ADD, STOP; the verdict does not matter, only the trace.
  const tracedEntry = { ...transferEntry(WRONG_ROOT), indexes: { data: 0, gas: 2, value: 0 }, txbytes: txbytes(30000n) };
  writeFileSync(path('traced.json'), fixture('traced', [tracedEntry], '0x600160020100'));
  writeFileSync(path('malformed.json'), '{ "broken": ');
  writeFileSync(path('not-a-test.json'), JSON.stringify({ someTest: { in: {}, root: '0x00' } }));
  const badField = JSON.parse(fixture('badBaseFee', [transferEntry(POST_ROOT)])) as { badBaseFee: { env: Record<string, string> } };
  badField.badBaseFee.env.currentBaseFee = 'ten';
  writeFileSync(path('bad-field.json'), JSON.stringify(badField));
  const otherFork = JSON.parse(fixture('berlinOnly', [])) as { berlinOnly: { post: Record<string, unknown> } };
  otherFork.berlinOnly.post = { Berlin: [{}, {}] };
  writeFileSync(path('other-fork.json'), JSON.stringify(otherFork));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('zkevm statetest', () => {
  it('passes correct cases in a directory (recursively, *.json only) with exit status 0', async () => {
    const r = await run('--jobs', '1', path('good'));
    expect(r.err).toBe('');
    expect(r.out).toBe('3 passed, 0 failed\n');
    expect(r.code).toBe(0);
  });

  it('reports a wrong state root with both roots and our changes', async () => {
    const r = await run('--jobs', '1', path('wrong-root.json'));
    expect(r.code).toBe(1);
    const [fail, summary] = r.out.split(/\n(?=\d+ passed)/);
    expect(fail).toContain(`FAIL ${path('wrong-root.json')} wrongRoot [d=0 g=0 v=0]: state root mismatch: expected ${WRONG_ROOT}, got ${POST_ROOT}`);
    expect(fail).toContain(`${hex(SENDER, 40)} nonce 0x0 -> 0x1`);
    expect(fail).toContain(`${hex(COINBASE, 40)} created`);
    expect(summary).toBe('0 passed, 1 failed\n');
  });

  it('reports logs, missing and unexpected exception mismatches', async () => {
    const r = await run('--json', '--jobs', '1', path('wrong-logs.json'), path('missing-exception.json'), path('unexpected-exception.json'));
    expect(r.code).toBe(1);
    const s = JSON.parse(r.out) as StateTestSummary;
    expect(s.passed).toBe(0);
    expect(s.failed).toBe(3);
    const reasons = s.failures.map((f) => f.reason);
    expect(reasons[0]).toBe(`logs mismatch: expected ${WRONG_ROOT}, got ${EMPTY_LOGS_HASH}`);
    expect(reasons[1]).toMatch(/^missing exception: expected INTRINSIC_GAS_TOO_LOW, but the transaction executed \(success\)/);
    expect(reasons[2]).toMatch(/^unexpected exception INTRINSIC_GAS_TOO_LOW: /);
    expect(s.failures[2]).toMatchObject({ file: path('unexpected-exception.json'), name: 'unexpectedException', index: { data: 0, gas: 1, value: 0 } });
  });

  it('reports bad input as one line per file and still runs the other files', async () => {
    const r = await run('--jobs', '1', path('malformed.json'), path('missing.json'), path('not-a-test.json'), path('bad-field.json'), path('good/transfer2.json'));
    expect(r.code).toBe(1);
    expect(r.out).toBe('1 passed, 4 failed\n');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`zkevm statetest: error: ${path('missing.json')}: no such file or directory`);
    expect(lines[1]).toMatch(new RegExp(`^zkevm statetest: error: ${path('malformed.json')}: malformed JSON \\(`));
    expect(lines[2]).toBe(`zkevm statetest: error: ${path('not-a-test.json')}: not a state test (no "post" section)`);
    expect(lines[3]).toBe(`zkevm statetest: error: ${path('bad-field.json')}: badBaseFee: env.currentBaseFee: not a hex quantity`);
    expect(r.err).not.toContain('    at ');
  });

  it('prints the JSON summary, counts other-fork cases as skipped and filters with --run', async () => {
    const r = await run('--json', '--jobs', '1', '--run', '^transfer$', path('good'), path('other-fork.json'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ passed: 2, failed: 0, skipped: 0, failures: [] });
    const all = await run('--jobs', '1', path('good'), path('other-fork.json'));
    expect(all.out).toBe('3 passed, 0 failed, 2 skipped\n');
  });

  it('gives the same results on worker threads', async () => {
    const files = [path('good'), path('wrong-root.json'), path('malformed.json'), path('missing-exception.json')];
    const single = await run('--json', '--jobs', '1', ...files);
    const threaded = await run('--json', '--jobs', '2', ...files);
    expect(threaded.code).toBe(1);
    expect(JSON.parse(threaded.out)).toEqual(JSON.parse(single.out));
    expect(threaded.err).toBe(single.err);
  });

  it('writes EIP-3155 lines to stderr with --trace', async () => {
    const r = await run('--trace', path('traced.json'));
    const lines = r.err.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.opName)).toEqual(['PUSH1', 'PUSH1', 'ADD', 'STOP', undefined]);
    expect(lines[2]).toMatchObject({ pc: 4, op: 1, gasCost: '0x3', stack: ['0x1', '0x2'], depth: 1 });
    expect(lines[4]).toHaveProperty('gasUsed');
    expect(r.out).toMatch(/^FAIL .*traced\.json traced \[d=0 g=2 v=0\]: state root mismatch/);
  });

  it('rejects usage errors with exit status 2', async () => {
    expect((await run()).code).toBe(2);
    const badJobs = await run('--jobs', 'zero', path('good'));
    expect(badJobs.code).toBe(2);
    expect(badJobs.err).toContain('--jobs: expected a positive integer');
    expect((await run('--run', '(', path('good'))).err).toContain('--run: invalid regular expression');
    expect((await run('--bogus', path('good'))).code).toBe(2);
  });
});
