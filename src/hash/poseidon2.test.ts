import { describe, expect, it } from 'vitest';
import { P, pow } from '../field/babybear.ts';
import {
  POSEIDON2_16_CONSTANTS,
  POSEIDON2_24_CONSTANTS,
  Poseidon2Error,
  poseidon2Permute16,
  poseidon2Permute16Batch,
  poseidon2Permute24,
} from './poseidon2.ts';

// Test vectors: Plonky3/Plonky3 baby-bear/src/poseidon2.rs (commit 00caf21870e731e04a1cc3f691ff33ae8ec7966f),
// tests test_default_babybear_poseidon2_width_16 and test_default_babybear_poseidon2_width_24.
const INPUT_16 = [
  894848333, 1437655012, 1200606629, 1690012884, 71131202, 1749206695, 1717947831, 120589055, 19776022, 42382981,
  1831865506, 724844064, 171220207, 1299207443, 227047920, 1783754913,
];
const EXPECTED_16 = [
  516096821, 90309867, 1101817252, 1660784290, 360715097, 1789519026, 1788910906, 563338433, 319524748, 1741414159,
  1650859320, 894311162, 1121347488, 1692793758, 1052633829, 1344246938,
];
// Element 20 of Plonky3's width-24 input is 2026927696 > p; BabyBear::new_array reduces it mod p.
const INPUT_24 = [
  886409618, 1327899896, 1902407911, 591953491, 648428576, 1844789031, 1198336108, 355597330, 1799586834, 59617783,
  790334801, 1968791836, 559272107, 31054313, 1042221543, 474748436, 135686258, 263665994, 1962340735, 1741539604,
  2026927696 % P, 449439011, 1131357108, 50869465,
];
const EXPECTED_24 = [
  882297297, 1264077610, 512812497, 782602970, 867738552, 1251075457, 309180082, 340784773, 524041877, 351272188,
  404451680, 15001466, 322926653, 1773004150, 1718440818, 674682955, 1154713225, 1719133502, 324232301, 1005243141,
  443371079, 268735940, 770060019, 718377682,
];

describe('Poseidon2 BabyBear', () => {
  it('width 16 matches Plonky3 default_babybear_poseidon2_16', () => {
    const s = Uint32Array.from(INPUT_16);
    poseidon2Permute16(s);
    expect(Array.from(s)).toEqual(EXPECTED_16);
  });

  it('width 24 matches Plonky3 default_babybear_poseidon2_24', () => {
    const s = Uint32Array.from(INPUT_24);
    poseidon2Permute24(s);
    expect(Array.from(s)).toEqual(EXPECTED_24);
  });

  it('exports the round structure an AIR needs', () => {
    for (const [c, width, internal] of [
      [POSEIDON2_16_CONSTANTS, 16, 13],
      [POSEIDON2_24_CONSTANTS, 24, 21],
    ] as const) {
      expect(c.width).toBe(width);
      expect(c.externalRounds).toBe(8);
      expect(c.internalRounds).toBe(internal);
      expect(c.sboxDegree).toBe(7);
      expect(c.externalInitial).toHaveLength(4);
      expect(c.externalFinal).toHaveLength(4);
      for (const rc of [...c.externalInitial, ...c.externalFinal]) expect(rc).toHaveLength(width);
      expect(c.internal).toHaveLength(internal);
      expect(c.internalDiagonal).toHaveLength(width);
    }
    // V_0 = -2 and V_15 = -1/2^27 for width 16 (Plonky3's optimized diagonal).
    const d = POSEIDON2_16_CONSTANTS.internalDiagonal;
    expect(d[0]).toBe(P - 2);
    expect(Number((BigInt(P - d[15]!) * BigInt(pow(2, 27))) % BigInt(P))).toBe(1);
  });

  it('rejects wrong widths and non-canonical elements', () => {
    expect(() => poseidon2Permute16(new Uint32Array(15))).toThrow(Poseidon2Error);
    expect(() => poseidon2Permute24(new Uint32Array(16))).toThrow(Poseidon2Error);
    const s = new Uint32Array(16);
    s[3] = P;
    expect(() => poseidon2Permute16(s)).toThrow(Poseidon2Error);
  });
});

describe('poseidon2Permute16Batch (WebAssembly SIMD)', () => {
  it('matches the reference on the Plonky3 vector and on random states of every batch remainder', () => {
    const one = Uint32Array.from(INPUT_16);
    poseidon2Permute16Batch(one, 1);
    expect(Array.from(one)).toEqual(EXPECTED_16);

    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    for (const count of [0, 1, 2, 3, 4, 5, 7, 8, 33, 300]) {
      const states = Uint32Array.from({ length: count * 16 }, () => next() % P);
      // Edge values: 0, 1, p − 1.
      if (count > 0) states.set([0, 1, P - 1], 0);
      const expected = states.slice();
      for (let s = 0; s < count; s++) poseidon2Permute16(expected.subarray(s * 16, s * 16 + 16));
      poseidon2Permute16Batch(states, count);
      expect(states).toEqual(expected);
    }
  });

  it('handles batches larger than one internal chunk', () => {
    const count = 20000;
    const states = Uint32Array.from({ length: count * 16 }, (_, i) => (i * 2654435761) % P);
    const check = [0, 4095, 4096, 16385, count - 1];
    const expected = check.map((s) => {
      const st = states.slice(s * 16, s * 16 + 16);
      poseidon2Permute16(st);
      return st;
    });
    poseidon2Permute16Batch(states, count);
    check.forEach((s, k) => expect(states.subarray(s * 16, s * 16 + 16)).toEqual(expected[k]));
  });

  it('rejects non-canonical input and short arrays', () => {
    const s = new Uint32Array(32);
    s[20] = P;
    expect(() => poseidon2Permute16Batch(s, 2)).toThrow(Poseidon2Error);
    expect(() => poseidon2Permute16Batch(new Uint32Array(16), 2)).toThrow(Poseidon2Error);
  });
});
