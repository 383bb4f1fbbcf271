/**
 * Strict decoding of signed Cancun transactions: legacy RLP lists and EIP-2718 typed envelopes
 * 0x01 (EIP-2930), 0x02 (EIP-1559) and 0x03 (EIP-4844, canonical form only: the network wrapper
 * `[tx, blobs, commitments, proofs]` is rejected because its first element is a list).
 *
 * Decoding checks the encoding and the signature; rules that need no state but depend on the
 * chain (chain id, intrinsic gas, fee caps, blob limits) are in `validate.ts`.
 *
 * Error codes follow the ethereum/tests TransactionTests fixtures where they name one (leading
 * zeros and overflow per field, address sizes, signature values); any malformed RLP structure
 * is RLP_MALFORMED. A value above 2^256 - 1 is RLP_INVALID_VALUE as in the state tests.
 */
import { RlpError, rlpDecode, rlpDecodeBigInt, type RlpItem } from '../rlp.ts';
import type { AccessListEntry, Transaction } from '../types.ts';
import { bytesToBigInt } from './bytes.ts';
import { signingHash, transactionHash } from './encode.ts';
import { InvalidTransactionError, type InvalidTxCode } from './errors.ts';
import { recoverAddress } from './signature.ts';

/** How an integer field is bounded and which code each kind of failure carries. */
interface IntegerRule {
  name: string;
  maxBytes: number;
  notBytes: InvalidTxCode;
  leadingZeros: InvalidTxCode;
  overflow: InvalidTxCode;
}

function rule(name: string, maxBytes: number, codes: Partial<Omit<IntegerRule, 'name' | 'maxBytes'>>): IntegerRule {
  return {
    name,
    maxBytes,
    notBytes: codes.notBytes ?? 'RLP_MALFORMED',
    leadingZeros: codes.leadingZeros ?? 'RLP_INVALID_VALUE',
    overflow: codes.overflow ?? 'RLP_INVALID_VALUE',
  };
}

// Widths: nonce is capped at 2^64 - 1 by EIP-2681; gas limit is a u64 in every client;
// everything else is a 256-bit word.
const CHAIN_ID = rule('chainId', 32, {});
const NONCE = rule('nonce', 8, {
  notBytes: 'RLP_INVALID_NONCE',
  leadingZeros: 'RLP_LEADING_ZEROS_NONCE',
  overflow: 'NONCE_OVERFLOW',
});
const GAS_PRICE = rule('gasPrice', 32, { leadingZeros: 'RLP_LEADING_ZEROS_GASPRICE', overflow: 'GASPRICE_OVERFLOW' });
const MAX_PRIORITY_FEE = rule('maxPriorityFeePerGas', 32, {
  leadingZeros: 'RLP_LEADING_ZEROS_PRIORITY_FEE',
  overflow: 'PRIORITY_OVERFLOW',
});
const MAX_FEE = rule('maxFeePerGas', 32, { leadingZeros: 'RLP_LEADING_ZEROS_BASEFEE', overflow: 'GASPRICE_OVERFLOW' });
const GAS_LIMIT = rule('gasLimit', 8, {
  notBytes: 'RLP_INVALID_GASLIMIT',
  leadingZeros: 'RLP_LEADING_ZEROS_GASLIMIT',
  overflow: 'GASLIMIT_OVERFLOW',
});
const VALUE = rule('value', 32, { notBytes: 'RLP_INVALID_VALUE', leadingZeros: 'RLP_LEADING_ZEROS_VALUE' });
const MAX_FEE_PER_BLOB_GAS = rule('maxFeePerBlobGas', 32, {});
const V = rule('v', 32, { leadingZeros: 'RLP_LEADING_ZEROS_V', overflow: 'INVALID_SIGNATURE_VRS' });
const R = rule('r', 32, {
  notBytes: 'RLP_INVALID_SIGNATURE_R',
  leadingZeros: 'RLP_LEADING_ZEROS_R',
  overflow: 'INVALID_SIGNATURE_VRS',
});
const S = rule('s', 32, {
  notBytes: 'RLP_INVALID_SIGNATURE_S',
  leadingZeros: 'RLP_LEADING_ZEROS_S',
  overflow: 'INVALID_SIGNATURE_VRS',
});

function bytesField(item: RlpItem, name: string, code: InvalidTxCode): Uint8Array {
  if (!(item instanceof Uint8Array)) throw new InvalidTransactionError(code, `${name} must be a byte string, not a list`);
  return item;
}

