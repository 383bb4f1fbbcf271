/**
 * Human-readable differences between a pre state and a post state. State test fixtures carry
 * only the expected post-state root, not the accounts, so when a root mismatches this list of
 * what our execution changed is the main clue for debugging.
 */
import type { AccountData } from '../../evm/types.ts';

/** Default cap on the number of lines returned, so one broken case cannot flood the output. */
const DEFAULT_MAX_LINES = 40;

const hexQ = (n: bigint): string => '0x' + n.toString(16);
const hexAddr = (a: bigint): string => '0x' + a.toString(16).padStart(40, '0');

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Storage value with zero meaning "absent". */
const slotValue = (s: Map<bigint, bigint>, k: bigint): bigint => s.get(k) ?? 0n;

function accountChanges(address: string, before: AccountData, after: AccountData): string[] {
  const lines: string[] = [];
  if (before.nonce !== after.nonce) lines.push(`${address} nonce ${hexQ(before.nonce)} -> ${hexQ(after.nonce)}`);
  if (before.balance !== after.balance) {
    const delta = after.balance - before.balance;
    const sign = delta > 0n ? '+' : '-';
    lines.push(
      `${address} balance ${hexQ(before.balance)} -> ${hexQ(after.balance)} (${sign}${(delta < 0n ? -delta : delta).toString()})`,
    );
  }
  if (!bytesEqual(before.code, after.code)) {
    lines.push(`${address} code ${before.code.length} bytes -> ${after.code.length} bytes`);
  }
  const slots = new Set<bigint>([...before.storage.keys(), ...after.storage.keys()]);
  for (const slot of [...slots].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const b = slotValue(before.storage, slot);
    const a = slotValue(after.storage, slot);
    if (a !== b) lines.push(`${address} storage[${hexQ(slot)}] ${hexQ(b)} -> ${hexQ(a)}`);
  }
  return lines;
}

/**
 * Lines describing each created, deleted or modified account (nonce, balance, code size,
 * storage slots), sorted by address; truncated to `maxLines` with a final "... N more" line.
 */
export function describeStateChanges(
  pre: Map<bigint, AccountData>,
  post: Map<bigint, AccountData>,
  maxLines = DEFAULT_MAX_LINES,
): string[] {
  const addresses = new Set<bigint>([...pre.keys(), ...post.keys()]);
  const lines: string[] = [];
  for (const address of [...addresses].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const before = pre.get(address);
    const after = post.get(address);
    const addr = hexAddr(address);
    if (before === undefined && after !== undefined) {
      lines.push(
        `${addr} created: nonce ${hexQ(after.nonce)}, balance ${hexQ(after.balance)}, code ${after.code.length} bytes, ${after.storage.size} slots`,
      );
      const empty: AccountData = { nonce: after.nonce, balance: after.balance, code: after.code, storage: new Map() };
      lines.push(...accountChanges(addr, empty, after));
    } else if (before !== undefined && after === undefined) {
      lines.push(`${addr} deleted`);
    } else if (before !== undefined && after !== undefined) {
      lines.push(...accountChanges(addr, before, after));
    }
  }
  if (lines.length > maxLines) {
    const more = lines.length - maxLines;
    lines.length = maxLines;
    lines.push(`... ${more} more`);
  }
  return lines;
}
