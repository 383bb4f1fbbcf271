/**
 * The local L1 node: starts, answers JSON-RPC with the configured chain (cancun, 60M gas, funded
 * accounts), stops without leaving a process or temp directory behind, and dies with its parent.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ACCOUNT_BALANCE, LOCAL_BLOCK_GAS_LIMIT, LOCAL_CHAIN_ID, LocalNodeError, devAccounts, startLocalNode, type LocalL1Node } from './local-node.ts';

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error !== undefined) throw new Error(body.error.message);
  return body.result;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

describe('local L1 node', () => {
  let node: LocalL1Node;
  beforeAll(async () => {
    node = await startLocalNode({ accounts: 2 });
  });
  afterAll(async () => {
    await node?.stop();
  });

  it('answers on a local port with the configured chain', async () => {
    expect(node.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(node.chainId).toBe(LOCAL_CHAIN_ID);
    expect(Number.parseInt((await rpc(node.url, 'eth_chainId')) as string, 16)).toBe(LOCAL_CHAIN_ID);
    expect(node.startMs).toBeGreaterThan(0);
  });

  it('runs cancun with a 60M block gas limit', async () => {
    const block = (await rpc(node.url, 'eth_getBlockByNumber', ['latest', false])) as Record<string, string>;
    expect(BigInt(block.gasLimit!)).toBe(BigInt(LOCAL_BLOCK_GAS_LIMIT));
    // Cancun headers carry EIP-4844 blob gas fields and the EIP-4788 beacon root.
    expect(block.excessBlobGas).toBeDefined();
    expect(block.parentBeaconBlockRoot).toBeDefined();
  });

  it('funds the dev accounts, whose keys are the documented public derivation', async () => {
    expect(node.accounts).toEqual(devAccounts(2));
    for (const a of node.accounts) {
      expect(BigInt((await rpc(node.url, 'eth_getBalance', [a.address, 'latest'])) as string)).toBe(DEV_ACCOUNT_BALANCE);
    }
  });
});

describe('local L1 node lifecycle', () => {
  it('stop() ends the process and removes the temp directory; a second stop() is harmless', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((d) => d.startsWith('zkevm-l1-')));
    const node = await startLocalNode({ accounts: 1 });
    const created = readdirSync(tmpdir()).filter((d) => d.startsWith('zkevm-l1-') && !before.has(d));
    expect(created).toHaveLength(1);
    const pid = node.pid!;
    expect(alive(pid)).toBe(true);
    await node.stop();
    await node.stop();
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(tmpdir(), created[0]!))).toBe(false);
    await expect(rpc(node.url, 'eth_chainId')).rejects.toThrow();
  });

  it('a node that cannot become ready in time fails with LocalNodeError and leaves no temp directory', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((d) => d.startsWith('zkevm-l1-')));
    const err = await startLocalNode({ startTimeoutMs: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LocalNodeError);
    expect((err as Error).message).toMatch(/not ready after 1 ms/);
    expect(readdirSync(tmpdir()).filter((d) => d.startsWith('zkevm-l1-') && !before.has(d))).toEqual([]);
  });

  it('the node exits when the process that started it is killed with SIGKILL', async () => {
    // A child process starts a node, prints the node's pid, then idles until we kill it.
    const script = `
      import { startLocalNode } from ${JSON.stringify(fileURLToPath(new URL('./local-node.ts', import.meta.url)))};
      const node = await startLocalNode({ accounts: 1 });
      console.log('node-pid', node.pid);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const nodePid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /node-pid (\d+)/.exec(out);
        if (m !== null) resolve(Number(m[1]));
      });
      parent.once('exit', (code) => reject(new Error(`parent exited early (${code}): ${out}`)));
    });
    expect(alive(nodePid)).toBe(true);
    // The node's working directory is its temp directory (readable through /proc on Linux).
    const nodeDir = process.platform === 'linux' ? readlinkSync(`/proc/${nodePid}/cwd`) : undefined;
    if (nodeDir !== undefined) expect(nodeDir).toContain('zkevm-l1-');
    parent.kill('SIGKILL');
    expect(await waitUntil(() => !alive(nodePid), 20_000)).toBe(true);
    if (nodeDir !== undefined) expect(existsSync(nodeDir)).toBe(false);
  });
});
