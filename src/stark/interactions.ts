/**
 * Evaluate a table's bus interactions (tuple components and multiplicities) on every trace row,
 * with the WebAssembly interpreter (one output column per component). Used by the debug checker
 * (bus balance) and by the prover (LogUp helper columns). `evaluateInteractionsReference` is the
 * TypeScript-program version the kernel is tested against.
 */
import type { RowMajorMatrix } from '../field/matrix.ts';
import { FP4_ZERO } from '../field/extension.ts';
import { BLOCK, ConstraintProgram } from './air/program.ts';
import type { CompiledTable } from './air/system.ts';
import { cachedKernelProgram, kernelConstants, type Sink } from './kernels/program-compiler.ts';
import { runStoreKernel } from './kernels/program-runner.ts';

/** Per interaction: component columns and the multiplicity column, one word per row. */
export interface InteractionValues {
  readonly values: Uint32Array[][];
  readonly mult: Uint32Array[];
}

/** Evaluate every interaction of `table` on every row of `trace`. */
export function evaluateInteractions(
  table: CompiledTable,
  trace: RowMajorMatrix,
  prep: RowMajorMatrix | null,
  publics: readonly number[],
): InteractionValues {
  const slots = table.interactions.reduce((s, it) => s + it.values.length + 1, 0);
  const program = cachedKernelProgram(table.arena, 'interactions', () => {
    const sinks: Sink[] = [];
    for (const it of table.interactions) {
      for (const node of [...it.values, it.multiplicity]) sinks.push({ kind: 'store', node, slot: sinks.length });
    }
    return sinks;
  });
  const columns = runStoreKernel(
    program,
    kernelConstants(table.arena, program, { publics, challenges: [], cumSum: FP4_ZERO }),
    { size: trace.height, stride: 1, nextOffset: 1, main: trace, prep, perm: null },
    slots,
  );
  let slot = 0;
  const values: Uint32Array[][] = [];
  const mult: Uint32Array[] = [];
  for (const it of table.interactions) {
    values.push(it.values.map(() => columns[slot++]!));
    mult.push(columns[slot++]!);
  }
  return { values, mult };
}

/** evaluateInteractions with the TypeScript constraint program. */
export function evaluateInteractionsReference(
  table: CompiledTable,
  trace: RowMajorMatrix,
  prep: RowMajorMatrix | null,
  publics: readonly number[],
): InteractionValues {
  const n = trace.height;
  const roots: number[] = [];
  for (const it of table.interactions) roots.push(...it.values, it.multiplicity);
  const program = ConstraintProgram.compile(table.arena, roots);
  const values = table.interactions.map((it) => it.values.map(() => new Uint32Array(n)));
  const mult = table.interactions.map(() => new Uint32Array(n));
  program.run(
    { size: n, stride: 1, nextShift: 1, main: trace, prep, perm: null },
    { publics, challenges: [], cumSum: FP4_ZERO },
    (start, len, view) => {
      table.interactions.forEach((it, i) => {
        it.values.forEach((node, j) => {
          const r = program.register[node]! * BLOCK;
          values[i]![j]!.set(view.base.subarray(r, r + len), start);
        });
        const r = program.register[it.multiplicity]! * BLOCK;
        mult[i]!.set(view.base.subarray(r, r + len), start);
      });
    },
  );
  return { values, mult };
}
