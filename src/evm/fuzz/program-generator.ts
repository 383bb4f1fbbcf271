/**
 * Random EVM programs that actually exercise the interpreter.
 *
 * Uniformly random bytes mostly die on the first instruction (stack underflow or an undefined
 * opcode), so a program here is a sequence of *snippets*: each pushes well-formed arguments
 * (interesting 256-bit values, small memory offsets, addresses of the other accounts in the
 * case, labelled JUMPDESTs) and then runs one instruction of a family: arithmetic, memory,
 * storage, transient storage, KECCAK256, environment and block information, jumps, logs,
 * calls into generated accounts and precompiles with structured inputs, CREATE/CREATE2 of
 * generated init code, and early RETURN/REVERT/STOP/INVALID/SELFDESTRUCT. A small share of
 * snippets is deliberately malformed (random bytes, stack-only ops that may underflow, huge
 * memory offsets, invalid jump targets) so that exceptional halts are covered too.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { Assembler, OP } from './assembler.ts';
import type { Rng } from './random.ts';

/** What a generated program may refer to. */
export interface GeneratorEnv {
  /** Accounts of the case (contracts and externally owned accounts) that calls may target. */
  readonly accounts: readonly bigint[];
  /** Addresses that exist nowhere in the pre-state (calls to them touch empty accounts). */
  readonly emptyAccounts: readonly bigint[];
}

/** Shape of one generated program. */
export interface ProgramOptions {
  /** Number of snippets to emit. */
  snippets: number;
  /** How many levels of CREATE/CREATE2 init code may still be nested inside this program. */
  createDepth: number;
}

const MAX_U256 = (1n << 256n) - 1n;

/** Values at the edges of 256-bit arithmetic and of the EVM's own limits. */
const INTERESTING: readonly bigint[] = [
  0n, 1n, 2n, 3n, 7n, 8n, 31n, 32n, 33n, 0xffn, 0x100n, 0xffffn, 1023n, 1024n,
  (1n << 31n) - 1n, 1n << 32n, (1n << 63n) - 1n, (1n << 64n) - 1n, 1n << 64n, (1n << 128n) - 1n,
  (1n << 160n) - 1n, 1n << 255n, (1n << 255n) - 1n, MAX_U256, MAX_U256 - 1n, MAX_U256 - 31n,
];

const BINARY_OPS = [
  OP.ADD, OP.MUL, OP.SUB, OP.DIV, OP.SDIV, OP.MOD, OP.SMOD, OP.EXP, OP.SIGNEXTEND, OP.LT, OP.GT,
  OP.SLT, OP.SGT, OP.EQ, OP.AND, OP.OR, OP.XOR, OP.BYTE, OP.SHL, OP.SHR, OP.SAR,
] as const;

const NULLARY_ENV_OPS = [
  OP.ADDRESS, OP.ORIGIN, OP.CALLER, OP.CALLVALUE, OP.CALLDATASIZE, OP.CODESIZE, OP.GASPRICE,
  OP.RETURNDATASIZE, OP.COINBASE, OP.TIMESTAMP, OP.NUMBER, OP.PREVRANDAO, OP.GASLIMIT,
  OP.CHAINID, OP.SELFBALANCE, OP.BASEFEE, OP.BLOBBASEFEE, OP.PC, OP.MSIZE, OP.GAS,
] as const;

/** Cancun precompile addresses 0x01..0x0a (EIP-4844 added 0x0a). */
const PRECOMPILES: readonly bigint[] = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n];

type Snippet = (g: ProgramWriter) => void;

/**
 * Generates a runtime program of `options.snippets` snippets. Deterministic in `rng`.
 */
export function generateProgram(rng: Rng, env: GeneratorEnv, options: ProgramOptions): Uint8Array {
  const writer = new ProgramWriter(rng, env, options.createDepth);
  writer.body(options.snippets);
  writer.terminator();
  return writer.asm.finish();
}

/**
 * Generates init code for CREATE/CREATE2 or a creating transaction: a few snippets, then
 * usually RETURN of a generated runtime program; sometimes a REVERT, an empty return, or a
 * runtime starting with 0xEF (rejected by EIP-3541).
 */
