/**
 * Validation of ethereum/tests GeneralStateTests JSON at the edge: every field the runner uses
 * is checked and converted once, and a bad field raises a FixtureError naming it
 * (`env.currentBaseFee: not a hex quantity`), so the run reports one clear line instead of a
 * stack trace from deep inside the EVM.
 *
 * Format reference: ethereum/tests docs, "General State Tests" (test_types/state_tests), and
 * go-ethereum tests/state_test_util.go (stJSON, stEnv, stTransaction, stPostState).
 */
import type { AccountData } from '../../evm/types.ts';

/** The fork whose post entries this runner executes. */
export const TARGET_FORK = 'Cancun';

/**
 * Fork names that may appear as `post` keys in ethereum/tests fixtures. A test with post
 * entries only for other known forks is skipped; one with only unknown names is an error.
 */
const KNOWN_FORKS: ReadonlySet<string> = new Set([
  'Frontier', 'Homestead', 'EIP150', 'EIP158', 'Byzantium', 'Constantinople', 'ConstantinopleFix',
  'Petersburg', 'Istanbul', 'MuirGlacier', 'Berlin', 'London', 'ArrowGlacier', 'GrayGlacier',
  'Merge', 'Paris', 'Shanghai', 'Cancun', 'Prague', 'Osaka',
]);

/** A fixture field that is missing or malformed. */
export class FixtureError extends Error {
  /** Dotted path of the offending field (e.g. `env.currentBaseFee`), or '' for the whole file. */
  readonly field: string;
  /** What is wrong with it. */
  readonly problem: string;
  constructor(field: string, problem: string) {
    super(field === '' ? problem : `${field}: ${problem}`);
    this.name = 'FixtureError';
    this.field = field;
    this.problem = problem;
  }
}

/** Position of a case in the transaction's data/gasLimit/value arrays. */
export interface CaseIndex {
  data: number;
  gas: number;
  value: number;
}

/** The block environment fields of a state test. */
export interface StateTestEnv {
  coinbase: bigint;
  gasLimit: bigint;
  number: bigint;
  timestamp: bigint;
  baseFee: bigint;
  prevRandao: bigint;
  excessBlobGas: bigint;
}

/** One `post.Cancun[i]` entry. */
export interface PostEntry {
  index: CaseIndex;
  /** Expected state root. */
  hash: Uint8Array;
  /** Expected logs hash. */
  logs: Uint8Array;
  /** Signed transaction bytes; absent in older fixtures (then built from `transaction`). */
  txbytes: Uint8Array | undefined;
  /** Expected rejection codes (the `TransactionException.` prefix stripped); empty if none. */
  expectException: string[];
}

/** The `transaction` section: shared fields plus the per-index arrays. */
export interface TransactionTemplate {
  nonce: bigint;
  gasPrice: bigint | undefined;
  maxFeePerGas: bigint | undefined;
  maxPriorityFeePerGas: bigint | undefined;
  maxFeePerBlobGas: bigint | undefined;
  blobVersionedHashes: Uint8Array[] | undefined;
  /** null = contract creation. */
  to: bigint | null;
  secretKey: Uint8Array;
  sender: bigint | undefined;
  data: Uint8Array[];
  gasLimit: bigint[];
  value: bigint[];
  /** Per data index; undefined when the section has no access lists, null entries allowed. */
  accessLists: ({ address: bigint; storageKeys: bigint[] }[] | null)[] | undefined;
}

/** One named test of a fixture file, validated. */
export interface StateTest {
  name: string;
  env: StateTestEnv;
  pre: Map<bigint, AccountData>;
  transaction: TransactionTemplate;
  /** The Cancun entries. */
  cases: PostEntry[];
}

/** A test without Cancun entries: its other-fork entries count as skipped. */
export interface SkippedStateTest {
  name: string;
  skipped: number;
}

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function field(obj: Record<string, Json>, key: string, path: string): Json {
  if (!(key in obj)) throw new FixtureError(path, 'missing');
  return obj[key];
}

/**
 * A hex quantity `0x…` (at least one digit); leading zeros are tolerated as in the fixtures.
 * Also accepts retesteth's `0x:bigint 0x…` notation, used for values that do not fit the
 * field on purpose (e.g. stTransactionTest/ValueOverflowParis, a value above 2^256).
 */
