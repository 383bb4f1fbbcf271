import { describe, expect, it } from 'vitest';
import { FixtureError, hexAddress, hexBytes, hexQuantity, parseStateTest, stateTestEntries } from './fixture.ts';

const ZERO32 = '0x' + '00'.repeat(32);

function sampleTest(): Record<string, unknown> {
  return {
    env: {
      currentBaseFee: '0x0a',
      currentCoinbase: '0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba',
      currentExcessBlobGas: '0x00',
      currentGasLimit: '0x01000000',
      currentNumber: '0x01',
      currentRandom: ZERO32,
      currentTimestamp: '0x03e8',
    },
    pre: {
      '0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b': {
        balance: '0x0de0b6b3a7640000',
        code: '0x',
        nonce: '0x00',
        storage: { '0x01': '0x02' },
      },
    },
    transaction: {
      data: ['0x', '0x00'],
      gasLimit: ['0x5208'],
      gasPrice: '0x0a',
      nonce: '0x00',
      secretKey: '0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8',
      sender: '0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b',
      to: '',
      value: ['0x01'],
    },
    post: {
      Cancun: [
        {
          hash: ZERO32,
          logs: ZERO32,
          indexes: { data: 1, gas: 0, value: 0 },
          expectException: 'TransactionException.INSUFFICIENT_ACCOUNT_FUNDS|TransactionException.INTRINSIC_GAS_TOO_LOW',
        },
      ],
      Shanghai: [{ hash: ZERO32, logs: ZERO32, indexes: { data: 0, gas: 0, value: 0 } }],
    },
  };
}

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof FixtureError) return e.message;
    throw e;
  }
  throw new Error('expected a FixtureError');
}

describe('hex field parsers', () => {
  it('parse quantities, byte strings and addresses', () => {
    expect(hexQuantity('0x00ff', 'x')).toBe(255n);
    expect(hexBytes('0x', 'x')).toEqual(new Uint8Array(0));
    expect(hexBytes('0x0aff', 'x')).toEqual(Uint8Array.of(10, 255));
    expect(hexAddress('0x00000000000000000000000000000000000000c0', 'x')).toBe(0xc0n);
  });

  it('name the field in their errors', () => {
    expect(fieldOf(() => hexQuantity('12', 'env.currentBaseFee'))).toBe('env.currentBaseFee: not a hex quantity');
    expect(fieldOf(() => hexQuantity('0x', 'a'))).toBe('a: not a hex quantity');
    expect(fieldOf(() => hexBytes('0xabc', 'code'))).toBe('code: not a hex byte string');
    expect(fieldOf(() => hexAddress('0x1234', 'to'))).toBe('to: not a hex address (20 bytes)');
  });
});

describe('parseStateTest', () => {
  it('converts a Cancun test', () => {
    const t = parseStateTest('t', sampleTest());
    if (!('cases' in t)) throw new Error('expected Cancun cases');
    expect(t.env.baseFee).toBe(10n);
    expect(t.env.coinbase).toBe(0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ban);
    expect(t.pre.get(0xa94f5374fce5edbc8e2a8697c15331677e6ebf0bn)?.storage.get(1n)).toBe(2n);
    expect(t.transaction.to).toBeNull();
    expect(t.cases).toHaveLength(1);
    expect(t.cases[0]!.index).toEqual({ data: 1, gas: 0, value: 0 });
    expect(t.cases[0]!.txbytes).toBeUndefined();
    expect(t.cases[0]!.expectException).toEqual(['INSUFFICIENT_ACCOUNT_FUNDS', 'INTRINSIC_GAS_TOO_LOW']);
  });

  it('counts the entries of other forks as skipped when there is no Cancun entry', () => {
    const raw = sampleTest();
    const post = raw.post as Record<string, unknown>;
    delete post.Cancun;
    post.Berlin = [{}, {}];
    expect(parseStateTest('t', raw)).toEqual({ name: 't', skipped: 3 });
  });

  it('rejects bad fields with their path', () => {
    const raw = sampleTest();
    (raw.env as Record<string, unknown>).currentBaseFee = 'ten';
    expect(fieldOf(() => parseStateTest('t', raw))).toBe('env.currentBaseFee: not a hex quantity');
    const missing = sampleTest();
    delete (missing.env as Record<string, unknown>).currentRandom;
    expect(fieldOf(() => parseStateTest('t', missing))).toBe('env.currentRandom: missing');
    const badIndex = sampleTest();
    ((badIndex.post as { Cancun: { indexes: { gas: number } }[] }).Cancun[0]!.indexes).gas = 3;
    expect(fieldOf(() => parseStateTest('t', badIndex))).toBe('post.Cancun[0].indexes.gas: index 3 out of range (1 entries)');
  });

  it('rejects unknown fork names only', () => {
    const raw = sampleTest();
    raw.post = { Atlantis: [] };
    expect(fieldOf(() => parseStateTest('t', raw))).toBe('post: unknown fork names only (Atlantis)');
  });

  it('rejects files that are not state tests', () => {
    expect(fieldOf(() => stateTestEntries([1, 2]))).toBe('not a state test (top level is not an object of tests)');
    expect(fieldOf(() => stateTestEntries({}))).toBe('not a state test (no tests in file)');
    expect(fieldOf(() => stateTestEntries({ a: { in: {}, root: '0x' } }))).toBe('not a state test (no "post" section)');
    const noEnv = sampleTest();
    delete noEnv.env;
    expect(fieldOf(() => parseStateTest('t', noEnv))).toBe('not a state test (no "env" section)');
  });
});
