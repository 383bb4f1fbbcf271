/**
 * 256-bit word helpers. Words are bigints kept normalised to [0, 2^256); signed views use
 * two's complement as the yellow paper defines for SDIV, SMOD, SLT, SGT, SAR and SIGNEXTEND.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';

/** 2^256 - 1. */
export const MASK_256 = (1n << 256n) - 1n;
/** 2^255, the sign bit of a word. */
export const SIGN_BIT = 1n << 255n;
/** 2^256. */
export const TWO_256 = 1n << 256n;
/** 2^160 - 1, the address mask. */
export const MASK_160 = (1n << 160n) - 1n;

/** Two's complement signed value of a word. */
export function toSigned(x: bigint): bigint {
  return x >= SIGN_BIT ? x - TWO_256 : x;
}

/** Word of a signed value (wraps modulo 2^256). */
export function fromSigned(x: bigint): bigint {
  return x < 0n ? x + TWO_256 : x;
}

const HEX_BYTE: string[] = [];
for (let i = 0; i < 256; i++) HEX_BYTE.push(i.toString(16).padStart(2, '0'));

/** Lowercase hex of bytes, without 0x. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX_BYTE[bytes[i]!];
  return s;
}

/** Big-endian unsigned integer of `bytes[start, start+len)`; bytes past the end read as zero. */
export function bytesToBigInt(bytes: Uint8Array, start = 0, len = bytes.length - start): bigint {
  let s = '0x0';
  const end = start + len;
  const avail = Math.min(end, bytes.length);
  for (let i = start; i < avail; i++) s += HEX_BYTE[bytes[i]!];
  for (let i = Math.max(avail, start); i < end; i++) s += '00';
  return BigInt(s);
}

/** keccak256 of the empty string, the code hash of accounts without code. */
export const EMPTY_CODE_HASH: Uint8Array = keccak_256(new Uint8Array(0));
