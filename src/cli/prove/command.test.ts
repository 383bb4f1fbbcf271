import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAME_PROOF_MAGIC, encodeFrameProofFile } from '../../circuits/frame/proof-file.ts';
import { buildStatement } from '../../circuits/frame/statement-builder.ts';
import { runTestFrame } from '../../circuits/frame/test-support.ts';
import { TEST_CONFIG_INSECURE } from '../../stark/index.ts';
import type { CliIo } from '../io.ts';
import { main } from '../main.ts';
import type { ProveSummary } from './command.ts';
import { proveStateTestFile } from './run-file.ts';

const SECRET_KEY = '0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8';
const SENDER = '0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b';
const CONTRACT = '0x0000000000000000000000000000000000001000';
const ZERO32 = '0x' + '00'.repeat(32);
const CALL_CODE = '0x' + '6000'.repeat(7) + 'f1';

/** A one-test fixture calling `to` (or creating when ''): data ['0x', '0x0102'], gasLimit [100000, 1], the given post entries. */
function fixture(name: string, to: string, code: string, post: { data: number; gas: number }[]): string {
  return JSON.stringify({
    [name]: {
      env: {
        currentCoinbase: '0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba',
        currentGasLimit: '0x05f5e100',
        currentNumber: '0x01',
        currentTimestamp: '0x03e8',
        currentBaseFee: '0x0a',
        currentRandom: ZERO32,
        currentDifficulty: '0x00',
        currentExcessBlobGas: '0x00',
      },
      pre: {
        [SENDER]: { balance: '0x0de0b6b3a7640000', code: '0x', nonce: '0x00', storage: {} },
        [CONTRACT]: { balance: '0x00', code, nonce: '0x01', storage: { '0x01': '0x03' } },
      },
      transaction: {
        data: ['0x', '0x0102'],
        gasLimit: ['0x0186a0', '0x01'],
        gasPrice: '0x0a',
        nonce: '0x00',
        secretKey: SECRET_KEY,
        to,
        value: ['0x00'],
      },
      post: { Cancun: post.map((p) => ({ hash: ZERO32, logs: ZERO32, indexes: { data: p.data, gas: p.gas, value: 0 } })) },
    },
  });
}

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t) => (out += t), stderr: (t) => (err += t), stderrIsTTY: false, stderrColumns: undefined },
    out: () => out,
    err: () => err,
  };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkevm-prove-'));
  // Code making a CALL (PUSH1 0 ×7 CALL, left to a later issue): two runnable cases and one with a
  // 1-gas limit (rejected: intrinsic gas).
  writeFileSync(join(dir, 'call.json'), fixture('callOut', CONTRACT, CALL_CODE, [{ data: 0, gas: 0 }, { data: 1, gas: 0 }, { data: 0, gas: 1 }]));
  writeFileSync(join(dir, 'create.json'), fixture('createIt', '', '0x', [{ data: 0, gas: 0 }]));
  // A call to an account without code: nothing runs.
  writeFileSync(join(dir, 'nocode.json'), fixture('noCode', '0x0000000000000000000000000000000000002000', '0x', [{ data: 0, gas: 0 }]));
  // SSTORE(1, 10 − 3) then RETURN(0, 1): proven (storage diff 3 → 7, one byte of return data).
  writeFileSync(join(dir, 'sub.json'), fixture('subCaller', CONTRACT, '0x6003600a0360015560016000f3', [{ data: 0, gas: 0 }]));
  writeFileSync(join(dir, 'broken.json'), '{ not json');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zkevm prove-statetest', () => {
  it('counts every case and ends with the totals line', async () => {
    const c = capture();
    const status = await main(['prove-statetest', '--jobs', '1', '--insecure-test-config', '--out', join(dir, 'proofs'), dir], c.io);
    const lines = c.out().trimEnd().split('\n');
    expect(lines.at(-1)).toBe('1 proven, 1 failed, 5 unsupported');
    expect(lines).toContain('unsupported: 2 opcode CALL, 1 create transaction, 1 invalid transaction, 1 no code executed');
    expect(c.out()).toMatch(/FAIL .*broken\.json: malformed JSON/);
    expect(status).toBe(1);
  });

  it('prints one JSON object with the reasons most frequent first', async () => {
    const c = capture();
    await main(['prove-statetest', '--json', '--jobs', '2', join(dir, 'call.json'), join(dir, 'create.json')], c.io);
    const summary = JSON.parse(c.out()) as ProveSummary;
    expect(summary).toEqual({
      proven: 0,
      failed: 0,
      unsupported: 4,
      unsupported_by_reason: { 'opcode CALL': 2, 'create transaction': 1, 'invalid transaction': 1 },
      failures: [],
    });
    expect(Object.keys(summary.unsupported_by_reason)[0]).toBe('opcode CALL');
  });

  it('lets the CPU refuse what selection let through, as unsupported', () => {
    // Pretend every opcode were proven: the CPU itself refuses CALL by name.
    const r = proveStateTestFile(join(dir, 'call.json'), { filter: null, outDir: null, insecureTestConfig: true }, { isProven: () => true, missing: undefined });
    expect(r.proven).toBe(0);
    expect(r.failed).toBe(0);
    expect(r.unsupportedByReason).toEqual({ 'CALL at pc 14 is not proven yet': 2, 'invalid transaction': 1 });
  });

  it('writes a proof that zkevm verify accepts', async () => {
    const out = join(dir, 'proofs');
    const files = readdirSync(out).sort();
    expect(files).toEqual(['sub-subCaller-d0g0v0.proof', 'sub-subCaller-d0g0v0.statement.json']);
    const c = capture();
    expect(await main(['verify', '--allow-insecure-config', join(out, files[0]!)], c.io)).toBe(0);
    expect(c.out()).toMatch(/^valid: .*frame of 0x1000, success/);
    const corrupted = readFileSync(join(out, files[0]!));
    corrupted[corrupted.length - 100] ^= 1;
    writeFileSync(join(dir, 'flipped.proof'), corrupted);
    const d = capture();
    expect(await main(['verify', '--allow-insecure-config', join(dir, 'flipped.proof')], d.io)).toBe(1);
    expect(d.err()).toMatch(/invalid: verification failed/);
  });

  it('writes no proof file for an unsupported case and rejects usage errors', async () => {
    const out = join(dir, 'out');
    const c = capture();
    await main(['prove-statetest', '--out', out, '--jobs', '1', join(dir, 'call.json')], c.io);
    expect(readdirSync(out)).toEqual([]);
    const u = capture();
    expect(await main(['prove-statetest'], u.io)).toBe(2);
    expect(u.err()).toMatch(/no PATH given/);
    expect(await main(['prove-statetest', '--jobs', '0', dir], u.io)).toBe(2);
  });
});

