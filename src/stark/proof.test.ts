import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defineSystem } from './air/system.ts';
import { TEST_CONFIG_INSECURE } from './config.ts';
import { VerificationError } from './errors.ts';
import { fibonacciTable, fibonacciTrace } from './examples/fibonacci.ts';
import { setup } from './keys.ts';
import { decodeProof, encodeProof, proofToJson } from './proof.ts';
import { prove } from './prover.ts';
import { verifyBytes } from './verifier.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/fibonacci-proof.bin', import.meta.url));
const system = defineSystem([fibonacciTable]);
const { provingKey, verifyingKey } = setup(system, TEST_CONFIG_INSECURE);
// The pinned statement: Fibonacci from (0, 1) over 2^5 rows.
const { trace, publics } = fibonacciTrace(5, 0, 1);
const statement = { publicInputs: { fibonacci: publics } };

describe('proof format', () => {
  it('the pinned fixture proof verifies', () => {
    const pinned = new Uint8Array(readFileSync(FIXTURE));
    expect(() => verifyBytes(verifyingKey, pinned, statement)).not.toThrow();
  });

  it('proving is deterministic and re-proving gives the pinned bytes', () => {
    const pinned = new Uint8Array(readFileSync(FIXTURE));
    const bytes = encodeProof(prove(provingKey, { traces: { fibonacci: trace }, ...statement }));
    expect(Buffer.from(bytes).equals(Buffer.from(pinned))).toBe(true);
  });

  it('decode ∘ encode is the identity and the JSON view is plain data', () => {
    const bytes = encodeProof(prove(provingKey, { traces: { fibonacci: trace }, ...statement }));
    const decoded = decodeProof(bytes);
    expect(Buffer.from(encodeProof(decoded)).equals(Buffer.from(bytes))).toBe(true);
    const json = JSON.parse(JSON.stringify(proofToJson(decoded))) as { config: unknown; version: number };
    expect(json.version).toBe(1);
    expect(json.config).toEqual(TEST_CONFIG_INSECURE);
  });

  it('rejects truncation, trailing bytes, bad magic/version and garbage with VerificationError', () => {
    const bytes = new Uint8Array(readFileSync(FIXTURE));
    const bad = [
      bytes.subarray(0, bytes.length - 1),
      new Uint8Array([...bytes, 0]),
      new Uint8Array(0),
      Uint8Array.from(bytes, (b, i) => (i === 0 ? b ^ 1 : b)),
      Uint8Array.from(bytes, (b, i) => (i === 4 ? 2 : b)),
      new Uint8Array(5000).fill(0xff),
    ];
    for (const b of bad) {
      let err: unknown;
      try {
        verifyBytes(verifyingKey, b, statement);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(VerificationError);
    }
  });

  it('rejects a proof made under another config', () => {
    const other = setup(system, { ...TEST_CONFIG_INSECURE, numQueries: 9 });
    const bytes = encodeProof(prove(other.provingKey, { traces: { fibonacci: trace }, ...statement }));
    expect(() => verifyBytes(verifyingKey, bytes, statement)).toThrow(VerificationError);
  });
});
