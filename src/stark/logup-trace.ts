/**
 * The LogUp helper trace of one table (formulation in air/system.ts): per group g the Fp4 column
 * h_g = Σ_{i∈g} ±m_i/d_i and the running sum S, laid out as base columns (Fp4 column c, coefficient
 * k at base column 4c + k). Returns the trace and the claimed cumulative sum S[n−1].
 */
import { P as P_ } from '../field/babybear.ts';
import { fp4BatchInverse, type Fp4 } from '../field/extension.ts';
import { RowMajorMatrix } from '../field/matrix.ts';
import { mulMod as mulMod_ } from './air/program.ts';
import type { AirSystem, CompiledTable } from './air/system.ts';
import type { InteractionValues } from './interactions.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const P = P_;
const mulMod = mulMod_;

/** Build the LogUp trace of `table` from its evaluated interactions and the challenges. */
export function buildLogupTrace(
  system: AirSystem,
  table: CompiledTable,
  iv: InteractionValues,
  n: number,
  challenges: readonly Fp4[],
): { trace: RowMajorMatrix; cumSum: Fp4 } {
  const layout = table.logup!;
  const k = table.interactions.length;
  const z = challenges[0]!;
  // Denominators d_i[r], flat Fp4, interaction-major.
  const denoms = new Uint32Array(4 * n * k);
  table.interactions.forEach((it, i) => {
    const busId = system.buses.find((b) => b.name === it.bus)!.id;
    const c0 = (z[0]! - busId + P) % P;
    const cols = iv.values[i]!;
    for (let r = 0; r < n; r++) {
      let d0 = c0;
      let d1 = z[1]!;
      let d2 = z[2]!;
      let d3 = z[3]!;
      for (let j = 0; j < cols.length; j++) {
        const v = cols[j]![r]!;
        if (v === 0) continue;
        const g = challenges[j + 1]!;
        d0 -= mulMod(g[0]!, v);
        d1 -= mulMod(g[1]!, v);
        d2 -= mulMod(g[2]!, v);
        d3 -= mulMod(g[3]!, v);
        if (d0 < 0) d0 += P;
        if (d1 < 0) d1 += P;
        if (d2 < 0) d2 += P;
        if (d3 < 0) d3 += P;
      }
      const o = 4 * (i * n + r);
      denoms[o] = d0;
      denoms[o + 1] = d1;
      denoms[o + 2] = d2;
      denoms[o + 3] = d3;
    }
  });
  const invs = fp4BatchInverse(denoms);
  const width = 4 * layout.extWidth;
  const out = new Uint32Array(n * width);
  layout.groups.forEach((members, g) => {
    for (const i of members) {
      const send = table.interactions[i]!.kind === 'send';
      const mult = iv.mult[i]!;
      for (let r = 0; r < n; r++) {
        const m = mult[r]!;
        if (m === 0) continue;
        const o = 4 * (i * n + r);
        const base = r * width + 4 * g;
        for (let c = 0; c < 4; c++) {
          const t = mulMod(invs[o + c]!, m);
          const prev = out[base + c]!;
          const s = send ? prev + t : prev - t;
          out[base + c] = s >= P ? s - P : s < 0 ? s + P : s;
        }
      }
    }
  });
  const sCol = 4 * layout.runningSumCol;
  const acc = [0, 0, 0, 0];
  for (let r = 0; r < n; r++) {
    const row = r * width;
    for (let g = 0; g < layout.groups.length; g++) {
      for (let c = 0; c < 4; c++) acc[c] = (acc[c]! + out[row + 4 * g + c]!) % P;
    }
    for (let c = 0; c < 4; c++) out[row + sCol + c] = acc[c]!;
  }
  return { trace: new RowMajorMatrix(out, width), cumSum: Uint32Array.from(acc) };
}
