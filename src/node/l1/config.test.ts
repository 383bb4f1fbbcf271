/**
 * L1 selection from flags and environment.
 */
import { describe, expect, it } from 'vitest';
import { L1ConfigError, openL1, parseL1Settings } from './config.ts';

const KEY = `0x${'11'.repeat(32)}` as const;
const KEY2 = `0x${'22'.repeat(32)}` as const;

describe('parseL1Settings', () => {
  it('is empty (local node) without flags or environment', () => {
    expect(parseL1Settings(['--json'], {})).toEqual({ settings: {}, rest: ['--json'] });
  });

  it('reads ZKEVM_L1_RPC and ZKEVM_L1_KEY', () => {
    const { settings } = parseL1Settings([], { ZKEVM_L1_RPC: 'https://rpc.example', ZKEVM_L1_KEY: KEY });
    expect(settings).toEqual({ rpcUrl: 'https://rpc.example', privateKey: KEY });
  });

  it('lets flags (both spellings) override the environment and keeps other arguments', () => {
    const env = { ZKEVM_L1_RPC: 'https://env.example', ZKEVM_L1_KEY: KEY };
    const { settings, rest } = parseL1Settings(['demo', '--l1-rpc', 'http://127.0.0.1:8545', `--l1-key=${KEY2}`, '--json'], env);
    expect(settings).toEqual({ rpcUrl: 'http://127.0.0.1:8545', privateKey: KEY2 });
    expect(rest).toEqual(['demo', '--json']);
  });

  it('rejects a missing value, a non-HTTP URL and a malformed key without echoing it', () => {
    expect(() => parseL1Settings(['--l1-rpc'], {})).toThrow(L1ConfigError);
    expect(() => parseL1Settings(['--l1-rpc', 'ftp://x'], {})).toThrow(/http:\/\/ or https:\/\//);
    const err = (() => {
      try {
        parseL1Settings([], { ZKEVM_L1_KEY: '0xsecretbutwrong' });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(L1ConfigError);
    expect(err!.message).not.toContain('secretbutwrong');
  });
});

describe('openL1', () => {
  it('uses a given RPC URL and key as is, starting nothing', async () => {
    const l1 = await openL1({ rpcUrl: 'https://rpc.example', privateKey: KEY });
    expect(l1.connection).toEqual({ rpcUrl: 'https://rpc.example', privateKey: KEY });
    expect(l1.localNode).toBeUndefined();
    await l1.close();
  });

  it('refuses an RPC URL without a key, and a key without an RPC URL', async () => {
    await expect(openL1({ rpcUrl: 'https://rpc.example' })).rejects.toThrow(/needs a signer key/);
    await expect(openL1({ privateKey: KEY })).rejects.toThrow(/without an RPC URL/);
  });

  it('starts a local node by default, signing with its first dev account', async () => {
    const l1 = await openL1({}, { accounts: 1 });
    try {
      expect(l1.localNode).toBeDefined();
      expect(l1.connection.rpcUrl).toBe(l1.localNode!.url);
      expect(l1.connection.privateKey).toBe(l1.localNode!.accounts[0]!.privateKey);
    } finally {
      await l1.close();
    }
  });
});