export function generateInitCode(rng: Rng, env: GeneratorEnv, createDepth: number): Uint8Array {
  const writer = new ProgramWriter(rng, env, createDepth);
  writer.body(rng.range(0, 8));
  const runtime = rng.chance(0.05)
    ? Uint8Array.of(0xef, ...rng.bytes(rng.range(0, 4)))
    : generateProgram(rng, env, { snippets: rng.range(2, 12), createDepth: 0 });
  const where = BigInt(rng.pick([0, 0x20, 0x40, 0x100]));
  writer.writeMemory(where, runtime);
  const outcome = rng.weighted([['return', 85], ['revert', 8], ['empty', 7]] as const);
  if (outcome === 'empty') {
    writer.asm.op(OP.STOP);
  } else {
    writer.asm.push(BigInt(runtime.length)).push(where);
    writer.asm.op(outcome === 'return' ? OP.RETURN : OP.REVERT);
  }
  return writer.asm.finish();
}

/** Emits snippets into an assembler; one instance per program. */
class ProgramWriter {
  readonly asm = new Assembler();
  private nextLabel = 0;
  private readonly placedLabels: number[] = [];
  private readonly forwardLabels: number[] = [];
  /**
   * Straight-line estimate of the stack height, so that DUP/SWAP/POP and one-push arithmetic
   * mostly find their operands (jumps make it approximate; rare underflows are welcome).
   */
  private height = 0;
  private readonly snippets: readonly (readonly [Snippet, number])[];

  constructor(
    readonly rng: Rng,
    readonly env: GeneratorEnv,
    readonly createDepth: number,
  ) {
    this.snippets = [
      [(g) => g.arithmetic(), 18],
      [(g) => g.ternaryArithmetic(), 4],
      [(g) => g.stackShuffle(), 6],
      [(g) => g.memory(), 12],
      [(g) => g.storage(), 9],
      [(g) => g.transientStorage(), 4],
      [(g) => g.keccak(), 4],
      [(g) => g.environment(), 9],
      [(g) => g.accountQuery(), 5],
      [(g) => g.blockQuery(), 3],
      [(g) => g.jump(), 6],
      [(g) => g.log(), 4],
      [(g) => g.call(), 10],
      [(g) => g.create(), createDepth > 0 ? 3 : 0.0001],
      [(g) => g.returnDataCopy(), 3],
      [(g) => g.earlyExit(), 1],
      [(g) => g.rawByte(), 0.5],
    ];
  }

  /** Emits `count` snippets with labelled JUMPDESTs sprinkled between them. */
  body(count: number): void {
    for (let i = 0; i < count; i++) {
      if (this.forwardLabels.length > 0 && this.rng.chance(0.3)) {
        const id = this.forwardLabels.shift() as number;
        this.asm.label(id);
        this.placedLabels.push(id);
      } else if (this.rng.chance(0.08)) {
        const id = this.nextLabel++;
        this.asm.label(id);
        this.placedLabels.push(id);
      }
      this.rng.weighted(this.snippets)(this);
    }
    // Every referenced label must exist; place the pending ones at the end.
    for (const id of this.forwardLabels.splice(0)) {
      this.asm.label(id);
      this.placedLabels.push(id);
    }
  }

  /** Ends the program: STOP, RETURN or REVERT of memory, INVALID, or falling off the code end. */
  terminator(): void {
    const kind = this.rng.weighted([
      ['stop', 30], ['return', 30], ['revert', 12], ['invalid', 3], ['fallOff', 20],
      ['selfdestruct', 5],
    ] as const);
    switch (kind) {
      case 'stop': this.asm.op(OP.STOP); break;
      case 'return': this.pushMemRange(true); this.asm.op(OP.RETURN); break;
      case 'revert': this.pushMemRange(true); this.asm.op(OP.REVERT); break;
      case 'invalid': this.asm.op(OP.INVALID); break;
      case 'selfdestruct': this.pushAddress(); this.asm.op(OP.SELFDESTRUCT); break;
      case 'fallOff': break;
    }
  }

  // ---- argument helpers -------------------------------------------------------------------

  /** An interesting word, a random word, or a small number. */
  word(): bigint {
    const r = this.rng.int(10);
    if (r < 5) return this.rng.pick(INTERESTING);
    if (r < 7) return BigInt(this.rng.int(256));
    if (r < 9) return this.rng.bigBits(256);
    return this.rng.pick(INTERESTING) + BigInt(this.rng.range(-2, 2));
  }

  /** A small memory offset (occasionally enormous, to exercise memory-expansion OOG). */
  offset(): bigint {
    const r = this.rng.int(100);
    if (r < 88) return BigInt(this.rng.int(0x180));
    if (r < 96) return BigInt(this.rng.int(0x1000));
    return this.rng.pick([1n << 32n, 1n << 64n, MAX_U256, (1n << 31n) - 1n]);
  }