/** A byte string of exactly `length` bytes, with the codes for longer and shorter ones. */
function fixedBytes(
  b: Uint8Array,
  name: string,
  length: number,
  tooLong: InvalidTxCode,
  tooShort: InvalidTxCode,
): Uint8Array {
  if (b.length !== length) {
    const code = b.length > length ? tooLong : tooShort;
    throw new InvalidTransactionError(code, `${name} has ${b.length} bytes, expected ${length}`);
  }
  return b;
}

/**
 * A canonical unsigned integer of at most `maxBytes` bytes. When a field is both too long and
 * zero-prefixed, the fixtures name the overflow for 64-bit fields and the leading zeros for
 * 256-bit ones (as geth's u64 and big-integer decoders do), so the checks run in that order.
 */
function integer(item: RlpItem, r: IntegerRule): bigint {
  const b = bytesField(item, r.name, r.notBytes);
  const tooLong = b.length > r.maxBytes;
  const zeroPrefixed = b.length > 0 && b[0] === 0;
  if (tooLong && (r.maxBytes === 8 || !zeroPrefixed)) {
    throw new InvalidTransactionError(r.overflow, `${r.name} exceeds ${8 * r.maxBytes} bits`, { bytes: b.length });
  }
  if (zeroPrefixed) throw new InvalidTransactionError(r.leadingZeros, `${r.name} has leading zero bytes`);
  return rlpDecodeBigInt(b);
}

/** `to`: 20 bytes, or empty for contract creation. */
function recipient(item: RlpItem): bigint | null {
  const b = bytesField(item, 'to', 'RLP_INVALID_TO');
  if (b.length === 0) return null;
  return bytesToBigInt(fixedBytes(b, 'to', 20, 'ADDRESS_TOO_LONG', 'ADDRESS_TOO_SHORT'));
}

function list(item: RlpItem, name: string): RlpItem[] {
  if (item instanceof Uint8Array) throw new InvalidTransactionError('RLP_MALFORMED', `${name} must be a list`);
  return item;
}

/** EIP-2930 access list: [[address(20), [storageKey(32), ...]], ...]. */
function accessList(item: RlpItem): AccessListEntry[] {
  return list(item, 'accessList').map((entryItem) => {
    const entry = list(entryItem, 'access list entry');
    if (entry.length !== 2) throw new InvalidTransactionError('RLP_MALFORMED', 'access list entry must have 2 elements');
    const address = fixedBytes(
      bytesField(entry[0]!, 'access list address', 'RLP_MALFORMED'),
      'access list address',
      20,
      'RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_LONG',
      'RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_SHORT',
    );
    const storageKeys = list(entry[1]!, 'storage keys').map((keyItem) => {
      const key = fixedBytes(
        bytesField(keyItem, 'storage key', 'RLP_MALFORMED'),
        'storage key',
        32,
        'RLP_INVALID_ACCESS_LIST_STORAGE_TOO_LONG',
        'RLP_INVALID_ACCESS_LIST_STORAGE_TOO_SHORT',
      );
      return bytesToBigInt(key);
    });
    return { address: bytesToBigInt(address), storageKeys };
  });
}

/** EIP-4844 versioned hashes: a list of 32-byte strings (the version byte is checked in validate). */
function versionedHashes(item: RlpItem): Uint8Array[] {
  return list(item, 'blobVersionedHashes').map((h) => {
    const b = bytesField(h, 'blob versioned hash', 'RLP_MALFORMED');
    return fixedBytes(b, 'blob versioned hash', 32, 'RLP_INVALID_VALUE', 'RLP_INVALID_VALUE');
  });
}

/** Decodes the RLP list that forms a (legacy) transaction or a typed payload. */
function decodeFieldList(bytes: Uint8Array, expected: number, what: string): RlpItem[] {
  let item: RlpItem;
  try {
    item = rlpDecode(bytes);
  } catch (e) {
    if (e instanceof RlpError) throw new InvalidTransactionError('RLP_MALFORMED', e.message, { offset: e.offset });
    throw e;
  }
  if (item instanceof Uint8Array) throw new InvalidTransactionError('RLP_MALFORMED', `${what} must be an RLP list`);
  if (item.length !== expected) {
    const code = item.length < expected ? 'RLP_TOO_FEW_ELEMENTS' : 'RLP_TOO_MANY_ELEMENTS';
    throw new InvalidTransactionError(code, `${what} has ${item.length} elements, expected ${expected}`);
  }
  return item;
}

/** yParity of a typed transaction: exactly 0 or 1. */
function yParity(item: RlpItem): 0 | 1 {
  const v = integer(item, V);
  if (v !== 0n && v !== 1n) throw new InvalidTransactionError('INVALID_SIGNATURE_VRS', `yParity must be 0 or 1, got ${v}`);
  return v === 0n ? 0 : 1;
}

