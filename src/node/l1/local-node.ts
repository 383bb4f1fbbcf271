/**
 * The local L1: a real Ethereum node (Hardhat 2's EDR, from npm) started by the project in a child
 * process on a free local port. No mock chain: contracts run in EDR's revm-based EVM, transactions
 * are signed, mined and receipted like on any JSON-RPC endpoint.
 *
 * Chain settings (see docs/rollup.md):
 * - hardfork cancun (the fork our L2 EVM implements);
 * - block gas limit 60,000,000, so that a STARK verification of several million gas fits a block
 *   with a wide margin;
 * - EIP-170's 24,576-byte contract size limit stays ON by default: mainnet enforces it, so a
 *   verifier that only deploys with the limit lifted would not deploy on a real L1. The option
 *   `allowUnlimitedContractSize` exists for experiments and says so in its name.
 * - funded dev accounts whose keys are derived from a public string (publicly known keys: never
 *   use them on a real network).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { privateKeyToAccount } from 'viem/accounts';
import type { Address, Hex } from 'viem';

/** Chain id of the local L1 (Hardhat's default). */
export const LOCAL_CHAIN_ID = 31337;
/** Block gas limit of the local L1: room for multi-million-gas proof verifications. */
export const LOCAL_BLOCK_GAS_LIMIT = 60_000_000;
/** Balance of each dev account: 10,000 ETH in wei. */
export const DEV_ACCOUNT_BALANCE = 10_000n * 10n ** 18n;

/** A funded account of the local L1 (its key is public: dev use only). */
export interface DevAccount {
  readonly address: Address;
  readonly privateKey: Hex;
}

/** Options of `startLocalNode`. */
export interface LocalNodeOptions {
  /** Number of funded dev accounts (default 4). */
  readonly accounts?: number;
  /** Block gas limit (default LOCAL_BLOCK_GAS_LIMIT). */
  readonly blockGasLimit?: number;
  /** Lift EIP-170's contract size limit (default false: keep mainnet's rule). */
  readonly allowUnlimitedContractSize?: boolean;
  /** How long to wait for the node to answer eth_chainId (default 60 s: the machine may be busy). */
  readonly startTimeoutMs?: number;
}

/** The local L1 node could not start, or stopped unexpectedly. */
export class LocalNodeError extends Error {
  override readonly name = 'LocalNodeError';
  constructor(
    message: string,
    /** The last lines the node printed (empty if none). */
    readonly output: string,
  ) {
    super(output === '' ? message : `${message}\n--- node output (last lines) ---\n${output}`);
  }
}

/** The keys of the dev accounts: keccak256("zkevm local L1 dev account <i>"), publicly known. */
export function devAccounts(count: number): DevAccount[] {
  const out: DevAccount[] = [];
  for (let i = 0; i < count; i++) {
    const key = keccak_256(new TextEncoder().encode(`zkevm local L1 dev account ${i}`));
    const privateKey = `0x${Buffer.from(key).toString('hex')}` as Hex;
    out.push({ address: privateKeyToAccount(privateKey).address, privateKey });
  }
  return out;
}

const OUTPUT_TAIL_LINES = 40;
const READY_LINE = /Started HTTP and WebSocket JSON-RPC server at (http:\/\/[0-9.]+:\d+)\//;
const CHILD_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'hardhat-node-child.cjs');

/** A running local L1 node. Call `stop()` when done (also in test teardown). */
export class LocalL1Node {
  private stopping: Promise<void> | undefined;

  /** @internal use startLocalNode */
  constructor(
    private readonly child: ChildProcess,
    private readonly workDir: string,
    private readonly exitHook: () => void,
    /** JSON-RPC URL (HTTP). */
    readonly url: string,
    /** Chain id (LOCAL_CHAIN_ID). */
    readonly chainId: number,
    /** The funded dev accounts. */
    readonly accounts: readonly DevAccount[],
    /** Milliseconds from spawn until the node answered eth_chainId. */
    readonly startMs: number,
  ) {}