  /** Pushes (length, offset) so that offset is on top, as RETURN/REVERT/LOG/KECCAK expect. */
  pushMemRange(mostlyValid = false): void {
    const r = this.rng.int(100);
    let off: bigint;
    let len: bigint;
    if (r < 80 || mostlyValid) {
      off = BigInt(this.rng.int(0x140));
      len = BigInt(this.rng.int(0x81));
    } else if (r < 90) {
      off = this.rng.pick(INTERESTING); // zero length: no expansion whatever the offset
      len = 0n;
    } else {
      off = this.offset();
      len = this.rng.chance(0.5) ? BigInt(this.rng.int(0x2000)) : this.rng.pick(INTERESTING);
    }
    this.asm.push(len).push(off);
  }

  /** Pushes the address of an account of the case, an empty account, a precompile or self. */
  pushAddress(): void {
    const r = this.rng.int(100);
    if (r < 55) this.asm.push(this.rng.pick(this.env.accounts));
    else if (r < 70) this.asm.push(this.rng.pick(PRECOMPILES));
    else if (r < 80) this.asm.op(OP.ADDRESS);
    else if (r < 88) this.asm.op(OP.CALLER);
    else if (r < 96) this.asm.push(this.rng.pick(this.env.emptyAccounts));
    // Upper 96 bits set: the EVM must ignore them when converting a word to an address.
    else this.asm.push(this.rng.pick(this.env.accounts) | (this.rng.bigBits(96) << 160n));
  }

  /** What to do with a value left on the stack: keep it, pop it, or store it. */
  consume(): void {
    const r = this.rng.int(10);
    if (r < 3 && this.height < 64) {
      this.height++;
      return;
    }
    if (r < 6) {
      this.asm.op(OP.POP);
    } else if (r < 8) {
      this.asm.push(BigInt(this.rng.int(0x100) & ~31)).op(OP.MSTORE);
    } else {
      this.asm.push(BigInt(this.rng.int(8))).op(OP.SSTORE);
    }
  }

