import { describe, expect, it } from 'vitest';
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { AccountData } from '../evm/types.ts';
import { encodeAccount, ethereumStateRoot, logsHash, storageRoot } from './ethereum-state-root.ts';

const hex = (b: Uint8Array): string => '0x' + Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/^0x/, ''), 'hex'));

function account(nonce: bigint, balance: bigint, code = '0x', storage: [bigint, bigint][] = []): AccountData {
  return { nonce, balance, code: bytes(code), storage: new Map(storage) };
}

describe('ethereumStateRoot', () => {
  it('empty state has the empty trie root', () => {
    expect(hex(ethereumStateRoot(new Map()))).toBe('0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421');
  });

  // Vector: ethereum/tests GeneralStateTests/stSpecialTest/eoaEmptyParis.json. Its Cancun entries
  // with d=0,g=0,v=1 expect INSUFFICIENT_ACCOUNT_FUNDS, so the post root is the root of `pre`.
  it('matches the pre-state root of eoaEmptyParis (storage, code, several accounts)', () => {
    const pre = new Map<bigint, AccountData>([
      [0xbad1n, account(0n, 1n)],
      [0xbad2n, account(1n, 0n)],
      [0xbad3n, account(1n, 1n)],
      [0xbad4n, account(0n, 10n, '0x', [[0xdeadn, 0xbeefn]])],
      [
        0xc0den,
        account(
          1n,
          0n,
          '0x32806000558031603155803b603b55803f603f55600181013f61013f5561bad13f61bad15561bad23f61bad25561bad33f61bad35561bad43f61bad45561bad53f61bad55560008080805a94600435905af1505a900360f1555a60008080808061dead5af1505a900360ff5500',
        ),
      ],
      [0xdeadn, account(1n, 0x2710n, '0x32ff')],
      [0xa94f5374fce5edbc8e2a8697c15331677e6ebf0bn, account(0n, 0x3b9aca00n)],
    ]);
    expect(hex(ethereumStateRoot(pre))).toBe('0xc601c9ea84c29e00a812de5a2d544aa64473d4a1d2bc4821ea5bd3f16ee3ad98');
  });

  it('leaves zero storage slots out', () => {
    const withZero = account(0n, 10n, '0x', [[0xdeadn, 0xbeefn], [1n, 0n]]);
    const without = account(0n, 10n, '0x', [[0xdeadn, 0xbeefn]]);
    expect(hex(storageRoot(withZero.storage))).toBe(hex(storageRoot(without.storage)));
    expect(hex(storageRoot(new Map([[5n, 0n]])))).toBe(hex(storageRoot(new Map())));
    expect(hex(encodeAccount(withZero))).toBe(hex(encodeAccount(without)));
  });
});

describe('logsHash', () => {
  it('empty logs hash is keccak(rlp([]))', () => {
    expect(hex(logsHash([]))).toBe(hex(keccak_256(Uint8Array.of(0xc0))));
    expect(hex(logsHash([]))).toBe('0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347');
  });

  // Vector: ethereum/tests GeneralStateTests/stLogTests/log1_MaxTopic.json. The callee
  // 0x0f57...5ec6 stores 0xaabbff..ffccdd at memory 0 and runs LOG1(0, 32, 2^256-1).
  it('matches log1_MaxTopic', () => {
    const data = bytes('aabbffffffffffffffffffffffffffffffffffffffffffffffffffffffffccdd');
    const log = { address: 0x0f572e5295c57f15886f9b263e2f6d2d6c7b5ec6n, topics: [(1n << 256n) - 1n], data };
    expect(hex(logsHash([log]))).toBe('0x390a7f435e94b10f36ab57ca7106029629ee62569ed1bc309de88acc3ddfd954');
  });
});
