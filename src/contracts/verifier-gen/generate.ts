/**
 * Generate the Solidity STARK verifier of one AIR system, config and verifying key: a contract
 * whose `verifyProof(bytes proof, uint256[] publicInputs)` re-implements src/stark/verifier.ts
 * on the existing binary proof format (src/stark/proof.ts), entirely in inline assembly.
 *
 * Why the existing format: its field elements are little-endian u32, exactly the bytes the Merkle
 * leaves and the transcript hash, so rows and opened values are hashed straight from calldata
 * (calldatacopy + keccak256, no re-encoding), and TypeScript and Solidity verify the same bytes.
 * Dropping the opened-row indices (derivable from the queries) would save about 1.7% of the
 * calldata at DEFAULT_CONFIG; not worth a second format.
 *
 * Outcomes: true when the proof verifies; false when a verification check fails; a revert with a
 * custom error when the input is malformed (ProofTruncated / ProofMalformed / NonCanonicalElement
 * with the byte offset in the proof; PublicInputCount / PublicInputNotCanonical). With
 * `debugReverts` a failed check reverts ProofRejected(code) instead of returning false.
 * Check codes: 2 ζ on the trace domain, 3 OOD constraint/quotient mismatch, 4 LogUp buses do not
 * balance, 5 FRI shape, 6 proof of work, 7 opened rows differ from the queries, 8 Merkle path,
 * 9 ζ on the LDE domain, 10 FRI fold, 11 FRI final polynomial, 12 zero inverse.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { inv, P, twoAdicGenerator } from '../../field/babybear.ts';
import type { AirSystem } from '../../stark/air/system.ts';
import { configEquals, type StarkConfig } from '../../stark/config.ts';
import { LDE_SHIFT } from '../../stark/domain.ts';
import type { VerifyingKey } from '../../stark/keys.ts';
import { busIdOf, TRANSCRIPT_DOMAIN } from '../../stark/protocol.ts';
import { buildLayout, MAX_LOG_HEIGHT, type MemoryLayout } from './layout.ts';
import { oodCheckYul } from './ood-codegen.ts';
import { checkLayout, publicInputOffsets, type StatementLayout } from './statement.ts';
import { YUL_CONST, yulRuntime, type ErrorSelectors } from './yul-runtime.ts';

/** Generator options. */
export interface GenerateOptions extends StatementLayout {
  /** Solidity contract name (an identifier). */
  readonly contractName: string;
  /** Revert ProofRejected(code) on a failed check instead of returning false (for debugging). */
  readonly debugReverts?: boolean;
}

/** Raised when a verifier cannot be generated for the given inputs. */
export class VerifierGenError extends Error {
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'VerifierGenError';
  }
}

/** The Solidity error declarations (signatures also give the selectors). */
const ERRORS = {
  truncated: 'ProofTruncated(uint256)',
  malformed: 'ProofMalformed(uint256)',
  nonCanonical: 'NonCanonicalElement(uint256)',
  rejected: 'ProofRejected(uint256)',
  publicCount: 'PublicInputCount(uint256,uint256)',
  publicValue: 'PublicInputNotCanonical(uint256)',
} as const;

function selectorWord(signature: string): string {
  const h = keccak_256(new TextEncoder().encode(signature));
  return '0x' + Buffer.from(h.subarray(0, 4)).toString('hex') + '0'.repeat(56);
}

function bytes32(b: Uint8Array): string {
  if (b.length !== 32) throw new VerifierGenError('expected a 32-byte digest');
  return '0x' + Buffer.from(b).toString('hex');
}

/** keccak256("zkevm/transcript/v1" ‖ u64le(len) ‖ domain): the transcript's initial state. */
function initialTranscriptState(): string {
  const label = new TextEncoder().encode('zkevm/transcript/v1');
  const domain = new TextEncoder().encode(TRANSCRIPT_DOMAIN);
  const buf = new Uint8Array(label.length + 8 + domain.length);
  buf.set(label, 0);
  new DataView(buf.buffer).setBigUint64(label.length, BigInt(domain.length), true);
  buf.set(domain, label.length + 8);
  return bytes32(keccak_256(buf));
}

const MAGIC_LE = 0x54534b5a; // "ZKST" read as a little-endian u32
const PROOF_VERSION = 1;

