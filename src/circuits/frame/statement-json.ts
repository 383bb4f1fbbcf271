/**
 * JSON form of a {@link FrameStatement}: human readable, every word a `0x` hex string, digests as
 * one `0x` string of 8 elements × 8 hex digits (element 0 first), byte strings as `0x` hex, cell
 * tags by name. The derived commitments (R = returnDataDigest, L = logsDigest, the cells digest)
 * are written too, for readers and for the L1 side, and checked on decode against the return
 * data, logs and cells they commit to.
 *
 * Decoding validates every field and throws StatementError naming the first bad one
 * (`env.caller`, `cells[2].final`), then runs {@link validateStatement}.
 */
import { P } from '../../field/babybear.ts';
import { DIGEST_ELEMENTS } from '../buses.ts';
import { dataDigest } from '../bytecode/code-digest.ts';
import {
  CELL_TAG_NAMES,
  ENV_ADDRESS_FIELDS,
  ENV_WORD_FIELDS,
  StatementError,
  cellsDigest,
  logsDigest,
  validateStatement,
  type Digest,
  type FrameEnvironment,
  type FrameLog,
  type FrameStatement,
  type FrameStatus,
  type PublicCellTag,
  type StateCell,
} from './statement.ts';

/** Version of the JSON statement format. */
export const STATEMENT_JSON_VERSION = 2;

const hexWord = (v: bigint): string => '0x' + v.toString(16);
const hexBytes = (b: Uint8Array): string => '0x' + Buffer.from(b).toString('hex');

/** A digest as one hex string: 8 elements, 8 hex digits each, element 0 first. */
export function digestToHex(d: Digest): string {
  return '0x' + Array.from(d, (e) => e.toString(16).padStart(8, '0')).join('');
}

/** The plain-object JSON form of a statement (validated first). */
export function statementToJson(s: FrameStatement): Record<string, unknown> {
  validateStatement(s);
  const env: Record<string, unknown> = {};
  for (const f of ENV_ADDRESS_FIELDS) env[f] = hexWord(s.env[f]);
  for (const f of ENV_WORD_FIELDS) env[f] = hexWord(s.env[f]);
  env.isStatic = s.env.isStatic;
  return {
    version: STATEMENT_JSON_VERSION,
    codeDigest: digestToHex(s.codeDigest),
    codeLength: s.codeLength,
    calldataDigest: digestToHex(s.calldataDigest),
    calldataLength: s.calldataLength,
    env,
    gasLimit: hexWord(s.gasLimit),
    status: s.status,
    haltReason: s.haltReason,
    rwcFirst: s.rwcFirst,
    gasUsed: hexWord(s.gasUsed),
    refund: hexWord(s.refund),
    returnDataDigest: digestToHex(dataDigest(s.returnData)),
    returnData: hexBytes(s.returnData),
    returnDataStreamId: s.returnDataStreamId,
    logsDigest: digestToHex(logsDigest(s.logs)),
    logs: s.logs.map((l) => ({ address: hexWord(l.address), topics: l.topics.map(hexWord), data: hexBytes(l.data) })),
    cellsDigest: digestToHex(cellsDigest(s.cells)),
    cells: s.cells.map((c) => ({
      tag: CELL_TAG_NAMES[c.tag],
      address: hexWord(c.address),
      slot: hexWord(c.slot),
      initial: hexWord(c.initial),
      final: hexWord(c.final),
      lastCounter: c.lastCounter,
      sstores: c.sstores,
    })),
  };
}

/** The statement as indented JSON text. */
export function encodeStatementJson(s: FrameStatement): string {
  return JSON.stringify(statementToJson(s), null, 2) + '\n';
}

type Obj = Record<string, unknown>;

function object(field: string, v: unknown): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new StatementError(field, 'not an object');
  return v as Obj;
}

function array(field: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new StatementError(field, 'not an array');
  return v;
}

function word(field: string, v: unknown): bigint {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(v)) throw new StatementError(field, 'not a 0x hex word (1 to 64 digits)');
  return BigInt(v);
}

function bytes(field: string, v: unknown): Uint8Array {
  if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v)) throw new StatementError(field, 'not 0x hex bytes');
  return new Uint8Array(Buffer.from(v.slice(2), 'hex'));
}

function integer(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new StatementError(field, 'not a non-negative integer');
  return v;
}

