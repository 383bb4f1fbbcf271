/**
 * The fixed part of the generated verifier: Yul helpers for calldata reading, BabyBear/Fp4
 * arithmetic, the Keccak duplex transcript, Merkle batch openings and the DEEP combination.
 * `yulRuntime(m)` instantiates them against a memory layout (absolute addresses, see layout.ts).
 *
 * Fp4 = F_p[X]/(X^4 − 11) elements are packed in one word, coefficient k in bits [64k, 64k+64):
 * one stack slot per element, and additions run on all four lanes at once. With canonical lanes
 * (< p < 2^31) a lane sum is < 2^32, so adding 2^32 − p to every lane sets bit 32 exactly in the
 * lanes that need a subtraction of p; lanes are 64 bits wide, so no carry crosses a lane. A product
 * of a packed element by a base scalar keeps every lane product < 2^62 (no carry either), which
 * is how f4mul forms the 16 partial products with 4 multiplications.
 */
import { P } from '../../field/babybear.ts';
import type { MemoryLayout } from './layout.ts';

const hex = (n: bigint): string => '0x' + n.toString(16);
const rep = (lane: bigint, bits: number, count: number): bigint => {
  let v = 0n;
  for (let i = 0; i < count; i++) v |= lane << BigInt(bits * i);
  return v;
};

/** Word constants used by the runtime (shared with the generator for literals). */
export const YUL_CONST = {
  P: hex(BigInt(P)),
  M64: hex((1n << 64n) - 1n),
  M128: hex((1n << 128n) - 1n),
  P4: hex(rep(BigInt(P), 64, 4)),
  D4: hex(rep((1n << 32n) - BigInt(P), 64, 4)),
  ONES: hex(rep(1n, 64, 4)),
} as const;

/** Selectors of the custom errors raised from assembly (first 4 bytes of keccak of the signature). */
export interface ErrorSelectors {
  readonly truncated: string;
  readonly malformed: string;
  readonly nonCanonical: string;
  readonly rejected: string;
}

