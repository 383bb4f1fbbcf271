import { describe, expect, it } from 'vitest';
import { bigIntToFixedBytes } from './bytes.ts';
import { InvalidTransactionError } from './errors.ts';
import { assertSignatureBounds, privateKeyToAddress, recoverAddress, SECP256K1_HALF_N, SECP256K1_N } from './signature.ts';

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InvalidTransactionError) return e.code;
    throw e;
  }
  return 'ok';
}

describe('secp256k1 transaction signatures', () => {
  it('derives the well-known address of private key 1', () => {
    // G's address, widely published (e.g. the ethereum/tests and go-ethereum fixtures).
    expect(privateKeyToAddress(bigIntToFixedBytes(1n, 32))).toBe(0x7e5f4552091a69125d5dfcb7b8c2659029395bdfn);
  });

  it('enforces 0 < r < n and 0 < s <= n/2 (EIP-2)', () => {
    expect(code(() => assertSignatureBounds(1n, 1n))).toBe('ok');
    expect(code(() => assertSignatureBounds(1n, SECP256K1_HALF_N))).toBe('ok');
    expect(code(() => assertSignatureBounds(1n, SECP256K1_HALF_N + 1n))).toBe('INVALID_SIGNATURE_VRS');
    expect(code(() => assertSignatureBounds(0n, 1n))).toBe('INVALID_SIGNATURE_VRS');
    expect(code(() => assertSignatureBounds(SECP256K1_N, 1n))).toBe('INVALID_SIGNATURE_VRS');
    expect(code(() => assertSignatureBounds(1n, 0n))).toBe('INVALID_SIGNATURE_VRS');
  });

  it('reports EC_RECOVERY_FAIL when r is not the x of a curve point', () => {
    // x = 5: 5^3 + 7 = 132 is a quadratic non-residue mod p, so no point has x = 5.
    expect(code(() => recoverAddress(new Uint8Array(32).fill(1), 5n, 1n, 0))).toBe('EC_RECOVERY_FAIL');
  });
});