/** Fills sender and hash once all fields are known. */
function finish(tx: Omit<Transaction, 'sender' | 'hash'>, parity: 0 | 1, raw: Uint8Array): Transaction {
  const sender = recoverAddress(signingHash(tx), tx.r, tx.s, parity);
  return { ...tx, sender, hash: transactionHash(raw) };
}

function decodeLegacy(raw: Uint8Array): Transaction {
  const f = decodeFieldList(raw, 9, 'legacy transaction');
  const gasPrice = integer(f[1]!, GAS_PRICE);
  const v = integer(f[6]!, V);
  let chainId: bigint | null;
  let parity: 0 | 1;
  if (v === 27n || v === 28n) {
    chainId = null;
    parity = v === 27n ? 0 : 1;
  } else if (v >= 35n) {
    // EIP-155: v = chainId * 2 + 35 + yParity.
    chainId = (v - 35n) >> 1n;
    parity = (v - 35n) & 1n ? 1 : 0;
  } else {
    throw new InvalidTransactionError('INVALID_CHAINID', `legacy v must be 27, 28 or chainId * 2 + 35/36, got ${v}`);
  }
  return finish(
    {
      type: 0,
      chainId,
      nonce: integer(f[0]!, NONCE),
      gasPrice,
      maxFeePerGas: gasPrice,
      maxPriorityFeePerGas: gasPrice,
      gasLimit: integer(f[2]!, GAS_LIMIT),
      to: recipient(f[3]!),
      value: integer(f[4]!, VALUE),
      data: bytesField(f[5]!, 'data', 'RLP_INVALID_DATA'),
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
      v,
      r: integer(f[7]!, R),
      s: integer(f[8]!, S),
    },
    parity,
    raw,
  );
}

/** Number of payload elements per typed transaction type. */
const TYPED_LENGTH: Record<1 | 2 | 3, number> = { 1: 11, 2: 12, 3: 14 };

function decodeTyped(type: 1 | 2 | 3, raw: Uint8Array): Transaction {
  const f = decodeFieldList(raw.subarray(1), TYPED_LENGTH[type], `type ${type} transaction`);
  const chainId = integer(f[0]!, CHAIN_ID);
  const nonce = integer(f[1]!, NONCE);
  // Types 2 and 3 shift every later field by one (priority fee and fee cap replace gasPrice).
  const feeFields = type === 1 ? 1 : 2;
  let gasPrice: bigint;
  let maxPriorityFeePerGas: bigint;
  if (type === 1) {
    gasPrice = integer(f[2]!, GAS_PRICE);
    maxPriorityFeePerGas = gasPrice;
  } else {
    maxPriorityFeePerGas = integer(f[2]!, MAX_PRIORITY_FEE);
    gasPrice = integer(f[3]!, MAX_FEE);
  }
  const i = 2 + feeFields;
  const sigAt = f.length - 3;
  const parity = yParity(f[sigAt]!);
  return finish(
    {
      type,
      chainId,
      nonce,
      gasPrice,
      maxFeePerGas: gasPrice,
      maxPriorityFeePerGas,
      gasLimit: integer(f[i]!, GAS_LIMIT),
      to: recipient(f[i + 1]!),
      value: integer(f[i + 2]!, VALUE),
      data: bytesField(f[i + 3]!, 'data', 'RLP_INVALID_DATA'),
      accessList: accessList(f[i + 4]!),
      maxFeePerBlobGas: type === 3 ? integer(f[i + 5]!, MAX_FEE_PER_BLOB_GAS) : 0n,
      blobVersionedHashes: type === 3 ? versionedHashes(f[i + 6]!) : [],
      v: BigInt(parity),
      r: integer(f[sigAt + 1]!, R),
      s: integer(f[sigAt + 2]!, S),
    },
    parity,
    raw,
  );
}

/**
 * Decodes a signed transaction from its canonical encoding, recovering the sender and computing
 * the hash. Throws InvalidTransactionError for anything that is not a well-formed, validly
 * signed Cancun transaction.
 */
export function decodeTransaction(raw: Uint8Array): Transaction {
  if (raw.length === 0) throw new InvalidTransactionError('RLP_MALFORMED', 'empty transaction');
  const first = raw[0]!;
  if (first >= 0xc0) return decodeLegacy(raw);
  if (first === 1 || first === 2 || first === 3) return decodeTyped(first, raw);
  // EIP-2718: a leading byte in [0x00, 0x7f] is a type; [0x80, 0xbf] would be an RLP string.
  const type = first.toString(16).padStart(2, '0');
  throw new InvalidTransactionError('TYPE_NOT_SUPPORTED', `transaction type 0x${type} is not supported`);
}