/** Generate the verifier contract's Solidity source. */
export function generateVerifier(
  system: AirSystem,
  config: StarkConfig,
  verifyingKey: VerifyingKey,
  options: GenerateOptions,
): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.contractName)) {
    throw new VerifierGenError(`contract name '${options.contractName}' is not an identifier`);
  }
  if (verifyingKey.system !== system) throw new VerifierGenError('the verifying key belongs to another system');
  if (!configEquals(config, verifyingKey.config)) throw new VerifierGenError('config differs from the verifying key');
  checkLayout(system, options);
  const boundary = options.boundary ?? [];
  const { starts, total: publicCount } = publicInputOffsets(system, options);
  const boundaryBytes = boundary.reduce((s, msg) => s + 9 + 9 + 9 + 4 * msg.values.length + 5, 0);
  const m = buildLayout(system, config, publicCount, boundaryBytes);
  const sel: ErrorSelectors = {
    truncated: selectorWord(ERRORS.truncated),
    malformed: selectorWord(ERRORS.malformed),
    nonCanonical: selectorWord(ERRORS.nonCanonical),
    rejected: selectorWord(ERRORS.rejected),
  };
  const logB = config.logBlowup;
  const hasBuses = system.buses.length > 0;
  const body: string[] = [];
  const emit = (s: string): void => {
    body.push(s);
  };

  // ---- entry: public inputs, constant tables --------------------------------------------------
  emit(`      mstore(${m.PBASE}, proof.offset)
      mstore(${m.CUR}, proof.offset)
      mstore(${m.END}, add(proof.offset, proof.length))
      mstore(${m.PUBS}, publicInputs.offset)
      if iszero(eq(publicInputs.length, ${publicCount})) {
        mstore(0, ${selectorWord(ERRORS.publicCount)}) mstore(4, publicInputs.length) mstore(36, ${publicCount}) revert(0, 68)
      }
      for { let k := 0 } lt(k, ${publicCount}) { k := add(k, 1) } {
        if iszero(lt(calldataload(add(publicInputs.offset, mul(32, k))), ${YUL_CONST.P})) {
          mstore(0, ${selectorWord(ERRORS.publicValue)}) mstore(4, k) revert(0, 36)
        }
      }
      mstore(${m.MODEXP}, 32) mstore(${m.MODEXP + 32}, 32) mstore(${m.MODEXP + 64}, 32)
      mstore(${m.MODEXP + 128}, ${P - 2}) mstore(${m.MODEXP + 160}, ${P})`);
  // Two-adic generators ω_k and their inverses, k = 0..27 (constants of src/field/babybear.ts).
  const gens: string[] = [];
  for (let k = 0; k <= 27; k++) {
    const g = twoAdicGenerator(k);
    gens.push(`mstore(${m.G + 32 * k}, ${g}) mstore(${m.IG + 32 * k}, ${inv(g)})`);
  }
  emit('      ' + gens.join('\n      '));

  // ---- parse: structure and bounds of the whole proof (src/stark/proof.ts layout) -------------
  emit(`      // ---- parse ----
      expect(rd32(), ${MAGIC_LE})
      expect(rd16(), ${PROOF_VERSION})
      expect(rd8(), ${config.logBlowup})
      expect(rd16(), ${config.numQueries})
      expect(rd8(), ${config.powBits})
      expect(rd8(), ${config.logFinalPolyLen})
      expect(rd16(), ${system.tables.length})`);
  for (const t of system.tables) {
    const s = m.tables[t.index]!;
    const rec = (kind: string): number => m.matrices.find((x) => x.table === t.index && x.kind === kind)!.REC;
    const permFp4 = t.logup === null ? 0 : 4 * t.logup.extWidth;
    const lines = [
      `{ // table ${t.name}`,
      `  let lh := rd8()`,
      t.prepHeight !== null
        ? `  if iszero(eq(lh, ${Math.log2(t.prepHeight)})) { malformed(mload(${m.CUR})) }`
        : `  if or(lt(lh, 1), gt(lh, ${MAX_LOG_HEIGHT})) { malformed(mload(${m.CUR})) }`,
      `  mstore(${s.LH}, lh)`,
      `  mstore(${s.MAINROOT}, need(32))`,
      `  expect(rd8(), ${t.logup === null ? 0 : 1})`,
      ...(t.logup === null
        ? []
        : [`  mstore(${s.PERMROOT}, need(32))`, `  let cs := need(16)`, `  pop(ld4(cs))`, `  mstore(${s.CUMSUM}, cs)`]),
      `  mstore(${s.QROOT}, need(32))`,
      `  mstore(${s.OPENED[0]}, rdVec(${t.prepWidth}))`,
      `  mstore(${s.OPENED[1]}, rdVec(${t.prepWidth}))`,
      `  mstore(${s.OPENED[2]}, rdVec(${t.mainWidth}))`,
      `  mstore(${s.OPENED[3]}, rdVec(${t.mainWidth}))`,
      `  mstore(${s.OPENED[4]}, rdVec(${permFp4}))`,
      `  mstore(${s.OPENED[5]}, rdVec(${permFp4}))`,
      `  mstore(${s.OPENED[6]}, rdVec(${4 * t.quotientDegree}))`,
      `  expect(rd8(), ${t.prepWidth > 0 ? 1 : 0})`,
      ...(t.prepWidth > 0 ? [`  rdOpening(${rec('prep')}, ${t.prepWidth})`] : []),
      `  expect(rd8(), 1)`,
      `  rdOpening(${rec('main')}, ${t.mainWidth})`,
      `  expect(rd8(), ${t.logup === null ? 0 : 1})`,
      ...(t.logup === null ? [] : [`  rdOpening(${rec('perm')}, ${4 * t.logup.extWidth})`]),
      `  expect(rd8(), 1)`,
      `  rdOpening(${rec('quotient')}, ${4 * t.quotientDegree})`,
      `}`,
    ];
    emit(lines.map((l) => '      ' + l).join('\n'));
  }
  const maxFinal = 1 << config.logFinalPolyLen;
  const lh = (i: number): string => `mload(${m.tables[i]!.LH})`;
  const maxOf = (xs: string[]): string => xs.reduce((acc, x) => `max(${acc}, ${x})`);
  const minOf = (xs: string[]): string => xs.reduce((acc, x) => `min(${acc}, ${x})`);
  const allLh = system.tables.map((_, i) => lh(i));
  emit(`      {
        let layers := rd8()
        if gt(layers, ${m.maxLayers}) { malformed(mload(${m.CUR})) }
        mstore(${m.FRI_L}, layers)
        mstore(${m.FRI_ROOTS}, need(mul(32, layers)))
        let fl := rd32()
        if gt(fl, ${maxFinal}) { malformed(mload(${m.CUR})) }
        mstore(${m.FINAL_LEN}, fl)
        let fp := need(mul(16, fl))
        mstore(${m.FINAL_POS}, fp)
        for { let k := 0 } lt(k, fl) { k := add(k, 1) } { mstore(add(${m.FINAL}, mul(32, k)), ld4(add(fp, mul(16, k)))) }
        mstore(${m.NONCE}, need(8))
        for { let k := 0 } lt(k, layers) { k := add(k, 1) } { rdOpening(add(${m.FREC}, mul(160, k)), 8) }
        if iszero(eq(mload(${m.CUR}), mload(${m.END}))) { malformed(mload(${m.CUR})) }
        // FRI shape from the heights: N0 = max LDE size, final size = min(logFinalPolyLen, min height) + logBlowup.
        let logN0 := add(${maxOf(allLh)}, ${logB})
        let lfl := min(${config.logFinalPolyLen}, ${minOf(allLh)})
        let lfs := add(lfl, ${logB})
        mstore(${m.LOGN0}, logN0)
        mstore(${m.LFS}, lfs)
        if iszero(eq(layers, sub(logN0, lfs))) { malformed(mload(${m.CUR})) }
        if iszero(eq(fl, shl(lfl, 1))) { malformed(mload(${m.CUR})) }
        mstore(${m.SIZES}, ${system.tables.map((_, i) => `shl(add(${lh(i)}, ${logB}), 1)`).reduce((a, b) => `or(${a}, ${b})`)})
      }`);

  // ---- transcript replay (src/stark/protocol.ts startTranscript, src/stark/verifier.ts) -------
  const tr: string[] = [
    '// ---- transcript ----',
    `mstore(${m.TR + 1}, ${initialTranscriptState()})`,
    `mstore(${m.PEND}, ${m.TR + 33})`,
    `mstore(${m.OUTP}, 32)`,
    `trDigest(${bytes32(verifyingKey.digest)})`,
    `trU64(${system.tables.length})`,
    ...system.tables.map((_, i) => `trU64(${lh(i)})`),
    ...system.tables.map((t, i) => `trPublics(${starts[i]}, ${t.publicInputNames.length})`),
    `trU64(${boundary.length})`,
  ];
  const valueOf = (v: { const: number } | { input: number }): string =>
    'const' in v ? String(v.const) : `calldataload(add(mload(${m.PUBS}), ${32 * v.input}))`;
  for (const msg of boundary) {
    tr.push(`trU64(${busIdOf(system, msg.bus)})`, `trU64(${msg.kind === 'send' ? 0 : 1})`);
    tr.push(`trFieldsHeader(${msg.values.length})`);
    for (const v of msg.values) {
      tr.push(`{ let e := mload(${m.PEND}) mstore(e, shl(224, bswap32(${valueOf(v)}))) mstore(${m.PEND}, add(e, 4)) }`);
    }
    tr.push(`trField1(${msg.multiplicity ?? 1})`);
  }
  tr.push(...system.tables.map((_, i) => `trDigestCd(mload(${m.tables[i]!.MAINROOT}))`));
  if (hasBuses) {
    tr.push(`mstore(${m.CH}, trFp4())`, `{ let g := trFp4() let acc := g`);
    for (let k = 1; k < system.numChallenges; k++) {
      tr.push(`  mstore(${m.CH + 32 * k}, acc)`);
      if (k + 1 < system.numChallenges) tr.push('  acc := f4mul(acc, g)');
    }
    tr.push('}');
  }
  for (const t of system.tables) {
    if (t.logup === null) continue;
    const s = m.tables[t.index]!;
    tr.push(`trDigestCd(mload(${s.PERMROOT}))`, `trFp4Cd(mload(${s.CUMSUM}))`);
  }
  tr.push(`mstore(${m.ALPHA}, trFp4())`);
  tr.push(...system.tables.map((_, i) => `trDigestCd(mload(${m.tables[i]!.QROOT}))`));
  tr.push(`mstore(${m.ZETA}, trFp4())`);
  const OPEN_IDX: Record<string, [number, number]> = { prep: [0, 1], main: [2, 3], perm: [4, 5], quotient: [6, -1] };
  for (const mx of m.matrices) {
    const s = m.tables[mx.table]!;
    const [cur, nxt] = OPEN_IDX[mx.kind]!;
    tr.push(`trFieldsCd(mload(${s.OPENED[cur]}), ${4 * mx.width})`);
    if (mx.next) tr.push(`trFieldsCd(mload(${s.OPENED[nxt]}), ${4 * mx.width})`);
  }
  tr.push(`mstore(${m.LAMBDA}, trFp4())`);
  emit(tr.map((l) => '      ' + l).join('\n'));

  // ---- out-of-domain check per table, then the bus balance -------------------------------------
  for (const t of system.tables) {
    emit(`      { // OOD: table ${t.name}\n${oodCheckYul(t, m, starts[t.index]!, system.numChallenges, hasBuses)}\n      }`);
  }
  if (hasBuses) {
    const bus: string[] = ['{ // LogUp: Σ cumulative sums + Σ boundary ±m/(z − fingerprint) = 0', '  let total := 0'];
    for (const msg of boundary) {
      bus.push(`  { let d := f4sub(mload(${m.CH}), ${busIdOf(system, msg.bus)})`);
      msg.values.forEach((v, j) => bus.push(`    d := f4sub(d, f4muls(mload(${m.CH + 32 * (j + 1)}), ${valueOf(v)}))`));
      const mult = (msg.multiplicity ?? 1) % P;
      const signed = msg.kind === 'send' ? mult : (P - mult) % P;
      bus.push(`    total := f4add(total, f4muls(f4inv(d), ${signed})) }`);
    }
    for (const t of system.tables) {
      if (t.logup !== null) bus.push(`  total := f4add(total, ld4(mload(${m.tables[t.index]!.CUMSUM})))`);
    }
    bus.push('  if total { fail(4) }', '}');
    emit(bus.map((l) => '      ' + l).join('\n'));
  }

  // ---- FRI commit phase, grinding, queries -----------------------------------------------------
  emit(`      {
        let layers := mload(${m.FRI_L})
        for { let k := 0 } lt(k, layers) { k := add(k, 1) } {
          trDigestCd(add(mload(${m.FRI_ROOTS}), mul(32, k)))
          let beta := trFp4()
          mstore(add(${m.BETA}, mul(32, k)), beta)
          mstore(add(${m.BETA2}, mul(32, k)), f4mul(beta, beta))
        }
        trFieldsCd(mload(${m.FINAL_POS}), mul(4, mload(${m.FINAL_LEN})))
        if iszero(trGrind(mload(${m.NONCE}), ${config.powBits})) { fail(6) }
        let mask := sub(shl(mload(${m.LOGN0}), 1), 1)
        for { let q := 0 } lt(q, ${m.NQ}) { q := add(q, 1) } { mstore(add(${m.QS}, mul(32, q)), and(trWord(), mask)) }
      }`);

  // ---- Merkle openings, level by level from the largest domain down ---------------------------
  // At level s: FRI layer logN0 − 1 − s (its tree has 2^s rows) and every matrix of LDE size 2^s.
  const mk: string[] = [
    '{',
    '  sortQueries()',
    `  let logN0 := mload(${m.LOGN0})`,
    `  let lfs := mload(${m.LFS})`,
    '  for { let s := logN0 } 1 { s := sub(s, 1) } {',
    '    if lt(s, logN0) {',
    '      levelDown(s)',
    '      let k := sub(sub(logN0, 1), s)',
    `      mkVerify(add(${m.FREC}, mul(160, k)), 8, s, calldataload(add(mload(${m.FRI_ROOTS}), mul(32, k))), add(${m.FROWPOS}, mul(${32 * m.NQ}, k)))`,
    '    }',
  ];
  const prepRoots = verifyingKey.preprocessed;
  for (const mx of m.matrices) {
    const s = m.tables[mx.table]!;
    let root: string;
    if (mx.kind === 'prep') root = bytes32(prepRoots[mx.table]!.root);
    else if (mx.kind === 'main') root = `calldataload(mload(${s.MAINROOT}))`;
    else if (mx.kind === 'perm') root = `calldataload(mload(${s.PERMROOT}))`;
    else root = `calldataload(mload(${s.QROOT}))`;
    mk.push(`    if eq(add(mload(${s.LH}), ${logB}), s) { mkVerify(${mx.REC}, ${mx.width}, s, ${root}, ${mx.ROWPOS}) }`);
  }
  mk.push('    if eq(s, lfs) { break }', '  }', '}');
  emit(mk.map((l) => '      ' + l).join('\n'));

  // ---- DEEP: λ powers and claimed-value sums ---------------------------------------------------
  const deep: string[] = [
    `{
        let lambda := mload(${m.LAMBDA})
        let acc := 1
        for { let k := 0 } lt(k, ${m.totalTerms}) { k := add(k, 1) } {
          mstore(add(${m.PWP}, mul(32, k)), acc)
          mstore(add(${m.PWS}, mul(64, k)), or(and(acc, ${YUL_CONST.M64}), shl(128, and(shr(128, acc), ${YUL_CONST.M64}))))
          mstore(add(${m.PWS}, add(mul(64, k), 32)), or(and(shr(64, acc), ${YUL_CONST.M64}), shl(128, shr(192, acc))))
          acc := f4mul(acc, lambda)
        }
      }`,
  ];
  for (const mx of m.matrices) {
    const s = m.tables[mx.table]!;
    const [cur, nxt] = OPEN_IDX[mx.kind]!;
    deep.push(`mstore(${mx.CURSUM}, combOpened(mload(${s.OPENED[cur]}), ${mx.width}, ${m.PWP + 32 * mx.powerBase}))`);
    if (mx.next) {
      deep.push(`mstore(${mx.NEXTSUM}, combOpened(mload(${s.OPENED[nxt]}), ${mx.width}, ${m.PWP + 32 * (mx.powerBase + mx.width)}))`);
    }
  }
  system.tables.forEach((_, i) => {
    const s = m.tables[i]!;
    deep.push(`mstore(${s.ZNT}, f4muls(mload(${m.ZETA}), mload(add(${m.G}, mul(32, mload(${s.LH}))))))`);
    deep.push(`mstore(add(${m.ZNS}, mul(32, add(mload(${s.LH}), ${logB}))), mload(${s.ZNT}))`);
  });
  emit(deep.map((l) => '      ' + l).join('\n'));

  // ---- per query: DEEP reduced openings, then the FRI folding chain ----------------------------
  const perQuery: string[] = [];
  system.tables.forEach((_, i) => {
    const size = `mul(32, add(mload(${m.tables[i]!.LH}), ${logB}))`;
    perQuery.push(`mstore(add(${m.ECUR}, ${size}), 0)`, `mstore(add(${m.ENEXT}, ${size}), 0)`);
  });
  for (const mx of m.matrices) {
    const s = m.tables[mx.table]!;
    const size = `mul(32, add(mload(${s.LH}), ${logB}))`;
    perQuery.push(`{
          let g := deepComb(mload(add(${mx.ROWPOS}, mul(32, q))), ${mx.width}, ${m.PWS + 64 * mx.powerBase})
          let ec := add(${m.ECUR}, ${size})
          mstore(ec, f4add(mload(ec), f4sub(g, mload(${mx.CURSUM}))))${
            mx.next
              ? `
          let en := add(${m.ENEXT}, ${size})
          mstore(en, f4add(mload(en), f4sub(f4mul(${`mload(${m.PWP + 32 * mx.width})`}, g), mload(${mx.NEXTSUM}))))`
              : ''
          }
        }`);
  }
  emit(`      for { let q := 0 } lt(q, ${m.NQ}) { q := add(q, 1) } {
        let i := mload(add(${m.QS}, mul(32, q)))
        let logN0 := mload(${m.LOGN0})
        let lfs := mload(${m.LFS})
        // XW[s] = ω_s^(i mod 2^s) for s = logN0 down to the final size, by squaring.
        {
          let x := powTable(${m.G}, logN0, i)
          for { let s := logN0 } 1 { s := sub(s, 1) } {
            mstore(add(${m.XW}, mul(32, s)), x)
            if eq(s, lfs) { break }
            x := mulmod(x, x, ${P})
          }
        }
        ${perQuery.join('\n        ')}
        {
          let sizes := mload(${m.SIZES})
          let zeta := mload(${m.ZETA})
          for { let s := lfs } iszero(gt(s, logN0)) { s := add(s, 1) } {
            if and(shr(s, sizes), 1) {
              let x := mulmod(${LDE_SHIFT}, mload(add(${m.XW}, mul(32, s))), ${P})
              let xz := f4sub(x, zeta)
              let xzn := f4sub(x, mload(add(${m.ZNS}, mul(32, s))))
              if or(iszero(xz), iszero(xzn)) { fail(9) }
              mstore(add(${m.RO}, mul(32, s)), f4add(f4mul(mload(add(${m.ECUR}, mul(32, s))), f4inv(xz)), f4mul(mload(add(${m.ENEXT}, mul(32, s))), f4inv(xzn))))
            }
          }
        }
        friQuery(q, i, logN0)
      }`);

  const friFn = `
      // One query through every FRI layer (src/stark/fri.ts friVerifyQueries); y = ω_N^(−j) is
      // carried down the layers: y' = y²·(−1)^(bit (logN − 2) of i).
      function friQuery(q, i, logN0) {
        let val := mload(add(${m.RO}, mul(32, logN0)))
        let layers := mload(${m.FRI_L})
        let y := powTable(${m.IG}, logN0, and(i, sub(shl(sub(logN0, 1), 1), 1)))
        for { let k := 0 } lt(k, layers) { k := add(k, 1) } {
          let logN := sub(logN0, k)
          let rp := mload(add(${m.FROWPOS}, mul(32, add(mul(${m.NQ}, k), q))))
          let a := ld4(rp)
          let b := ld4(add(rp, 16))
          switch lt(and(i, sub(shl(logN, 1), 1)), shl(sub(logN, 1), 1))
          case 1 { if iszero(eq(val, a)) { fail(10) } }
          default { if iszero(eq(val, b)) { fail(10) } }
          val := f4add(f4muls(f4add(a, b), ${INV2}), f4mul(mload(add(${m.BETA}, mul(32, k))), f4muls(f4sub(a, b), mulmod(y, ${INV2}, ${P}))))
          if and(shr(sub(logN, 1), mload(${m.SIZES})), 1) {
            val := f4add(val, f4mul(mload(add(${m.BETA2}, mul(32, k))), mload(add(${m.RO}, mul(32, sub(logN, 1))))))
          }
          if lt(add(k, 1), layers) {
            y := mulmod(y, y, ${P})
            if and(shr(sub(logN, 2), i), 1) { y := sub(${P}, y) }
          }
        }
        // The final polynomial at u = ω_final^(i mod final size), Horner.
        let u := mload(add(${m.XW}, mul(32, mload(${m.LFS}))))
        let acc := 0
        for { let c := mload(${m.FINAL_LEN}) } c {} {
          c := sub(c, 1)
          acc := f4add(f4muls(acc, u), mload(add(${m.FINAL}, mul(32, c))))
        }
        if iszero(eq(acc, val)) { fail(11) }
      }`;

  return renderContract(options, system, config, m, sel, body, friFn, publicCount);
}

