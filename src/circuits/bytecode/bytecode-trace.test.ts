import { describe, expect, it } from 'vitest';
import { jumpdestMap } from '../../evm/jumpdest.ts';
import { SeededRng } from '../../stark/testing/prng.ts';
import { IMMEDIATES, JUMPDEST_OPCODE } from './byte-class.ts';
import { BYTECODE_COLUMNS } from './bytecode-air.ts';
import {
  BytecodeTableBuilder,
  BytecodeTableError,
  byteRowFlags,
  bytecodeLookupTraces,
  bytecodePoseidon2Inputs,
  bytecodeRange8Lookups,
  bytecodeTuple,
} from './bytecode-trace.ts';
import { ByteStringKind, byteStringSponge, codeDigest, dataDigest, spongeBlocks } from './code-digest.ts';

const C = BYTECODE_COLUMNS;

/** Plain scan: 1 at every offset that is an opcode (not a PUSH1..PUSH32 immediate). */
function opcodeStarts(code: Uint8Array): Uint8Array {
  const out = new Uint8Array(code.length);
  let pc = 0;
  while (pc < code.length) {
    out[pc] = 1;
    const op = code[pc]!;
    pc += op >= 0x60 && op <= 0x7f ? op - 0x5e : 1;
  }
  return out;
}

/** Random code rich in PUSHes and 0x5b bytes (so JUMPDEST bytes land inside PUSH data). */
function randomCode(rng: SeededRng, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => {
    const k = rng.below(4);
    return k === 0 ? 0x5b : k === 1 ? 0x60 + rng.below(32) : rng.below(256);
  });
}

const CRAFTED: Uint8Array[] = [
  Uint8Array.of(),
  Uint8Array.of(0x5b),
  Uint8Array.of(0x60, 0x5b), // JUMPDEST as PUSH1 data
  Uint8Array.of(0x60, 0x5b, 0x5b), // data then a real JUMPDEST
  Uint8Array.of(0x61, 0x5b), // truncated PUSH2: the missing immediate is a padding row
  Uint8Array.of(0x7f, ...new Array<number>(32).fill(0x5b), 0x5b), // PUSH32 across the block boundary
  Uint8Array.of(...new Array<number>(23).fill(0x00), 0x7f), // PUSH32 as the block's last byte
  Uint8Array.of(...new Array<number>(24).fill(0x5b)), // exactly one block: an all-padding block follows
];