/** Yul text of every helper function. `debugReverts`: a failed check reverts ProofRejected(code). */
export function yulRuntime(m: MemoryLayout, sel: ErrorSelectors, debugReverts: boolean): string {
  const { P: PP, M64, M128, P4, D4, ONES } = YUL_CONST;
  const rejectBody = debugReverts
    ? `mstore(0, ${sel.rejected}) mstore(4, code) revert(0, 36)`
    : 'mstore(0, 0) return(0, 32)';
  return `
      // ---- failures -------------------------------------------------------------------------
      // A failed verification check (code: see the header comment).
      function fail(code) { ${rejectBody} }
      function truncated(pos) { mstore(0, ${sel.truncated}) mstore(4, sub(pos, mload(${m.PBASE}))) revert(0, 36) }
      function malformed(pos) { mstore(0, ${sel.malformed}) mstore(4, sub(pos, mload(${m.PBASE}))) revert(0, 36) }
      function noncanonical(pos) { mstore(0, ${sel.nonCanonical}) mstore(4, sub(pos, mload(${m.PBASE}))) revert(0, 36) }

      // ---- calldata reading (every read is bounds-checked against the proof's end) ----------
      function bswap32(x) -> y {
        x := or(shr(8, and(x, 0xff00ff00)), shl(8, and(x, 0x00ff00ff)))
        y := and(or(shr(16, x), shl(16, x)), 0xffffffff)
      }
      function min(a, b) -> r { r := a if lt(b, a) { r := b } }
      function max(a, b) -> r { r := a if gt(b, a) { r := b } }
      function le32(pos) -> v { v := bswap32(shr(224, calldataload(pos))) }
      // Reserve n bytes at the cursor; returns their start.
      function need(n) -> p {
        p := mload(${m.CUR})
        if gt(add(p, n), mload(${m.END})) { truncated(p) }
        mstore(${m.CUR}, add(p, n))
      }
      function rd8() -> v { v := shr(248, calldataload(need(1))) }
      function rd16() -> v { let w := shr(240, calldataload(need(2))) v := or(shr(8, w), shl(8, and(w, 0xff))) }
      function rd32() -> v { v := le32(need(4)) }
      function expect(v, want) { if iszero(eq(v, want)) { malformed(mload(${m.CUR})) } }
      // Four little-endian u32 at pos as a packed Fp4; reverts unless every one is < p.
      function ld4(pos) -> r {
        let w := shr(128, calldataload(pos))
        w := or(shr(8, and(w, 0xff00ff00ff00ff00ff00ff00ff00ff00)), shl(8, and(w, 0x00ff00ff00ff00ff00ff00ff00ff00ff)))
        w := or(shr(16, and(w, 0xffff0000ffff0000ffff0000ffff0000)), shl(16, and(w, 0x0000ffff0000ffff0000ffff0000ffff)))
        r := or(or(shr(96, w), shl(64, and(shr(64, w), 0xffffffff))), or(shl(128, and(shr(32, w), 0xffffffff)), shl(192, and(w, 0xffffffff))))
        if and(shr(32, add(r, ${D4})), ${ONES}) { noncanonical(pos) }
      }
      // A vector of count Fp4 elements (u32 count, then 4 u32 each), all canonical.
      function rdVec(count) -> pos {
        expect(rd32(), count)
        pos := need(mul(16, count))
        for { let k := 0 } lt(k, count) { k := add(k, 1) } { pop(ld4(add(pos, mul(16, k)))) }
      }
      // A Merkle batch opening: record = [n, indicesPos, rowsPos, siblingCount, siblingsPos].
      function rdOpening(rec, width) {
        let n := rd32()
        if iszero(n) { malformed(mload(${m.CUR})) }
        mstore(rec, n)
        mstore(add(rec, 32), need(mul(4, n)))
        expect(rd32(), width)
        mstore(add(rec, 64), need(mul(mul(4, n), width)))
        let s := rd32()
        mstore(add(rec, 96), s)
        mstore(add(rec, 128), need(mul(32, s)))
      }

      // ---- BabyBear and Fp4 = F_p[X]/(X^4 - 11), packed ------------------------------------
      function f4add(a, b) -> r { r := add(a, b) r := sub(r, mul(and(shr(32, add(r, ${D4})), ${ONES}), ${PP})) }
      function f4sub(a, b) -> r { r := f4add(a, sub(${P4}, b)) }
      function f4neg(a) -> r { r := f4add(0, sub(${P4}, a)) }
      function f4muls(a, s) -> r {
        let t := mul(a, s)
        r := or(or(mod(and(t, ${M64}), ${PP}), shl(64, mod(and(shr(64, t), ${M64}), ${PP}))), or(shl(128, mod(and(shr(128, t), ${M64}), ${PP})), shl(192, mod(shr(192, t), ${PP}))))
      }
      // Schoolbook product: lo holds the terms a_i·b_j with i + j < 4, hi those with i + j >= 4
      // (they wrap with the factor 11 = X^4); every lane sums at most 4 products < 2^62.
      function f4mul(a, b) -> r {
        let u := mul(a, and(shr(64, b), ${M64}))
        let v := mul(a, and(shr(128, b), ${M64}))
        let w := mul(a, shr(192, b))
        let hi := add(add(shr(192, u), shr(128, v)), shr(64, w))
        let lo := add(add(mul(a, and(b, ${M64})), shl(64, u)), add(shl(128, v), shl(192, w)))
        r := or(
          or(mod(add(and(lo, ${M64}), mul(11, and(hi, ${M64}))), ${PP}), shl(64, mod(add(and(shr(64, lo), ${M64}), mul(11, and(shr(64, hi), ${M64}))), ${PP}))),
          or(shl(128, mod(add(and(shr(128, lo), ${M64}), mul(11, shr(128, hi))), ${PP})), shl(192, mod(shr(192, lo), ${PP})))
        )
      }
      // X·a: lanes move up one, the top lane wraps to lane 0 times 11.
      function f4mulx(a) -> r { r := or(shl(64, a), mulmod(11, shr(192, a), ${PP})) }
      // Base-field inverse by the MODEXP precompile (EIP-198): x^(p-2).
      function finv(x) -> r {
        mstore(${m.MODEXP + 96}, x)
        if iszero(staticcall(gas(), 5, ${m.MODEXP}, 192, ${m.MODEXP_OUT}, 32)) { revert(0, 0) }
        r := mload(${m.MODEXP_OUT})
      }
      // 1/a by the tower norm (as src/field/extension.ts fp4Inv); a zero a fails check 12.
      function f4inv(a) -> r {
        let a0 := and(a, ${M64})
        let a1 := and(shr(64, a), ${M64})
        let a2 := and(shr(128, a), ${M64})
        let a3 := shr(192, a)
        let b0 := addmod(addmod(mulmod(a0, a0, ${PP}), mulmod(11, mulmod(a2, a2, ${PP}), ${PP}), ${PP}), sub(${PP}, mulmod(22, mulmod(a1, a3, ${PP}), ${PP})), ${PP})
        let b1 := addmod(mulmod(2, mulmod(a0, a2, ${PP}), ${PP}), sub(${PP}, addmod(mulmod(a1, a1, ${PP}), mulmod(11, mulmod(a3, a3, ${PP}), ${PP}), ${PP})), ${PP})
        let nrm := addmod(mulmod(b0, b0, ${PP}), sub(${PP}, mulmod(11, mulmod(b1, b1, ${PP}), ${PP})), ${PP})
        if iszero(nrm) { fail(12) }
        let ni := finv(nrm)
        r := f4mul(
          or(or(a0, shl(64, mod(sub(${PP}, a1), ${PP}))), or(shl(128, a2), shl(192, mod(sub(${PP}, a3), ${PP})))),
          or(mulmod(b0, ni, ${PP}), shl(128, mulmod(sub(${PP}, b1), ni, ${PP})))
        )
      }

      // ---- Keccak duplex transcript (src/hash/transcript.ts) -------------------------------
      // Memory: [TR] role byte, [TR+1, TR+33) state S, [TR+33, PEND) pending absorbs.
      function trFlush() {
        let e := mload(${m.PEND})
        if gt(e, ${m.TR + 33}) {
          mstore8(${m.TR}, 0)
          mstore(${m.TR + 1}, keccak256(${m.TR}, sub(e, ${m.TR})))
          mstore(${m.PEND}, ${m.TR + 33})
          mstore(${m.OUTP}, 32)
        }
      }
      function trWord() -> v {
        trFlush()
        let o := mload(${m.OUTP})
        if gt(o, 28) {
          mstore8(${m.TR}, 1)
          mstore(${m.TR + 1}, keccak256(${m.TR}, 33))
          o := 0
        }
        v := bswap32(shr(224, shl(mul(8, o), mload(${m.TR + 1}))))
        mstore(${m.OUTP}, add(o, 4))
      }
      function trField() -> v { for {} 1 {} { v := and(trWord(), 0x7fffffff) if lt(v, ${PP}) { break } } }
      function trFp4() -> r {
        let c0 := trField()
        let c1 := trField()
        let c2 := trField()
        r := or(or(c0, shl(64, c1)), or(shl(128, c2), shl(192, trField())))
      }
      // Tagged items (tag byte, then little-endian payload); counts are < 2^32 here.
      function trU64(n) { let e := mload(${m.PEND}) mstore(e, or(shl(248, 0x15), shl(216, bswap32(n)))) mstore(${m.PEND}, add(e, 9)) }
      function trField1(v) { let e := mload(${m.PEND}) mstore(e, or(shl(248, 0x11), shl(216, bswap32(v)))) mstore(${m.PEND}, add(e, 5)) }
      function trDigest(d) { let e := mload(${m.PEND}) mstore8(e, 0x14) mstore(add(e, 1), d) mstore(${m.PEND}, add(e, 33)) }
      function trDigestCd(pos) { let e := mload(${m.PEND}) mstore8(e, 0x14) calldatacopy(add(e, 1), pos, 32) mstore(${m.PEND}, add(e, 33)) }
      function trFp4Cd(pos) { let e := mload(${m.PEND}) mstore8(e, 0x13) calldatacopy(add(e, 1), pos, 16) mstore(${m.PEND}, add(e, 17)) }
      function trFieldsHeader(n) { let e := mload(${m.PEND}) mstore(e, or(shl(248, 0x12), shl(216, bswap32(n)))) mstore(${m.PEND}, add(e, 9)) }
      // n field elements stored as little-endian u32 in calldata: copied as they are.
      function trFieldsCd(pos, n) {
        trFieldsHeader(n)
        let e := mload(${m.PEND})
        calldatacopy(e, pos, mul(4, n))
        mstore(${m.PEND}, add(e, mul(4, n)))
      }
      // count public inputs from index start (uint256 words, already checked < p).
      function trPublics(start, count) {
        trFieldsHeader(count)
        let e := mload(${m.PEND})
        for { let k := 0 } lt(k, count) { k := add(k, 1) } {
          mstore(add(e, mul(4, k)), shl(224, bswap32(calldataload(add(mload(${m.PUBS}), mul(32, add(start, k)))))))
        }
        mstore(${m.PEND}, add(e, mul(4, count)))
      }
      // Proof of work: keccak(0x02 ‖ S ‖ nonce) must start with bits zero bits; then absorb nonce.
      function trGrind(noncePos, bits) -> ok {
        trFlush()
        mstore8(${m.TR}, 2)
        calldatacopy(${m.TR + 33}, noncePos, 8)
        ok := iszero(shr(sub(256, bits), keccak256(${m.TR}, 41)))
        mstore8(${m.TR + 33}, 0x15)
        calldatacopy(${m.TR + 34}, noncePos, 8)
        mstore(${m.PEND}, ${m.TR + 42})
      }

      // ---- Merkle batch openings (src/hash/merkle.ts sibling order) ------------------------
      // Work entries: ENT + 64k holds [row index, digest] of the k-th known node of a level.
      // Leaves of the opened rows: indices strictly ascending and < 2^logH (check 7).
      function mkLeaves(rec, width, logH) -> n {
        n := mload(rec)
        if gt(n, ${m.NQ}) { fail(7) }
        let idxPos := mload(add(rec, 32))
        let rowsPos := mload(add(rec, 64))
        let rb := mul(width, 4)
        let prev := 0
        for { let k := 0 } lt(k, n) { k := add(k, 1) } {
          let i := le32(add(idxPos, mul(4, k)))
          if iszero(lt(i, shl(logH, 1))) { fail(7) }
          if and(gt(k, 0), iszero(gt(i, prev))) { fail(7) }
          prev := i
          let e := add(${m.ENT}, mul(64, k))
          mstore(e, i)
          calldatacopy(${m.LEAF}, add(rowsPos, mul(rb, k)), rb)
          mstore(add(e, 32), keccak256(${m.LEAF}, rb))
        }
      }
      // Queries sorted by their row at the current level: SQ[k] = row << 16 | query number.
      // sortQueries sorts at the largest domain (insertion sort); levelDown(s) turns the order at
      // level s + 1 into the order at level s (rows mod 2^s) by one split and merge: rows with
      // bit s clear keep their order, rows with it set lose it and keep theirs.
      function sortQueries() {
        for { let q := 0 } lt(q, ${m.NQ}) { q := add(q, 1) } {
          let e := or(shl(16, mload(add(${m.QS}, mul(32, q)))), q)
          let j := q
          for {} j {} {
            let prev := mload(add(${m.SQ}, mul(32, sub(j, 1))))
            if lt(prev, e) { break }
            mstore(add(${m.SQ}, mul(32, j)), prev)
            j := sub(j, 1)
          }
          mstore(add(${m.SQ}, mul(32, j)), e)
        }
      }
      function levelDown(s) {
        let bit := shl(add(s, 16), 1)
        let nl := 0
        let nh := 0
        for { let k := 0 } lt(k, ${m.NQ}) { k := add(k, 1) } {
          let e := mload(add(${m.SQ}, mul(32, k)))
          switch and(e, bit)
          case 0 { mstore(add(${m.SQL}, mul(32, nl)), e) nl := add(nl, 1) }
          default { mstore(add(${m.SQH}, mul(32, nh)), sub(e, bit)) nh := add(nh, 1) }
        }
        let i := 0
        let j := 0
        for { let o := 0 } lt(o, ${m.NQ}) { o := add(o, 1) } {
          let takeHigh := 1
          if lt(i, nl) { if lt(j, nh) { takeHigh := lt(mload(add(${m.SQH}, mul(32, j))), mload(add(${m.SQL}, mul(32, i)))) } if iszero(lt(j, nh)) { takeHigh := 0 } }
          switch takeHigh
          case 0 { mstore(add(${m.SQ}, mul(32, o)), mload(add(${m.SQL}, mul(32, i)))) i := add(i, 1) }
          default { mstore(add(${m.SQ}, mul(32, o)), mload(add(${m.SQH}, mul(32, j)))) j := add(j, 1) }
        }
      }
      // The opened indices must be exactly the distinct query rows at this level (ascending, as
      // SQ is): walk SQ once, advancing through the opened indices at each new row.
      // rowOut[q] receives the calldata position of query q's row.
      function mkMap(rec, width, n, rowOut) {
        let rowsPos := mload(add(rec, 64))
        let rb := mul(width, 4)
        let u := 0
        let prev := not(0)
        for { let k := 0 } lt(k, ${m.NQ}) { k := add(k, 1) } {
          let e := mload(add(${m.SQ}, mul(32, k)))
          let v := shr(16, e)
          if iszero(eq(v, prev)) {
            if iszero(eq(prev, not(0))) { u := add(u, 1) }
            if iszero(lt(u, n)) { fail(7) }
            if iszero(eq(mload(add(${m.ENT}, mul(64, u))), v)) { fail(7) }
            prev := v
          }
          mstore(add(rowOut, mul(32, and(e, 0xffff))), add(rowsPos, mul(rb, u)))
        }
        if iszero(eq(add(u, 1), n)) { fail(7) }
      }
      // Hash up level by level, in place; siblings must be consumed exactly and the root must
      // match (check 8).
      function mkClimb(rec, logH, n, root) {
        let sib := mload(add(rec, 128))
        let sibEnd := add(sib, mul(32, mload(add(rec, 96))))
        let end := add(${m.ENT}, mul(64, n))
        for { let level := 0 } lt(level, logH) { level := add(level, 1) } {
          let wr := ${m.ENT}
          for { let rd := ${m.ENT} } lt(rd, end) { rd := add(rd, 64) } {
            let i := mload(rd)
            switch and(i, 1)
            case 0 {
              let nx := add(rd, 64)
              switch and(lt(nx, end), eq(mload(nx), add(i, 1)))
              case 1 {
                mstore(0, mload(add(rd, 32)))
                mstore(32, mload(add(nx, 32)))
                rd := nx
              }
              default {
                if iszero(lt(sib, sibEnd)) { fail(8) }
                mstore(0, mload(add(rd, 32)))
                mstore(32, calldataload(sib))
                sib := add(sib, 32)
              }
            }
            default {
              if iszero(lt(sib, sibEnd)) { fail(8) }
              mstore(0, calldataload(sib))
              mstore(32, mload(add(rd, 32)))
              sib := add(sib, 32)
            }
            mstore(wr, shr(1, i))
            mstore(add(wr, 32), keccak256(0, 64))
            wr := add(wr, 64)
          }
          end := wr
        }
        if iszero(and(eq(sib, sibEnd), eq(end, ${m.ENT + 64}))) { fail(8) }
        if iszero(eq(mload(${m.ENT + 32}), root)) { fail(8) }
      }
      function mkVerify(rec, width, logH, root, rowOut) {
        let n := mkLeaves(rec, width, logH)
        mkMap(rec, width, n, rowOut)
        mkClimb(rec, logH, n, root)
      }

      // ---- DEEP ---------------------------------------------------------------------------
      // Σ_c λ^(b+c)·row[c] for a base-field row; powers stored split (lanes 0,2 | lanes 1,3) in
      // 128-bit lanes so the products accumulate without reduction.
      function deepComb(rowPos, width, pws) -> g {
        let lo := 0
        let hi := 0
        for { let c := 0 } lt(c, width) { c := add(c, 1) } {
          let p := add(rowPos, mul(4, c))
          let v := le32(p)
          if iszero(lt(v, ${PP})) { noncanonical(p) }
          let pa := add(pws, mul(64, c))
          lo := add(lo, mul(mload(pa), v))
          hi := add(hi, mul(mload(add(pa, 32)), v))
        }
        g := or(or(mod(and(lo, ${M128}), ${PP}), shl(64, mod(and(hi, ${M128}), ${PP}))), or(shl(128, mod(shr(128, lo), ${PP})), shl(192, mod(shr(128, hi), ${PP}))))
      }
      // Σ_c λ^(b+c)·v_c over opened Fp4 values (calldata) with packed powers from pw.
      function combOpened(pos, width, pw) -> s {
        for { let c := 0 } lt(c, width) { c := add(c, 1) } {
          s := f4add(s, f4mul(mload(add(pw, mul(32, c))), ld4(add(pos, mul(16, c)))))
        }
      }
      // Σ_k X^k·v_k with v_k the Fp4 at pos + 16k (an Fp4 column committed as 4 base columns).
      function fromCoords(pos) -> r {
        r := f4add(f4mulx(f4add(f4mulx(f4add(f4mulx(ld4(add(pos, 48))), ld4(add(pos, 32)))), ld4(add(pos, 16)))), ld4(pos))
      }
      // Row filters at ζ for a trace of 2^logN rows (src/stark/domain.ts selectorsAt), check 2.
      function oodSelectors(logN) {
        let z := mload(${m.ZETA})
        let zn := z
        for { let k := 0 } lt(k, logN) { k := add(k, 1) } { zn := f4mul(zn, zn) }
        mstore(${m.ZETAN}, zn)
        let zh := f4sub(zn, 1)
        let zm1 := f4sub(z, 1)
        let tr := f4sub(z, mload(add(${m.IG}, mul(32, logN))))
        if or(or(iszero(zh), iszero(zm1)), iszero(tr)) { fail(2) }
        mstore(${m.ZH}, zh)
        mstore(${m.SFIRST}, f4mul(zh, f4inv(zm1)))
        mstore(${m.SLAST}, f4mul(zh, f4inv(tr)))
        mstore(${m.STRANS}, tr)
      }
      // g^e for a two-adic generator table (G or IG) of 2^logN, by the bits of e < 2^logN.
      function powTable(tbl, logN, e) -> x {
        x := 1
        let b := 0
        for {} e {} {
          if and(e, 1) { x := mulmod(x, mload(add(tbl, mul(32, sub(logN, b)))), ${PP}) }
          e := shr(1, e)
          b := add(b, 1)
        }
      }
`;
}