const INV2 = inv(2);

function renderContract(
  options: GenerateOptions,
  system: AirSystem,
  config: StarkConfig,
  m: MemoryLayout,
  sel: ErrorSelectors,
  body: string[],
  friFn: string,
  publicCount: number,
): string {
  const tableDoc = system.tables
    .map((t) => ` *   ${t.name}: ${t.publicInputNames.length ? t.publicInputNames.join(', ') : '(no public inputs)'}`)
    .join('\n');
  const extras = options.extraInputs?.length ? options.extraInputs.join(', ') : '(none)';
  const boundaryDoc = (options.boundary ?? [])
    .map(
      (b) =>
        ` *   ${b.kind} on ${b.bus}: [${b.values.map((v) => ('const' in v ? String(v.const) : `publicInputs[${v.input}]`)).join(', ')}] ×${b.multiplicity ?? 1}`,
    )
    .join('\n');
  return `// SPDX-License-Identifier: MIT
// GENERATED by src/contracts/verifier-gen (generateVerifier). Do not edit: regenerate.
pragma solidity 0.8.28;

/**
 * @title ${options.contractName}
 * @notice STARK verifier for the AIR system [${system.tables.map((t) => t.name).join(', ')}] at config
 *   logBlowup=${config.logBlowup}, numQueries=${config.numQueries}, powBits=${config.powBits}, logFinalPolyLen=${config.logFinalPolyLen}.
 *   Re-implements src/stark/verifier.ts over the binary proof format of src/stark/proof.ts.
 * Public inputs (${publicCount} words, each < p = 2013265921), in this order:
${tableDoc}
 *   extra inputs: ${extras}
 * Boundary messages (fixed by the generator):
${boundaryDoc || ' *   (none)'}
 * Returns true if the proof verifies and false if a check fails; reverts with a custom error on
 * malformed input (byte offsets are relative to the start of \`proof\`).${options.debugReverts ? '\n * DEBUG BUILD: a failed check reverts ProofRejected(code) instead of returning false.' : ''}
 * Memory: fixed addresses 0x80..${'0x' + m.fixedEnd.toString(16)}, FRI row positions above.
 */
contract ${options.contractName} {
    /// The proof ended before a field at this byte offset.
    error ProofTruncated(uint256 offset);
    /// A header, count, flag or shape does not match the verifying key, or trailing bytes remain.
    error ProofMalformed(uint256 offset);
    /// A field element at this byte offset is not canonical (>= p).
    error NonCanonicalElement(uint256 offset);
    /// Debug builds only: verification check \`check\` failed.
    error ProofRejected(uint256 check);
    /// Wrong number of public inputs.
    error PublicInputCount(uint256 given, uint256 expected);
    /// Public input \`index\` is not a canonical field element.
    error PublicInputNotCanonical(uint256 index);

    /// @notice Verify \`proof\` for \`publicInputs\`; see the contract documentation for the layout.
    function verifyProof(bytes calldata proof, uint256[] calldata publicInputs) external view returns (bool) {
        assembly {
${yulRuntime(m, sel, options.debugReverts ?? false)}${friFn}

${body.join('\n')}
      mstore(0, 1)
      return(0, 32)
        }
    }
}
`;
}
