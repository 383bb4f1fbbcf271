import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { kzgToVersionedHash, runPointEvaluation } from './point-evaluation.ts';

const SUCCESS_OUTPUT =
  '000000000000000000000000000000000000000000000000000000000000100073eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001';

// Valid mainnet-setup vector used by go-ethereum (core/vm/testdata/precompiles/pointEvaluation.json,
// current version) and execution-spec-tests' point-evaluation benchmark.
const COMMITMENT =
  '8f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7';
const VALID =
  '01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b' +
  '564c0a11a0f704f4fc3e8acfe0f8245f0ad1347b378fbf96e206da11a5d36306' +
  '24d25032e67a7e6a4910df5834b8fe70e6bcfeeac0352434196bdf4b2485d5a1' +
  COMMITMENT +
  '873033e038326e87ed3e1276fd140253fa08e9fc25fb2d9a98527fc22a2c9612fbeafdad446cbc7bcdbdcd780af2c16a';
// Same commitment opened at z = BLS_MODULUS - 1 (vector used by several client test suites).
const VALID_MAX_Z =
  '01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b' +
  '73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000' +
  '1522a4a7f34e1ea350ae07c29c96c7e79655aa926122e95fe69fcbd932ca49e9' +
  COMMITMENT +
  'a62ad71d14c5719385c0686f1871430475bf3a00f0aa3f7b8dd99a9abc2160744faf0070725e00b60ad9a026a15b1a8c';
// An older go-ethereum vector produced with a pre-ceremony test setup: well-formed, but its proof
// does not verify under the mainnet setup, so it must fail.
const TEST_SETUP_VECTOR =
  '013c03613f6fc558fb7e61e75602241ed9a2f04e36d8670aadd286e71b5ca9cc420000000000000000000000000000000000000000000000000000000000000031e5a2356cbc2ef6a733eae8d54bf48719ae3d990017ca787c419c7d369f8e3c83fac17c3f237fc51f90e2c660eb202a438bc2025baded5cd193c1a018c5885bc9281ba704d5566082e851235c7be763b2a99adff965e0a121ee972ebc472d02944a74f5c6243e14052e105124b70bf65faf85ad3a494325e269fad097842cba';

/** `hex` with the 32-byte word or field at byte `offset` replaced. */
function replaceAt(hex: string, offset: number, replacement: string): string {
  return hex.slice(0, 2 * offset) + replacement + hex.slice(2 * offset + replacement.length);
}

describe('POINT EVALUATION precompile (EIP-4844)', () => {
  it('accepts valid mainnet-setup proofs, returning FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS for 50000 gas', () => {
    for (const input of [VALID, VALID_MAX_Z]) {
      expect(runPointEvaluation(hexToBytes(input), 50000n)).toEqual({ ok: true, gasUsed: 50000n, output: hexToBytes(SUCCESS_OUTPUT) });
    }
  });

  it('derives the versioned hash as 0x01 || sha256(commitment)[1:]', () => {
    expect(bytesToHex(kzgToVersionedHash(hexToBytes(COMMITMENT)))).toBe(VALID.slice(0, 64));
  });

  it('rejects a proof that does not verify', () => {
    expect(runPointEvaluation(hexToBytes(TEST_SETUP_VECTOR), 50000n)).toMatchObject({ ok: false });
    // Wrong y for a valid (commitment, z, proof).
    const wrongY = replaceAt(VALID, 64, '24d25032e67a7e6a4910df5834b8fe70e6bcfeeac0352434196bdf4b2485d5a2');
    expect(runPointEvaluation(hexToBytes(wrongY), 50000n)).toMatchObject({ ok: false });
    // The proof of the other opening.
    const swappedProof = replaceAt(VALID, 144, VALID_MAX_Z.slice(288));
    expect(runPointEvaluation(hexToBytes(swappedProof), 50000n)).toMatchObject({ ok: false });
  });

  it('rejects z or y >= BLS_MODULUS', () => {
    const modulus = '73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001';
    expect(runPointEvaluation(hexToBytes(replaceAt(VALID, 32, modulus)), 50000n)).toMatchObject({ ok: false });
    expect(runPointEvaluation(hexToBytes(replaceAt(VALID, 64, modulus)), 50000n)).toMatchObject({ ok: false });
  });

  it('rejects a versioned hash with the wrong version byte or digest', () => {
    expect(runPointEvaluation(hexToBytes(replaceAt(VALID, 0, '02')), 50000n)).toMatchObject({ ok: false });
    expect(runPointEvaluation(hexToBytes(replaceAt(VALID, 31, '00')), 50000n)).toMatchObject({ ok: false });
  });

  it('rejects an invalid point encoding whose versioned hash matches', () => {
    const badCommitment = 'ff'.repeat(48);
    const input = bytesToHex(kzgToVersionedHash(hexToBytes(badCommitment))) + VALID.slice(64, 192) + badCommitment + VALID.slice(288);
    expect(runPointEvaluation(hexToBytes(input), 50000n)).toMatchObject({ ok: false });
  });

  it('rejects input that is not exactly 192 bytes', () => {
    expect(runPointEvaluation(hexToBytes(VALID.slice(2)), 50000n)).toMatchObject({ ok: false });
    expect(runPointEvaluation(hexToBytes(VALID + '00'), 50000n)).toMatchObject({ ok: false });
    expect(runPointEvaluation(new Uint8Array(0), 50000n)).toMatchObject({ ok: false });
  });

  it('halts below 50000 gas', () => {
    expect(runPointEvaluation(hexToBytes(VALID), 49999n)).toMatchObject({ ok: false });
  });
});
