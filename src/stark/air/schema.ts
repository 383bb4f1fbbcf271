/**
 * Column schemas: ONE typed declaration of a table's columns, used both by trace generation
 * (which writes rows by name) and by the constraints (which read columns by name).
 *
 *   const cols = schema({ a: 1, b: 1, limbs: 16 });
 *   cols.a       // 0          (a width-1 entry is a plain column index)
 *   cols.limbs   // [2, ..., 17] (a wider entry is a readonly array of indices)
 *   cols.width   // 18
 */
import { AirDefinitionError } from '../errors.ts';

/** Column index for width-1 entries, readonly index array for wider ones. */
export type ColumnLayout<S extends Record<string, number>> = {
  readonly [K in keyof S]: S[K] extends 1 ? number : readonly number[];
};

/** A schema: the layout fields plus the total width and a per-column display name. */
export type Schema<S extends Record<string, number> = Record<string, number>> = ColumnLayout<S> & {
  readonly width: number;
  /** `columnNames[i]` names column i, e.g. `limbs[3]`. */
  readonly columnNames: readonly string[];
};

/** Keys a schema entry may not use, because the schema object itself carries them. */
const RESERVED = new Set(['width', 'columnNames']);

/** Declare a table's columns; entries are laid out left to right in declaration order. */
export function schema<const S extends Record<string, number>>(spec: S): Schema<S> {
  const out: Record<string, unknown> = {};
  const names: string[] = [];
  let next = 0;
  for (const [key, width] of Object.entries(spec)) {
    if (RESERVED.has(key)) throw new AirDefinitionError(`schema: '${key}' is a reserved name`);
    if (!Number.isInteger(width) || width < 1) {
      throw new AirDefinitionError(`schema: entry '${key}' needs a positive integer width`, { width });
    }
    if (width === 1) {
      out[key] = next;
      names.push(key);
    } else {
      const idx: number[] = [];
      for (let i = 0; i < width; i++) {
        idx.push(next + i);
        names.push(`${key}[${i}]`);
      }
      out[key] = Object.freeze(idx);
    }
    next += width;
  }
  out['width'] = next;
  out['columnNames'] = Object.freeze(names);
  return Object.freeze(out) as Schema<S>;
}

/** The empty schema (a table with no preprocessed columns, for instance). */
export const EMPTY_SCHEMA = schema({}) as Schema<Record<string, never>>;
