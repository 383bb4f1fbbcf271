/**
 * The LogUp helper trace of one table (formulation in air/system.ts): per group g the Fp4 column
 * h_g = Σ_{i∈g} ±m_i/d_i and the running sum S, laid out as base columns (Fp4 column c, coefficient
 * k at base column 4c + k). Returns the trace and the claimed cumulative sum S[n−1].
 */
import { add as add_, mul as mul_, P as P_ } from '../field/babybear.ts';
import { fp4BatchInverse, type Fp4 } from '../field/extension.ts';
import { RowMajorMatrix } from '../field/matrix.ts';
import { combineRowsFp4 } from './kernels/linear.ts';
import type { AirSystem, CompiledTable } from './air/system.ts';
import type { InteractionValues } from './interactions.ts';

// Imported bindings compile to accessor calls under tsx; local consts let V8 inline them in hot loops.
const P = P_;
const mul = mul_;
const add = add_;

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
  // Denominators d_i[r] = (z − bus) − Σ_j γ^{j+1}·v_j[r], flat Fp4, interaction-major; the sum
  // over components is a row combination run in the WebAssembly kernel.
  const denoms = new Uint32Array(4 * n * k);
  table.interactions.forEach((it, i) => {
    const busId = system.buses.find((b) => b.name === it.bus)!.id;
    const cols = iv.values[i]!;
    const arity = cols.length;
    const c0 = (z[0]! - busId + P) % P;
    const o = 4 * i * n;
    if (arity === 0) {
      for (let r = 0; r < n; r++) denoms.set([c0, z[1]!, z[2]!, z[3]!], o + 4 * r);
      return;
    }
    const rows = new Uint32Array(n * arity);
    for (let j = 0; j < arity; j++) {
      const col = cols[j]!;
      for (let r = 0; r < n; r++) rows[r * arity + j] = col[r]!;
    }
    const coefs = new Uint32Array(4 * arity);
    for (let j = 0; j < arity; j++) {
      const g = challenges[j + 1]!;
      for (let c = 0; c < 4; c++) coefs[4 * j + c] = g[c] === 0 ? 0 : P - g[c]!;
    }
    const sums = combineRowsFp4(new RowMajorMatrix(rows, arity), coefs);
    const z1 = z[1]!;
    const z2 = z[2]!;
    const z3 = z[3]!;
    for (let r = 0; r < n; r++) {
      const q = 4 * r;
      denoms[o + q] = add(sums[q]!, c0);
      denoms[o + q + 1] = add(sums[q + 1]!, z1);
      denoms[o + q + 2] = add(sums[q + 2]!, z2);
      denoms[o + q + 3] = add(sums[q + 3]!, z3);
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
          const t = mul(invs[o + c]!, m);
          const prev = out[base + c]!;
          const s = send ? prev + t : prev - t;
          out[base + c] = s >= P ? s - P : s < 0 ? s + P : s;
        }
      }
    }
  });
  const sCol = 4 * layout.runningSumCol;
  const acc = new Uint32Array(4);
  const groups = layout.groups.length;
  for (let r = 0; r < n; r++) {
    const row = r * width;
    for (let g = 0; g < groups; g++) {
      for (let c = 0; c < 4; c++) acc[c] = add(acc[c]!, out[row + 4 * g + c]!);
    }
    for (let c = 0; c < 4; c++) out[row + sCol + c] = acc[c]!;
  }
  return { trace: new RowMajorMatrix(out, width), cumSum: acc };
}