export function hexQuantity(v: Json, path: string): bigint {
  const digits = typeof v === 'string' && v.startsWith('0x:bigint ') ? v.slice('0x:bigint '.length) : v;
  if (typeof digits !== 'string' || !/^0x[0-9a-fA-F]+$/.test(digits)) throw new FixtureError(path, 'not a hex quantity');
  return BigInt(digits);
}

/** A hex byte string `0x…` with an even number of digits (may be empty: `0x`). */
export function hexBytes(v: Json, path: string): Uint8Array {
  if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v)) throw new FixtureError(path, 'not a hex byte string');
  return new Uint8Array(Buffer.from(v.slice(2), 'hex'));
}

function fixedHex(v: Json, size: number, path: string, what: string): Uint8Array {
  const b = hexBytes(v, path);
  if (b.length !== size) throw new FixtureError(path, `not a ${what} (${size} bytes)`);
  return b;
}

/** A 20-byte hex address. */
export function hexAddress(v: Json, path: string): bigint {
  return BigInt('0x' + Buffer.from(fixedHex(v, 20, path, 'hex address')).toString('hex'));
}

function hash32(v: Json, path: string): Uint8Array {
  return fixedHex(v, 32, path, '32-byte hash');
}

function index(v: Json, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new FixtureError(path, 'not a non-negative integer');
  return v;
}

function array(v: Json, path: string): Json[] {
  if (!Array.isArray(v)) throw new FixtureError(path, 'not an array');
  return v;
}

function object(v: Json, path: string): Record<string, Json> {
  if (!isObject(v)) throw new FixtureError(path, 'not an object');
  return v;
}

function parseEnv(v: Json): StateTestEnv {
  const env = object(v, 'env');
  const q = (key: string): bigint => hexQuantity(field(env, key, `env.${key}`), `env.${key}`);
  return {
    coinbase: hexAddress(field(env, 'currentCoinbase', 'env.currentCoinbase'), 'env.currentCoinbase'),
    gasLimit: q('currentGasLimit'),
    number: q('currentNumber'),
    timestamp: q('currentTimestamp'),
    baseFee: q('currentBaseFee'),
    prevRandao: q('currentRandom'),
    excessBlobGas: q('currentExcessBlobGas'),
  };
}

function parsePre(v: Json): Map<bigint, AccountData> {
  const pre = object(v, 'pre');
  const accounts = new Map<bigint, AccountData>();
  for (const [addr, raw] of Object.entries(pre)) {
    const path = `pre.${addr}`;
    const address = hexAddress(addr, path);
    const acct = object(raw, path);
    const storageJson = object(field(acct, 'storage', `${path}.storage`), `${path}.storage`);
    const storage = new Map<bigint, bigint>();
    for (const [slot, value] of Object.entries(storageJson)) {
      storage.set(hexQuantity(slot, `${path}.storage key ${slot}`), hexQuantity(value, `${path}.storage.${slot}`));
    }
    accounts.set(address, {
      nonce: hexQuantity(field(acct, 'nonce', `${path}.nonce`), `${path}.nonce`),
      balance: hexQuantity(field(acct, 'balance', `${path}.balance`), `${path}.balance`),
      code: hexBytes(field(acct, 'code', `${path}.code`), `${path}.code`),
      storage,
    });
  }
  return accounts;
}

function optionalQuantity(tx: Record<string, Json>, key: string): bigint | undefined {
  return key in tx ? hexQuantity(tx[key], `transaction.${key}`) : undefined;
}

function parseAccessList(v: Json, path: string): { address: bigint; storageKeys: bigint[] }[] | null {
  if (v === null) return null;
  return array(v, path).map((entry, i) => {
    const p = `${path}[${i}]`;
    const e = object(entry, p);
    return {
      address: hexAddress(field(e, 'address', `${p}.address`), `${p}.address`),
      storageKeys: array(field(e, 'storageKeys', `${p}.storageKeys`), `${p}.storageKeys`).map((k, j) =>
        hexQuantity(k, `${p}.storageKeys[${j}]`),
      ),
    };
  });
}

