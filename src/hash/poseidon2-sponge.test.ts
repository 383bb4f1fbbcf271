import { describe, expect, it } from 'vitest';
import { P } from '../field/babybear.ts';
import { Poseidon2Error, poseidon2Permute16 } from './poseidon2.ts';
import { poseidon2Compress, poseidon2Hash } from './poseidon2-sponge.ts';

describe('poseidon2Hash', () => {
  it('follows the documented construction', () => {
    const input = Uint32Array.from({ length: 11 }, (_, i) => i * 1000003);
    const state = new Uint32Array(16);
    state[8] = 11;
    state.set(input.subarray(0, 8), 0);
    poseidon2Permute16(state);
    state.set([input[8]!, input[9]!, input[10]!, 0, 0, 0, 0, 0], 0);
    poseidon2Permute16(state);
    expect(poseidon2Hash(input)).toEqual(state.slice(0, 8));

    const empty = new Uint32Array(16);
    poseidon2Permute16(empty);
    expect(poseidon2Hash(new Uint32Array(0))).toEqual(empty.slice(0, 8));
  });

  it('zero padding does not collide across lengths', () => {
    const seen = new Set<string>();
    for (let n = 0; n <= 17; n++) seen.add(Array.from(poseidon2Hash(new Uint32Array(n))).join(','));
    expect(seen.size).toBe(18);
  });

  it('every input element matters and the input is not mutated', () => {
    const input = Uint32Array.from({ length: 20 }, (_, i) => (i * 7919) % P);
    const copy = input.slice();
    const base = poseidon2Hash(input).join(',');
    expect(input).toEqual(copy);
    for (let i = 0; i < input.length; i++) {
      const t = input.slice();
      t[i] = (t[i]! + 1) % P;
      expect(poseidon2Hash(t).join(',')).not.toBe(base);
    }
    expect(() => poseidon2Hash(Uint32Array.of(P))).toThrow(Poseidon2Error);
  });

  it('compress is the truncated permutation of left ‖ right', () => {
    const l = Uint32Array.from({ length: 8 }, (_, i) => i + 1);
    const r = Uint32Array.from({ length: 8 }, (_, i) => 100 + i);
    const s = new Uint32Array(16);
    s.set(l, 0);
    s.set(r, 8);
    poseidon2Permute16(s);
    expect(poseidon2Compress(l, r)).toEqual(s.slice(0, 8));
    expect(poseidon2Compress(r, l)).not.toEqual(s.slice(0, 8));
    expect(() => poseidon2Compress(l, new Uint32Array(7))).toThrow(Poseidon2Error);
  });
});