describe('bytecode trace: reference equivalence', () => {
  it('flags equal a plain scan of the zero-padded bytes and the EVM JUMPDEST analysis', () => {
    const rng = new SeededRng(17);
    const codes = [...CRAFTED, ...Array.from({ length: 60 }, (_, i) => randomCode(rng, i * 3 + rng.below(5)))];
    for (const code of codes) {
      const rows = 24 * spongeBlocks(ByteStringKind.Code, code.length);
      expect(rows).toBeGreaterThan(code.length + 32);
      const f = byteRowFlags(ByteStringKind.Code, code, rows);
      const padded = new Uint8Array(rows);
      padded.set(code);
      const starts = opcodeStarts(padded);
      const jumpdests = jumpdestMap(code);
      for (let i = 0; i < rows; i++) {
        expect(f.isCode[i], `code ${Array.from(code)} index ${i}`).toBe(starts[i]);
        expect(f.isJumpdest[i]).toBe(i < code.length ? jumpdests[i] : 0);
      }
      const data = byteRowFlags(ByteStringKind.Data, code, rows);
      expect(data.isCode.every((x) => x === 0) && data.isJumpdest.every((x) => x === 0)).toBe(true);
    }
    // The crafted cases say what they claim.
    expect(Array.from(byteRowFlags(ByteStringKind.Code, CRAFTED[2]!, 24).isJumpdest.subarray(0, 2))).toEqual([0, 0]);
    expect(Array.from(byteRowFlags(ByteStringKind.Code, CRAFTED[3]!, 24).isJumpdest.subarray(0, 3))).toEqual([0, 0, 1]);
    expect(Array.from(byteRowFlags(ByteStringKind.Code, CRAFTED[4]!, 24).isCode.subarray(0, 4))).toEqual([1, 0, 0, 1]);
  });

  it('builds one row per byte plus padding, with the digest, sponge and flags of each string', () => {
    const rng = new SeededRng(3);
    const bt = new BytecodeTableBuilder();
    const strings = [
      ...CRAFTED.map((b) => ({ kind: ByteStringKind.Code, b })),
      { kind: ByteStringKind.Data, b: randomCode(rng, 70) },
      { kind: ByteStringKind.Data, b: new Uint8Array(0) },
    ];
    const entries = strings.map(({ kind, b }) => bt.add(kind, b));
    const { traces, poseidon2Inputs, firstRows } = bt.build();
    const m = traces.bytecode;
    expect(bt.activeRows).toBe(552);
    expect(m.height).toBe(1024);
    expect(bt.activeRows).toBe(entries.reduce((s, e) => s + e.rows, 0));
    const expectedInputs: number[] = [];
    entries.forEach((e, s) => {
      const digest = e.kind === ByteStringKind.Code ? codeDigest(e.bytes) : dataDigest(e.bytes);
      expect(e.digest).toEqual(digest);
      expectedInputs.push(...byteStringSponge(e.kind, e.bytes).inputs);
      for (let r = 0; r < e.rows; r++) {
        const row = m.row(firstRows[s]! + r);
        const byte = r < e.bytes.length ? e.bytes[r]! : 0;
        expect([row[C.index], row[C.len], row[C.byte], row[C.isByte], row[C.start]]).toEqual([
          r,
          e.bytes.length,
          byte,
          r < e.bytes.length ? 1 : 0,
          r === 0 ? 1 : 0,
        ]);
        expect([row[C.isCode], row[C.isJumpdest]]).toEqual([e.flags.isCode[r], e.flags.isJumpdest[r]]);
        expect([row[C.immediates], row[C.jumpdestOp]]).toEqual([IMMEDIATES[byte], JUMPDEST_OPCODE[byte]]);
        expect(Array.from(C.digest, (c) => row[c])).toEqual(Array.from(digest));
      }
    });
    expect(Array.from(poseidon2Inputs)).toEqual(expectedInputs);
    expect(bytecodePoseidon2Inputs(m)).toEqual(poseidon2Inputs);
    // Two range8 values per string: rows − 1 − len − slack ∈ [0, 24) and the same + 232.
    const spare = entries.map((e) => e.rows - 1 - e.bytes.length - (e.kind === ByteStringKind.Code ? 32 : 0));
    expect(spare.every((x) => x >= 0 && x < 24)).toBe(true);
    expect(bytecodeRange8Lookups(m)).toEqual(spare.flatMap((x) => [x, x + 232]));
    // Rows past the strings are inactive and all zero.
    for (let r = bt.activeRows; r < m.height; r++) expect(m.row(r).every((x) => x === 0)).toBe(true);
    // byte_class counts one lookup per row (inactive rows look up byte 0).
    const counts = bytecodeLookupTraces(m).byte_class.column(0);
    expect(counts.reduce((s, x) => s + x, 0)).toBe(m.height);
  });

  it('holds every immediate of a PUSH32 truncated by the end of the code, and the STOP after it', () => {
    for (const prefix of [0, 1, 15, 16, 23, 24, 40]) {
      const code = new Uint8Array(prefix + 1).fill(0x01);
      code[prefix] = 0x7f;
      const bt = new BytecodeTableBuilder();
      const e = bt.add(ByteStringKind.Code, code);
      expect(bt.lookup(e, prefix)).toMatchObject({ byte: 0x7f, isCode: 1 });
      for (let j = 1; j <= 32; j++) expect(bt.lookup(e, prefix + j)).toMatchObject({ byte: 0, isCode: 0, isJumpdest: 0 });
      expect(bt.lookup(e, prefix + 33)).toMatchObject({ byte: 0, isCode: 1, isJumpdest: 0 });
      // Data strings only guarantee index n.
      const d = bt.add(ByteStringKind.Data, code);
      expect(bt.lookup(d, code.length)).toMatchObject({ byte: 0, isCode: 0 });
    }
  });

  it('answers lookups (past the end: byte 0) and refuses indices that are not rows', () => {
    const bt = new BytecodeTableBuilder();
    const code = Uint8Array.of(0x60, 0x5b, 0x5b);
    const e = bt.add(ByteStringKind.Code, code);
    expect(bt.add(ByteStringKind.Code, code.slice())).toBe(e);
    const asData = bt.add(ByteStringKind.Data, code);
    expect(asData).not.toBe(e);
    expect(bt.find(ByteStringKind.Code, codeDigest(code))).toBe(e);
    expect(bt.lookup(e, 1)).toMatchObject({ byte: 0x5b, isCode: 0, isJumpdest: 0 });
    expect(bt.lookup(e, 2, 3)).toMatchObject({ byte: 0x5b, isCode: 1, isJumpdest: 1 });
    expect(bt.lookup(e, 3).values).toEqual(bytecodeTuple(e.digest, 3, 0, 1, 0));
    expect(bt.lookup(asData, 2)).toMatchObject({ byte: 0x5b, isCode: 0, isJumpdest: 0 });
    expect(bt.lookupLength(e)).toEqual([...e.digest, 3]);
    expect(e.rows).toBe(48);
    expect(() => bt.lookup(e, 48)).toThrow(BytecodeTableError);
    expect(() => bt.lookup(e, -1)).toThrow('is not a row');
    expect(() => bt.lookup(e, 0, 0)).toThrow('positive');
    expect(() => new BytecodeTableBuilder().lookup(e, 0)).toThrow('does not belong');
    const { traces, firstRows } = bt.build();
    const row = (r: number) => traces.bytecode.row(firstRows[0]! + r);
    expect([row(0)[C.mult], row(1)[C.mult], row(2)[C.mult], row(3)[C.mult], row(0)[C.lenMult]]).toEqual([0, 1, 3, 1, 1]);
    expect(bt.lookupMessages()).toHaveLength(5);
  });
});
