/**
 * The `byte_class` preprocessed lookup table: 256 rows (byte, immediates, isJumpdestOpcode),
 * generated from the interpreter's own opcode table (src/evm/opcodes.ts: `immediates` is n for
 * PUSHn, 0 otherwise; JUMPDEST is the entry named 'JUMPDEST'), so the circuit and the EVM cannot
 * disagree about which bytes start PUSH data.
 *
 * The `bytecode` table sends (byte, immediates, jumpdestOp) once per row. Why a lookup rather than
 * a selector polynomial over the byte's bits: recognising PUSH1..PUSH32 from bits needs 8 bit
 * columns, (1 − b7)·b6·b5 (degree 3) and the count (low 5 bits + 1) on top (degree 4), and
 * JUMPDEST = 0x5b is a product of 8 literals (degree 8, so 3 helper columns to stay at degree 3);
 * the lookup costs two witness columns and one 3-component bus message per row, keeps every
 * constraint of the byte table at degree ≤ 3, and doubles as the byte's range check (only rows
 * 0..255 exist), so no `range8` lookup is needed. The table itself is 256 fixed rows in the
 * verifying key plus one multiplicity column.
 */
import { RowMajorMatrix } from '../../field/matrix.ts';
import { OPCODES } from '../../evm/opcodes.ts';
import { defineTable, schema, type TableSpec } from '../../stark/index.ts';

/** Bus of (byte, immediates, isJumpdestOpcode) lookups; the `byte_class` table receives them. */
export const BYTE_CLASS_BUS = 'byte_class';
/** Component offsets of a `byte_class` message. */
export const BYTE_CLASS_TUPLE = Object.freeze({ byte: 0, immediates: 1, jumpdestOp: 2, arity: 3 });

/** Preprocessed columns: the byte, its PUSH immediate count, 1 iff it is the JUMPDEST opcode. */
export const BYTE_CLASS_PREP = schema({ byte: 1, immediates: 1, jumpdestOp: 1 });
/** Main columns: how many times each row is looked up. */
export const BYTE_CLASS_COLUMNS = schema({ mult: 1 });

/** Rows of the table (one per byte value). */
const ROWS = 256;

/** PUSH immediate count of each byte value (0 unless PUSH1..PUSH32). */
export const IMMEDIATES: Readonly<Uint8Array> = Uint8Array.from(OPCODES, (o) => o.immediates);
/** 1 at the JUMPDEST opcode, 0 elsewhere. */
export const JUMPDEST_OPCODE: Readonly<Uint8Array> = Uint8Array.from(OPCODES, (o) => (o.name === 'JUMPDEST' ? 1 : 0));

/** The `byte_class` table definition. */
export const byteClassTable: TableSpec<{ mult: 1 }, { byte: 1; immediates: 1; jumpdestOp: 1 }> = defineTable({
  name: 'byte_class',
  columns: BYTE_CLASS_COLUMNS,
  preprocessed: {
    columns: BYTE_CLASS_PREP,
    height: ROWS,
    generate: () => {
      const w = BYTE_CLASS_PREP.width;
      const v = new Uint32Array(ROWS * w);
      for (let byte = 0; byte < ROWS; byte++) {
        v[byte * w + BYTE_CLASS_PREP.byte] = byte;
        v[byte * w + BYTE_CLASS_PREP.immediates] = IMMEDIATES[byte]!;
        v[byte * w + BYTE_CLASS_PREP.jumpdestOp] = JUMPDEST_OPCODE[byte]!;
      }
      return v;
    },
  },
  constraints(b) {
    const p = BYTE_CLASS_PREP;
    b.receive(BYTE_CLASS_BUS, [b.prep(p.byte), b.prep(p.immediates), b.prep(p.jumpdestOp)], b.main(BYTE_CLASS_COLUMNS.mult));
  },
});

/**
 * The multiplicity trace of `byte_class` for the looked-up bytes. Values outside [0, 256) have no
 * row and are skipped, so a tampered byte shows up as a bus imbalance rather than a crash.
 */
export function byteClassMultiplicities(bytes: Iterable<number>): RowMajorMatrix {
  const m = new Uint32Array(ROWS);
  for (const b of bytes) if (Number.isInteger(b) && b >= 0 && b < ROWS) m[b]! += 1;
  return new RowMajorMatrix(m, 1);
}