function parseTransaction(v: Json): TransactionTemplate {
  const tx = object(v, 'transaction');
  const to = field(tx, 'to', 'transaction.to');
  const list = <T>(key: string, parse: (x: Json, p: string) => T): T[] =>
    array(field(tx, key, `transaction.${key}`), `transaction.${key}`).map((x, i) => parse(x, `transaction.${key}[${i}]`));
  return {
    nonce: hexQuantity(field(tx, 'nonce', 'transaction.nonce'), 'transaction.nonce'),
    gasPrice: optionalQuantity(tx, 'gasPrice'),
    maxFeePerGas: optionalQuantity(tx, 'maxFeePerGas'),
    maxPriorityFeePerGas: optionalQuantity(tx, 'maxPriorityFeePerGas'),
    maxFeePerBlobGas: optionalQuantity(tx, 'maxFeePerBlobGas'),
    blobVersionedHashes: 'blobVersionedHashes' in tx ? list('blobVersionedHashes', hash32) : undefined,
    to: to === '' ? null : hexAddress(to, 'transaction.to'),
    secretKey: hash32(field(tx, 'secretKey', 'transaction.secretKey'), 'transaction.secretKey'),
    sender: 'sender' in tx ? hexAddress(tx.sender, 'transaction.sender') : undefined,
    data: list('data', hexBytes),
    gasLimit: list('gasLimit', hexQuantity),
    value: list('value', hexQuantity),
    accessLists: 'accessLists' in tx ? list('accessLists', parseAccessList) : undefined,
  };
}

function parsePostEntry(v: Json, path: string, tx: TransactionTemplate): PostEntry {
  const e = object(v, path);
  const idx = object(field(e, 'indexes', `${path}.indexes`), `${path}.indexes`);
  const at = (key: string, length: number): number => {
    const i = index(field(idx, key, `${path}.indexes.${key}`), `${path}.indexes.${key}`);
    if (i >= length) throw new FixtureError(`${path}.indexes.${key}`, `index ${i} out of range (${length} entries)`);
    return i;
  };
  const exception = e.expectException;
  if (exception !== undefined && (typeof exception !== 'string' || exception === '')) {
    throw new FixtureError(`${path}.expectException`, 'not a non-empty string');
  }
  return {
    index: { data: at('data', tx.data.length), gas: at('gas', tx.gasLimit.length), value: at('value', tx.value.length) },
    hash: hash32(field(e, 'hash', `${path}.hash`), `${path}.hash`),
    logs: hash32(field(e, 'logs', `${path}.logs`), `${path}.logs`),
    txbytes: 'txbytes' in e ? hexBytes(e.txbytes, `${path}.txbytes`) : undefined,
    expectException:
      exception === undefined ? [] : exception.split('|').map((alt) => alt.trim().replace(/^TransactionException\./, '')),
  };
}

/**
 * Validates one test. Only tests with Cancun entries have their env, pre and transaction
 * parsed: the others are skipped and may legitimately lack Cancun-only env fields.
 */
export function parseStateTest(name: string, v: Json): StateTest | SkippedStateTest {
  const t = object(v, '');
  for (const key of ['env', 'pre', 'transaction', 'post']) {
    if (!(key in t)) throw new FixtureError('', `not a state test (no "${key}" section)`);
  }
  const post = object(t.post, 'post');
  const forks = Object.keys(post);
  if (forks.length > 0 && !forks.some((f) => KNOWN_FORKS.has(f))) {
    throw new FixtureError('post', `unknown fork names only (${forks.join(', ')})`);
  }
  if (!(TARGET_FORK in post)) {
    let skipped = 0;
    for (const fork of forks) skipped += array(post[fork], `post.${fork}`).length;
    return { name, skipped };
  }
  const transaction = parseTransaction(t.transaction);
  const cases = array(post[TARGET_FORK], `post.${TARGET_FORK}`).map((e, i) =>
    parsePostEntry(e, `post.${TARGET_FORK}[${i}]`, transaction),
  );
  return { name, env: parseEnv(t.env), pre: parsePre(t.pre), transaction, cases };
}

/**
 * Splits a parsed fixture file into its named tests. Throws FixtureError when the file is not
 * a state test at all (not an object of objects).
 */
export function stateTestEntries(json: Json): [string, Json][] {
  if (!isObject(json)) throw new FixtureError('', 'not a state test (top level is not an object of tests)');
  const entries = Object.entries(json);
  if (entries.length === 0) throw new FixtureError('', 'not a state test (no tests in file)');
  for (const [, t] of entries) {
    if (!isObject(t) || !('post' in t)) throw new FixtureError('', 'not a state test (no "post" section)');
  }
  return entries;
}