  /** Process id of the node's child process. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Stops the node (SIGTERM, then SIGKILL after 5 s) and removes its temporary directory. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      process.off('exit', this.exitHook);
      await terminate(this.child);
      rmSync(this.workDir, { recursive: true, force: true });
    })();
    return this.stopping;
  }
}

/** Starts a local L1 node on a free port and waits until it answers eth_chainId. */
export async function startLocalNode(options: LocalNodeOptions = {}): Promise<LocalL1Node> {
  const accounts = devAccounts(options.accounts ?? 4);
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const t0 = performance.now();
  const workDir = mkdtempSync(join(tmpdir(), 'zkevm-l1-'));
  const configPath = join(workDir, 'hardhat.config.cjs');
  writeFileSync(configPath, hardhatConfig(accounts, options));

  const hardhatPath = dirname(createRequire(import.meta.url).resolve('hardhat/package.json'));
  const child = spawn(process.execPath, [CHILD_SCRIPT], {
    cwd: workDir,
    env: {
      ...process.env,
      ZKEVM_HARDHAT_PATH: hardhatPath,
      HARDHAT_CONFIG: configPath,
      HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // If this process exits without stop(), take the node down with it (the closed stdin pipe
  // also ends it, see hardhat-node-child.cjs; this hook makes the exit immediate).
  const exitHook = (): void => {
    child.kill('SIGKILL');
  };
  process.on('exit', exitHook);

  const tail: string[] = [];
  let url: string | undefined;
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
    url ??= READY_LINE.exec(line)?.[1];
  };
  lineReader(child.stdout!, onLine);
  lineReader(child.stderr!, onLine);

  const fail = async (message: string): Promise<never> => {
    process.off('exit', exitHook);
    await terminate(child);
    rmSync(workDir, { recursive: true, force: true });
    throw new LocalNodeError(message, tail.join('\n'));
  };

  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exit code ${code ?? 'none'}, signal ${signal ?? 'none'}`;
  });
  let spawnError: Error | undefined;
  child.once('error', (e) => {
    spawnError = e;
  });

  const deadline = t0 + timeoutMs;
  for (;;) {
    if (spawnError !== undefined) return fail(`local L1: cannot spawn node: ${spawnError.message}`);
    if (exited !== undefined) return fail(`local L1: node exited before it was ready (${exited})`);
    if (performance.now() > deadline) return fail(`local L1: node not ready after ${timeoutMs} ms`);
    if (url !== undefined) {
      const chainId = await rpcChainId(url);
      if (chainId !== undefined) {
        if (chainId !== LOCAL_CHAIN_ID) return fail(`local L1: unexpected chain id ${chainId}`);
        return new LocalL1Node(child, workDir, exitHook, url, chainId, accounts, performance.now() - t0);
      }
    }
    await sleep(50);
  }
}

function hardhatConfig(accounts: readonly DevAccount[], options: LocalNodeOptions): string {
  const config = {
    networks: {
      hardhat: {
        chainId: LOCAL_CHAIN_ID,
        hardfork: 'cancun',
        blockGasLimit: options.blockGasLimit ?? LOCAL_BLOCK_GAS_LIMIT,
        allowUnlimitedContractSize: options.allowUnlimitedContractSize ?? false,
        accounts: accounts.map((a) => ({ privateKey: a.privateKey, balance: DEV_ACCOUNT_BALANCE.toString() })),
        mining: { auto: true, interval: 0 },
        // The node task logs every request (and decodes each call) unless told not to: costly
        // for multi-million-gas verifications, and nobody reads it.
        loggingEnabled: false,
      },
    },
  };
  return `// Generated by zkevm src/node/l1/local-node.ts for one local L1 run.\nmodule.exports = ${JSON.stringify(config, null, 2)};\n`;
}

async function rpcChainId(url: string): Promise<number | undefined> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(2_000),
    });
    const body = (await res.json()) as { result?: unknown };
    return typeof body.result === 'string' ? Number.parseInt(body.result, 16) : undefined;
  } catch {
    return undefined; // not listening yet
  }
}

function lineReader(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      onLine(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    }
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killTimer);
  child.stdin?.destroy();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
