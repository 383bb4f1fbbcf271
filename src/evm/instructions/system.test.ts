import { describe, expect, it } from 'vitest';
import { Halt } from '../halt.ts';
import { create2Address, createAddress } from '../interpreter.ts';
import { CODE_ADDRESS, hexToBytes, runBytecode } from '../testing.ts';
import type { AccountData } from '../types.ts';

const EMPTY = new Uint8Array(0);
const account = (code: string, balance = 0n, nonce = 1n): AccountData => ({ nonce, balance, code: hexToBytes(code), storage: new Map() });

describe('CREATE/CREATE2 addresses', () => {
  // EIP-1014 example vectors.
  it('CREATE2 (EIP-1014 examples)', () => {
    expect(create2Address(0n, 0n, hexToBytes('00'))).toBe(0x4d1a2e2bb4f88f0250f26ffff098b0b30b26bf38n);
    expect(create2Address(0xdeadbeef00000000000000000000000000000000n, 0n, hexToBytes('00'))).toBe(0xb928f69bb1d91cd65274e3c79d8986362984fda3n);
    expect(create2Address(0xdeadbeef00000000000000000000000000000000n, 0xfeedn << 144n, hexToBytes('00'))).toBe(0xd04116cdd17bebe565eb2422f2497e06cc1c9833n);
    expect(create2Address(0n, 0n, hexToBytes('deadbeef'))).toBe(0x70f2b2914a2a4b783faefb75f459a580616fcb5en);
    expect(create2Address(0n, 0n, EMPTY)).toBe(0xe33c0c7f7df4809055c3eba6c09cfe4baf1bd9e0n);
  });

  it('CREATE: keccak(rlp([sender, nonce])) (well-known mainnet deployments)', () => {
    // 0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0 nonce 0 -> 0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d
    expect(createAddress(0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0n, 0n)).toBe(0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8dn);
    expect(createAddress(0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0n, 1n)).toBe(0x343c43a37d37dff08ae8c4a11544c718abb4fcf8n);
    expect(createAddress(0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0n, 2n)).toBe(0xf778b86fa74e846c4f0a1fbd1335fe81c00a0c91n);
  });
});

describe('CALL family', () => {
  it('CALL returns data into memory and sets RETURNDATASIZE', () => {
    // callee: PUSH1 0x2a PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
    const callee = 0x2000n;
    const accounts = new Map([[callee, account('602a60005260206000f3')]]);
    // caller: CALL(gas=0xffff, 0x2000, 0, 0, 0, 0, 32); PUSH1 0 MLOAD; RETURNDATASIZE
    const r = runBytecode(hexToBytes('60206000600060006000612000' + '61ffff' + 'f1' + '600051' + '3d'), { accounts });
    expect(r.halt).toBe(Halt.Stop);
    expect(r.stack).toEqual([1n, 42n, 32n]);
  });

  it('a reverting callee pushes 0 and keeps its revert data', () => {
    const callee = 0x2000n;
    const accounts = new Map([[callee, account('60016000556001601ffd')]]); // SSTORE(0,1); REVERT(31,1)
    const r = runBytecode(hexToBytes('60006000600060006000612000' + '61ffff' + 'f1' + '3d'), { accounts });
    expect(r.stack).toEqual([0n, 1n]);
    expect(r.state.getStorage(callee, 0n)).toBe(0n);
  });

  it('charges the EIP-2929 cold surcharge and forwards all but 1/64', () => {
    // CALL to a cold empty account with gas = all: 7 pushes (21) + 100 + 2500, callee has no code
    const r = runBytecode(hexToBytes('6000600060006000600061300061fffff1'), { gas: 100_000n });
    expect(r.stack).toEqual([1n]);
    expect(r.gasUsed).toBe(21n + 100n + 2500n);
  });

  it('value transfer to a new account costs 9000 + 25000 and gives a 2300 stipend', () => {
    const accounts = new Map([[CODE_ADDRESS, account('600060006000600060016130005af1', 10n)]]);
    const r = runBytecode(hexToBytes('600060006000600060016130005af1'), { accounts, gas: 100_000n });
    expect(r.stack).toEqual([1n]);
    // 6 pushes + GAS (2) + 100 + 2500 cold + 9000 + 25000; the unused stipend does not come back
    expect(r.gasUsed).toBe(18n + 2n + 100n + 2500n + 9000n + 25000n - 2300n);
    expect(r.state.getBalance(0x3000n)).toBe(1n);
  });

  it('CALL with value in a static context is a write-protection halt', () => {
    const accounts = new Map([[CODE_ADDRESS, account('600060006000600060016130005af1', 10n)]]);
    expect(runBytecode(hexToBytes('600060006000600060016130005af1'), { accounts, isStatic: true }).halt).toBe(Halt.WriteProtection);
  });

  it('STATICCALL callee cannot SSTORE', () => {
    const callee = 0x2000n;
    const accounts = new Map([[callee, account('6001600055')]]);
    const r = runBytecode(hexToBytes('6000600060006000612000' + '61ffff' + 'fa'), { accounts });
    expect(r.stack).toEqual([0n]);
  });

  it('DELEGATECALL runs the callee code on the caller storage with the caller context', () => {
    const lib = 0x2000n;
    const accounts = new Map([[lib, account('3360005500')]]); // SSTORE(0, CALLER)
    const r = runBytecode(hexToBytes('6000600060006000612000' + '61ffff' + 'f4'), { accounts });
    expect(r.stack).toEqual([1n]);
    expect(r.state.getStorage(CODE_ADDRESS, 0n)).toBe(0xca11e5n);
    expect(r.state.getStorage(lib, 0n)).toBe(0n);
  });

  it('call depth is limited to 1024', () => {
    // Recursion: CALL(self) with all gas; counts the depth reached in slot 0 via SLOAD/ADD/SSTORE.
    // code: PUSH1 0 SLOAD PUSH1 1 ADD PUSH1 0 SSTORE; CALL(GAS, ADDRESS, 0, 0, 0, 0, 0)
    const code = '600054600101600055' + '6000600060006000600030' + '5a' + 'f1';
    const accounts = new Map([[CODE_ADDRESS, account(code)]]);
    const r = runBytecode(hexToBytes(code), { accounts, gas: 10n ** 12n });
    expect(r.state.getStorage(CODE_ADDRESS, 0n)).toBe(1025n);
  });
});