  /** Writes `bytes` to memory at `at` with PUSH32/MSTORE (the tail word is zero padded). */
  writeMemory(at: bigint, bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i += 32) {
      let word = 0n;
      for (let j = 0; j < 32; j++) word = (word << 8n) | BigInt(bytes[i + j] ?? 0);
      this.asm.push(word).push(at + BigInt(i)).op(OP.MSTORE);
    }
  }

  // ---- snippet families -------------------------------------------------------------------

  arithmetic(): void {
    const op = this.rng.pick(BINARY_OPS);
    if (this.height > 0 && this.rng.chance(0.3)) {
      this.asm.push(this.word()).op(op); // second operand from whatever the stack holds
      this.height--;
    } else {
      this.asm.push(this.word()).push(this.word()).op(op);
    }
    if (this.rng.chance(0.2)) this.asm.op(this.rng.pick([OP.ISZERO, OP.NOT]));
    this.consume();
  }

  ternaryArithmetic(): void {
    this.asm.push(this.word()).push(this.word()).push(this.word());
    this.asm.op(this.rng.chance(0.5) ? OP.ADDMOD : OP.MULMOD);
    this.consume();
  }

  stackShuffle(): void {
    const r = this.rng.int(4);
    const reach = Math.min(16, this.height);
    if (r === 0 && reach >= 1) {
      this.asm.op(OP.DUP1 + this.rng.int(reach));
      this.height++;
    } else if (r === 1 && reach >= 2) {
      this.asm.op(OP.SWAP1 + this.rng.int(reach - 1));
    } else if (r === 2 && reach >= 1) {
      this.asm.op(OP.POP);
      this.height--;
    } else {
      this.asm.pushWidth(this.word(), this.rng.range(1, 32));
      this.height++;
    }
  }

  memory(): void {
    const r = this.rng.int(8);
    switch (r) {
      case 0: this.asm.push(this.word()).push(this.offset()).op(OP.MSTORE); break;
      case 1: this.asm.push(this.word()).push(this.offset()).op(OP.MSTORE8); break;
      case 2: this.asm.push(this.offset()).op(OP.MLOAD); this.consume(); break;
      case 3: // MCOPY(dst, src, len), EIP-5656
        this.asm.push(BigInt(this.rng.int(0x81))).push(this.offset()).push(this.offset()).op(OP.MCOPY);
        break;
      case 4: // CALLDATACOPY(dst, src, len)
        this.asm.push(BigInt(this.rng.int(0x61))).push(BigInt(this.rng.int(0x60))).push(this.offset());
        this.asm.op(OP.CALLDATACOPY);
        break;
      case 5: // CODECOPY(dst, src, len)
        this.asm.push(BigInt(this.rng.int(0x61))).push(BigInt(this.rng.int(0x100))).push(this.offset());
        this.asm.op(OP.CODECOPY);
        break;
      case 6: // EXTCODECOPY(addr, dst, src, len)
        this.asm.push(BigInt(this.rng.int(0x61))).push(BigInt(this.rng.int(0x40))).push(this.offset());
        this.pushAddress();
        this.asm.op(OP.EXTCODECOPY);
        break;
      default: this.asm.op(OP.MSIZE); this.consume(); break;
    }
  }

  storageKey(): bigint {
    return this.rng.chance(0.85) ? BigInt(this.rng.int(8)) : this.word();
  }

  storage(): void {
    if (this.rng.chance(0.55)) {
      // Small values and zero dominate so that EIP-2200/3529 set/reset/clear paths all occur.
      const value = this.rng.chance(0.6) ? BigInt(this.rng.int(3)) : this.word();
      this.asm.push(value).push(this.storageKey()).op(OP.SSTORE);
    } else {
      this.asm.push(this.storageKey()).op(OP.SLOAD);
      this.consume();
    }
  }

  transientStorage(): void {
    if (this.rng.chance(0.5)) {
      this.asm.push(this.word()).push(this.storageKey()).op(OP.TSTORE);
    } else {
      this.asm.push(this.storageKey()).op(OP.TLOAD);
      this.consume();
    }
  }

  keccak(): void {
    this.pushMemRange();
    this.asm.op(OP.KECCAK256);
    this.consume();
  }

  environment(): void {
    if (this.rng.chance(0.25)) {
      this.asm.push(this.rng.chance(0.7) ? BigInt(this.rng.int(0x48)) : this.word()).op(OP.CALLDATALOAD);
    } else {
      this.asm.op(this.rng.pick(NULLARY_ENV_OPS));
    }
    this.consume();
  }

  accountQuery(): void {
    this.pushAddress();
    this.asm.op(this.rng.pick([OP.BALANCE, OP.EXTCODESIZE, OP.EXTCODEHASH]));
    this.consume();
  }

  blockQuery(): void {
    if (this.rng.chance(0.7)) {
      // BLOCKHASH of the previous block, the oldest served one, one too old, the current one.
      const back = this.rng.pick([1n, 2n, 256n, 257n, 0n]);
      this.asm.push(back).op(OP.NUMBER, OP.SUB, OP.BLOCKHASH);
    } else {
      this.asm.push(BigInt(this.rng.int(3))).op(OP.BLOBHASH);
    }
    this.consume();
  }

  jump(): void {
    const r = this.rng.int(20);
    if (r === 0) {
      // A target that is almost never a JUMPDEST: invalid jump halt.
      this.asm.push(BigInt(this.rng.int(this.asm.length + 8))).op(OP.JUMP);
      return;
    }
    let label: number;
    if (this.placedLabels.length > 0 && this.rng.chance(0.15)) {
      label = this.rng.pick(this.placedLabels);
      if (this.rng.chance(0.98)) {
        this.boundedBackwardJump(label);
        return;
      }
      // Rarely an unconditional backward jump: a loop that only out-of-gas or a stack overflow
      // ends. Rare because such loops make traces with deep stacks very long.
    } else {
      label = this.nextLabel++;
      this.forwardLabels.push(label);
    }
    if (this.rng.chance(0.6)) {
      // JUMPI on a computed condition so both branches get taken across cases.
      this.asm.push(this.rng.chance(0.5) ? 0n : this.word());
      if (this.rng.chance(0.5)) this.asm.op(OP.GAS, OP.GT);
      this.asm.pushLabel(label).op(OP.JUMPI);
    } else {
      this.asm.pushLabel(label).op(OP.JUMP);
    }
  }

  /**
   * A loop back to `label` taken at most `k` times per frame: the iteration counter lives in
   * a memory word of its own (above the offsets other snippets mostly use).
   */
  boundedBackwardJump(label: number): void {
    const counter = BigInt(0x200 + 32 * this.rng.int(8));
    const k = BigInt(this.rng.range(1, 6));
    this.asm.push(counter).op(OP.MLOAD).push(1n).op(OP.ADD, OP.DUP1).push(counter).op(OP.MSTORE);
    this.asm.push(k).op(OP.GT).pushLabel(label).op(OP.JUMPI);
  }

  log(): void {
    const topics = this.rng.int(5);
    for (let i = 0; i < topics; i++) this.asm.push(this.word());
    this.pushMemRange();
    this.asm.op(OP.LOG0 + topics);
  }

  call(): void {
    const kind = this.rng.weighted([
      [OP.CALL, 45], [OP.STATICCALL, 20], [OP.DELEGATECALL, 20], [OP.CALLCODE, 15],
    ] as const);
    const precompile = this.rng.chance(0.3) ? this.rng.pick(PRECOMPILES) : undefined;
    let inOff = BigInt(this.rng.int(0x100));
    let inLen = BigInt(this.rng.int(0x81));
    if (precompile !== undefined) {
      const input = precompileInput(this.rng, precompile);
      inOff = BigInt(this.rng.int(0x40));
      inLen = BigInt(input.length);
      this.writeMemory(inOff, input);
    } else if (this.rng.chance(0.05)) {
      inOff = this.offset();
    }
    const outOff = BigInt(this.rng.int(0x100));
    const outLen = BigInt(this.rng.pick([0, 0x20, 0x40, this.rng.int(0x81)]));
    this.asm.push(outLen).push(outOff).push(inLen).push(inOff);
    if (kind === OP.CALL || kind === OP.CALLCODE) {
      const r = this.rng.int(10);
      this.asm.push(r < 7 ? 0n : r < 9 ? BigInt(this.rng.range(1, 1000)) : this.word());
    }
    if (precompile !== undefined) this.asm.push(precompile);
    else this.pushAddress();
    const g = this.rng.int(10);
    if (g < 2) this.asm.op(OP.GAS);
    else if (g < 7) this.asm.push(BigInt(this.rng.int(60_000)));
    else if (g < 9) this.asm.push(this.rng.pick(INTERESTING));
    else this.asm.push(MAX_U256);
    this.asm.op(kind);
    this.consume();
    if (this.rng.chance(0.3)) this.returnDataCopy();
  }

  create(): void {
    const initCode = this.rng.chance(0.9)
      ? generateInitCode(this.rng, this.env, this.createDepth - 1)
      : this.rng.bytes(this.rng.int(40));
    const at = BigInt(this.rng.pick([0, 0x20, 0x80]));
    this.writeMemory(at, initCode);
    const len = BigInt(initCode.length);
    const value = this.rng.chance(0.75) ? 0n : BigInt(this.rng.range(1, 500));
    if (this.rng.chance(0.5)) {
      this.asm.push(len).push(at).push(value).op(OP.CREATE);
    } else {
      this.asm.push(this.rng.chance(0.7) ? BigInt(this.rng.int(4)) : this.word());
      this.asm.push(len).push(at).push(value).op(OP.CREATE2);
    }
    if (this.rng.chance(0.5)) {
      // Call into the fresh contract (or into address 0 when creation failed).
      this.asm.push(0x20n).push(0n).push(0n).push(0n).push(0n); // out len/off, in len/off, value
      this.asm.op(OP.DUP1 + 5, OP.GAS, OP.CALL, OP.POP);
    }
    this.consume();
  }

  returnDataCopy(): void {
    if (this.rng.chance(0.93)) {
      // RETURNDATACOPY(dst, 0, RETURNDATASIZE): always in bounds.
      this.asm.op(OP.RETURNDATASIZE).push(0n).push(this.offset()).op(OP.RETURNDATACOPY);
    } else {
      // Possibly out of bounds: EIP-211 makes that an exceptional halt.
      this.asm.push(BigInt(this.rng.int(0x41))).push(BigInt(this.rng.int(0x41))).push(this.offset());
      this.asm.op(OP.RETURNDATACOPY);
    }
  }

  earlyExit(): void {
    this.terminator();
  }

  rawByte(): void {
    // Any byte at all: undefined opcodes, underflows, and PUSHes that swallow the following
    // code (possibly a JUMPDEST, which must then stop being a valid jump target).
    this.asm.op(this.rng.int(256));
  }
}

