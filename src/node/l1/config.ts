/**
 * Which L1 to use: a real network given by an RPC URL and a funded key (flags `--l1-rpc`,
 * `--l1-key`, or environment ZKEVM_L1_RPC, ZKEVM_L1_KEY; flags win), or by default a local node
 * started for this run (local-node.ts) whose first dev account signs.
 */
import type { Hex } from 'viem';
import { startLocalNode, type LocalL1Node, type LocalNodeOptions } from './local-node.ts';
import type { L1Connection } from './wallet.ts';

/** Environment variable with the L1 JSON-RPC URL. */
export const L1_RPC_ENV = 'ZKEVM_L1_RPC';
/** Environment variable with the L1 signer's private key (0x + 64 hex digits). */
export const L1_KEY_ENV = 'ZKEVM_L1_KEY';

/** The user's L1 choice; both undefined means "start a local node". */
export interface L1Settings {
  readonly rpcUrl?: string;
  readonly privateKey?: Hex;
}

/** Invalid L1 settings (the message says which flag or variable). */
export class L1ConfigError extends Error {
  override readonly name = 'L1ConfigError';
}

/**
 * Reads `--l1-rpc <url>` / `--l1-key <hex>` (or `--l1-rpc=<url>`) from `argv`, falling back to
 * the environment; returns the settings and the arguments that were not L1 flags.
 */
export function parseL1Settings(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { settings: L1Settings; rest: string[] } {
  let rpcUrl = nonEmpty(env[L1_RPC_ENV]);
  let key = nonEmpty(env[L1_KEY_ENV]);
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--l1-') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--l1-rpc' && flag !== '--l1-key') {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new L1ConfigError(`${flag} needs a value`);
    if (flag === '--l1-rpc') rpcUrl = value;
    else key = value;
  }
  return { settings: checkSettings(rpcUrl, key), rest };
}

/** An open L1: where to send transactions, and the local node to stop afterwards (if any). */
export interface OpenL1 {
  readonly connection: L1Connection;
  /** The local node started for this run, undefined for a remote L1. */
  readonly localNode: LocalL1Node | undefined;
  /** Stops the local node if one was started (idempotent). */
  close(): Promise<void>;
}

/** Opens the L1 the settings describe, starting a local node when no RPC URL is given. */
export async function openL1(settings: L1Settings, localOptions: LocalNodeOptions = {}): Promise<OpenL1> {
  if (settings.rpcUrl !== undefined) {
    if (settings.privateKey === undefined) throw new L1ConfigError(`an L1 RPC URL needs a signer key (--l1-key or ${L1_KEY_ENV})`);
    const connection = { rpcUrl: settings.rpcUrl, privateKey: settings.privateKey };
    return { connection, localNode: undefined, close: async () => {} };
  }
  if (settings.privateKey !== undefined) {
    throw new L1ConfigError(`an L1 key without an RPC URL (--l1-rpc or ${L1_RPC_ENV}): the local node funds its own accounts`);
  }
  const node = await startLocalNode(localOptions);
  const connection = { rpcUrl: node.url, privateKey: node.accounts[0]!.privateKey };
  return { connection, localNode: node, close: () => node.stop() };
}

function checkSettings(rpcUrl: string | undefined, key: string | undefined): L1Settings {
  if (rpcUrl !== undefined && !/^https?:\/\//.test(rpcUrl)) {
    throw new L1ConfigError(`L1 RPC URL must start with http:// or https:// (JSON-RPC over HTTP), got ${JSON.stringify(rpcUrl)}`);
  }
  if (key !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new L1ConfigError('L1 key must be 0x followed by 64 hex digits (the value is not shown)');
  }
  return { ...(rpcUrl === undefined ? {} : { rpcUrl }), ...(key === undefined ? {} : { privateKey: key as Hex }) };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