describe('CREATE', () => {
  it('deploys the returned code and pushes the address', () => {
    // init code: PUSH1 0x42 PUSH1 0 MSTORE8 PUSH1 1 PUSH1 0 RETURN -> deploys 0x42
    const init = '604260005360016000f3';
    // MSTORE init code at 0 (right-aligned in a word), CREATE(0, 32 - len, len)
    const len = init.length / 2;
    const code = '69' + init + '600052' + `60${len.toString(16).padStart(2, '0')}` + `60${(32 - len).toString(16)}` + '6000' + 'f0';
    const r = runBytecode(hexToBytes(code));
    const expected = createAddress(CODE_ADDRESS, 1n);
    expect(r.stack).toEqual([expected]);
    expect(r.state.getCode(expected)).toEqual(hexToBytes('42'));
    expect(r.state.getNonce(expected)).toBe(1n);
    expect(r.state.getNonce(CODE_ADDRESS)).toBe(2n);
  });

  it('rejects deployed code starting with 0xEF (EIP-3541)', () => {
    const init = '60ef60005360016000f3';
    const code = '69' + init + '600052' + '600a' + '6016' + '6000' + 'f0';
    const r = runBytecode(hexToBytes(code));
    expect(r.stack).toEqual([0n]);
  });

  it('init code above 49152 bytes is an exceptional halt (EIP-3860)', () => {
    // CREATE(0, 0, 49153)
    const r = runBytecode(hexToBytes('62' + (49153).toString(16).padStart(6, '0') + '60006000f0'));
    expect(r.halt).toBe(Halt.OutOfGas);
  });
});

describe('SELFDESTRUCT (EIP-6780)', () => {
  it('moves the balance but keeps a pre-existing account', () => {
    const accounts = new Map([[CODE_ADDRESS, account('612000ff', 100n)]]);
    const r = runBytecode(hexToBytes('612000ff'), { accounts });
    expect(r.halt).toBe(Halt.SelfDestruct);
    expect(r.state.getBalance(0x2000n)).toBe(100n);
    expect(r.state.isSelfDestructed(CODE_ADDRESS)).toBe(false);
    // 3 (PUSH2) + 5000 + 2600 cold + 25000 new account
    expect(r.gasUsed).toBe(3n + 5000n + 2600n + 25000n);
  });
});