/** The generator point of alt_bn128 G1, (1, 2) (EIP-196). */
const BN_G1 = [1n, 2n] as const;

/** Builds a plausible (often valid, sometimes malformed) input for a precompile. */
function precompileInput(rng: Rng, address: bigint): Uint8Array {
  switch (address) {
    case 1n: return ecrecoverInput(rng);
    case 5n: return modexpInput(rng);
    case 6n: return concatWords([...bnPoint(rng), ...bnPoint(rng)]);
    case 7n: return concatWords([...bnPoint(rng), rng.chance(0.5) ? BigInt(rng.int(5)) : rng.bigBits(256)]);
    case 8n: return bnPairingInput(rng);
    case 9n: return blake2fInput(rng);
    case 10n: return rng.bytes(rng.chance(0.9) ? 192 : rng.int(200));
    default: return rng.bytes(rng.int(100));
  }
}

/** Valid ecrecover inputs (hash, v, r, s), signed once per process: signing is slow. */
let validEcrecoverInputs: bigint[][] | undefined;

function ecrecoverInput(rng: Rng): Uint8Array {
  if (rng.chance(0.3)) return rng.bytes(rng.chance(0.8) ? 128 : rng.int(140));
  validEcrecoverInputs ??= Array.from({ length: 8 }, (_, i) => {
    const hash = new Uint8Array(32).fill(i + 1);
    const key = new Uint8Array(32).fill(0x40 + i);
    const sig = secp256k1.Signature.fromBytes(
      secp256k1.sign(hash, key, { prehash: false, format: 'recovered' }),
      'recovered',
    );
    return [bytesToBig(hash), BigInt(27 + (sig.recovery ?? 0)), sig.r, sig.s];
  });
  const [hash, v, r, s] = rng.pick(validEcrecoverInputs) as [bigint, bigint, bigint, bigint];
  const r2 = rng.int(10);
  // Mostly valid; otherwise a v outside {27, 28}, or r/s out of range (>= n, or zero).
  if (r2 < 7) return concatWords([hash, v, r, s]);
  if (r2 < 8) return concatWords([hash, BigInt(rng.int(300)), r, s]);
  if (r2 < 9) return concatWords([hash, v, secp256k1.Point.CURVE().n + BigInt(rng.int(3)), s]);
  return concatWords([hash, v, r, 0n]);
}

