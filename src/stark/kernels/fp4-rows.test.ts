import { describe, expect, it } from 'vitest';
import { inv, P, twoAdicGenerator } from '../../field/babybear.ts';
import { fp4, type Fp4 } from '../../field/extension.ts';
import { SeededRng } from '../testing/prng.ts';
import { friFoldFp4, scaleAccFp4, subMulAccFp4 } from './fp4-rows.ts';
import { friFoldReference, scaleAccReference, subMulAccReference } from './fp4-rows-reference.ts';

const rng = new SeededRng(99);
const word = (): number => (rng.below(6) === 0 ? [0, 1, P - 1][rng.below(3)]! : rng.below(P));
const words = (n: number): Uint32Array => Uint32Array.from({ length: n }, word);
const randomFp4 = (): Fp4 => fp4(word(), word(), word(), word());

describe('row-wise Fp4 kernels (WebAssembly) agree with the TypeScript oracle', () => {
  it('subMulAccFp4 on a strided column and scaleAccFp4', () => {
    for (const n of [1, 2, 7, 64, 1000]) {
      for (const [stride, offset] of [[4, 0], [8, 4], [12, 3]] as const) {
        const g = words(stride * n + 8);
        const invs = words(4 * n);
        const v = randomFp4();
        const out = words(4 * n);
        const want = out.slice();
        subMulAccFp4(out, g, stride, offset, v, invs);
        subMulAccReference(want, g, stride, offset, v, invs);
        expect(Array.from(out)).toEqual(Array.from(want));
      }
      const a = words(4 * n);
      const s = randomFp4();
      const out = words(4 * n);
      const want = out.slice();
      scaleAccFp4(out, a, s);
      scaleAccReference(want, a, s);
      expect(Array.from(out)).toEqual(Array.from(want));
    }
  });

  it('friFoldFp4', () => {
    for (const logN of [1, 2, 5, 11]) {
      const cur = words(4 << logN);
      const beta = randomFp4();
      const omegaInv = inv(twoAdicGenerator(logN));
      expect(Array.from(friFoldFp4(cur, beta, omegaInv))).toEqual(Array.from(friFoldReference(cur, beta, omegaInv)));
    }
  });
});