describe('zkevm verify', () => {
  it('rejects a file that is not a proof, a corrupted header and a missing file', async () => {
    const junk = join(dir, 'junk.proof');
    writeFileSync(junk, 'hello');
    const c = capture();
    expect(await main(['verify', junk], c.io)).toBe(1);
    expect(c.err()).toMatch(/invalid: proof file magic: not a frame proof file/);

    // A well-formed file around a statement of a real frame, but with a proof of nothing.
    const statement = buildStatement(runTestFrame('6005600155'));
    const file = encodeFrameProofFile({ statement, config: TEST_CONFIG_INSECURE, circuitDigest: new Uint8Array(32), proof: new Uint8Array([1, 2, 3]) });
    expect(new TextDecoder().decode(file.subarray(0, 8))).toBe(FRAME_PROOF_MAGIC);
    const bad = join(dir, 'bad.proof');
    writeFileSync(bad, file);
    const d = capture();
    expect(await main(['verify', bad], d.io)).toBe(1);
    expect(d.err()).toMatch(/header\.config: not the default configuration/);
    const e = capture();
    expect(await main(['verify', '--allow-insecure-config', bad], e.io)).toBe(1);
    expect(e.err()).toMatch(/header\.circuit: made by another circuit/);

    const corrupted = file.slice();
    corrupted[20] ^= 0x20; // inside the header JSON
    writeFileSync(bad, corrupted);
    const f = capture();
    expect(await main(['verify', '--allow-insecure-config', bad], f.io)).toBe(1);
    expect(f.err()).toMatch(/invalid: (proof file header|statement)/);

    const g = capture();
    expect(await main(['verify', join(dir, 'nope.proof')], g.io)).toBe(1);
    expect(g.err()).toMatch(/cannot read \(ENOENT\)/);
  });
});