function digest(field: string, v: unknown): Digest {
  if (typeof v !== 'string' || !new RegExp(`^0x[0-9a-fA-F]{${8 * DIGEST_ELEMENTS}}$`).test(v)) {
    throw new StatementError(field, `not a digest (0x and ${8 * DIGEST_ELEMENTS} hex digits)`);
  }
  const d = new Uint32Array(DIGEST_ELEMENTS);
  for (let i = 0; i < DIGEST_ELEMENTS; i++) {
    const e = parseInt(v.slice(2 + 8 * i, 10 + 8 * i), 16);
    if (e >= P) throw new StatementError(field, `element ${i} is not a canonical BabyBear element`);
    d[i] = e;
  }
  return d;
}

const TAG_BY_NAME = new Map<string, PublicCellTag>(
  Object.entries(CELL_TAG_NAMES).map(([tag, name]) => [name, Number(tag) as PublicCellTag]),
);

function cell(field: string, v: unknown): StateCell {
  const o = object(field, v);
  const tag = TAG_BY_NAME.get(String(o.tag));
  if (tag === undefined) throw new StatementError(`${field}.tag`, `not one of ${[...TAG_BY_NAME.keys()].join(', ')}`);
  return {
    tag,
    address: word(`${field}.address`, o.address),
    slot: word(`${field}.slot`, o.slot),
    initial: word(`${field}.initial`, o.initial),
    final: word(`${field}.final`, o.final),
    lastCounter: integer(`${field}.lastCounter`, o.lastCounter),
    sstores: integer(`${field}.sstores`, o.sstores),
  };
}

function log(field: string, v: unknown): FrameLog {
  const o = object(field, v);
  return {
    address: word(`${field}.address`, o.address),
    topics: array(`${field}.topics`, o.topics).map((t, j) => word(`${field}.topics[${j}]`, t)),
    data: bytes(`${field}.data`, o.data),
  };
}

function environment(v: unknown): FrameEnvironment {
  const o = object('env', v);
  const env: Record<string, unknown> = {};
  for (const f of [...ENV_ADDRESS_FIELDS, ...ENV_WORD_FIELDS]) env[f] = word(`env.${f}`, o[f]);
  if (typeof o.isStatic !== 'boolean') throw new StatementError('env.isStatic', 'not a boolean');
  env.isStatic = o.isStatic;
  return env as unknown as FrameEnvironment;
}

function status(v: unknown): FrameStatus {
  if (v !== 'success' && v !== 'revert' && v !== 'halt') throw new StatementError('status', 'not one of success, revert, halt');
  return v;
}

const sameDigest = (a: Digest, b: Digest): boolean => a.every((e, i) => e === b[i]);

/** Parses and validates the JSON form (object or text); throws StatementError naming the bad field. */
export function decodeStatementJson(input: unknown): FrameStatement {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (e) {
      throw new StatementError('(document)', `malformed JSON (${(e as Error).message})`);
    }
  }
  const o = object('(document)', json);
  if (o.version !== STATEMENT_JSON_VERSION) throw new StatementError('version', `expected ${STATEMENT_JSON_VERSION}, got ${JSON.stringify(o.version)}`);
  const s: FrameStatement = {
    codeDigest: digest('codeDigest', o.codeDigest),
    codeLength: integer('codeLength', o.codeLength),
    calldataDigest: digest('calldataDigest', o.calldataDigest),
    calldataLength: integer('calldataLength', o.calldataLength),
    env: environment(o.env),
    gasLimit: word('gasLimit', o.gasLimit),
    status: status(o.status),
    haltReason: integer('haltReason', o.haltReason),
    rwcFirst: integer('rwcFirst', o.rwcFirst),
    gasUsed: word('gasUsed', o.gasUsed),
    refund: word('refund', o.refund),
    returnData: bytes('returnData', o.returnData),
    returnDataStreamId: integer('returnDataStreamId', o.returnDataStreamId),
    logs: array('logs', o.logs).map((l, i) => log(`logs[${i}]`, l)),
    cells: array('cells', o.cells).map((c, i) => cell(`cells[${i}]`, c)),
  };
  validateStatement(s);
  if (!sameDigest(digest('returnDataDigest', o.returnDataDigest), dataDigest(s.returnData))) throw new StatementError('returnDataDigest', 'does not match returnData');
  if (!sameDigest(digest('logsDigest', o.logsDigest), logsDigest(s.logs))) throw new StatementError('logsDigest', 'does not match logs');
  if (!sameDigest(digest('cellsDigest', o.cellsDigest), cellsDigest(s.cells))) throw new StatementError('cellsDigest', 'does not match cells');
  return s;
}