function modexpInput(rng: Rng): Uint8Array {
  // EIP-198 layout: three 32-byte lengths then base, exponent, modulus.
  const huge = rng.chance(0.05);
  const bLen = huge ? rng.pick([1n << 32n, MAX_U256]) : BigInt(rng.int(40));
  const eLen = BigInt(rng.int(huge ? 2 : 40));
  const mLen = BigInt(rng.int(40));
  const body = huge ? rng.bytes(rng.int(40)) : rng.bytes(Number(bLen + eLen + mLen) - rng.int(3));
  return concatBytes(concatWords([bLen, eLen, mLen]), body);
}

function bnPoint(rng: Rng): bigint[] {
  const r = rng.int(10);
  if (r < 4) return [BN_G1[0], BN_G1[1]];
  if (r < 7) return [0n, 0n]; // the point at infinity
  if (r < 9) return [rng.bigBits(256), rng.bigBits(256)]; // almost surely not on the curve
  return [BN_G1[0], BN_G1[1] + 1n];
}

function bnPairingInput(rng: Rng): Uint8Array {
  const pairs = rng.int(3);
  const words: bigint[] = [];
  for (let i = 0; i < pairs; i++) {
    words.push(...bnPoint(rng));
    // G2 point: zero (infinity) is the only one cheap to produce; random words are invalid.
    for (let j = 0; j < 4; j++) words.push(rng.chance(0.8) ? 0n : rng.bigBits(256));
  }
  const out = concatWords(words);
  return rng.chance(0.1) ? out.subarray(0, Math.max(0, out.length - rng.range(1, 31))) : out;
}

function blake2fInput(rng: Rng): Uint8Array {
  // EIP-152 layout: rounds (4 bytes, big-endian), h (64), m (128), t (16), final flag (1).
  const out = new Uint8Array(213);
  const rounds = rng.chance(0.9) ? rng.int(24) : rng.int(2000);
  out[0] = rounds >>> 24;
  out[1] = (rounds >>> 16) & 0xff;
  out[2] = (rounds >>> 8) & 0xff;
  out[3] = rounds & 0xff;
  out.set(rng.bytes(208), 4);
  out[212] = rng.chance(0.9) ? rng.int(2) : rng.range(2, 255);
  return rng.chance(0.1) ? out.subarray(0, 212) : out;
}

function bytesToBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function concatWords(words: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(words.length * 32);
  words.forEach((w, i) => {
    let v = BigInt.asUintN(256, w);
    for (let j = 31; j >= 0; j--) {
      out[i * 32 + j] = Number(v & 0xffn);
      v >>= 8n;
    }
  });
  return out;
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
