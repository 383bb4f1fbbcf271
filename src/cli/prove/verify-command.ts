/**
 * `zkevm verify [--allow-insecure-config] FILE`: verifies one frame proof file written by
 * `zkevm prove-statetest --out` (src/circuits/frame/proof-file.ts) against its own statement.
 * Exit status 0 only if the proof is valid; 1 for an invalid or unreadable file (with the reason
 * on stderr); 2 for a usage error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyFrameProofFile } from '../../circuits/frame/proof-file.ts';
import type { CliIo } from '../io.ts';

/** Usage text. */
export const VERIFY_USAGE = `Usage: zkevm verify [options] FILE

Verifies a frame proof file (written by 'zkevm prove-statetest --out DIR') against the statement
it carries and prints that statement's summary.

Options:
  --allow-insecure-config  accept proofs made with the insecure test configuration
  -h, --help               show this help

Exit status: 0 if the proof is valid, 1 if it is not (or the file is unreadable), 2 on usage errors.
`;

/** Entry point of `zkevm verify`; returns the exit status. */
export async function verifyCommand(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { 'allow-insecure-config': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    io.stderr(`zkevm verify: ${(e as Error).message}\nRun 'zkevm verify --help' for usage.\n`);
    return 2;
  }
  if (parsed.values.help === true) {
    io.stdout(VERIFY_USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    io.stderr(`zkevm verify: expected exactly one FILE\nRun 'zkevm verify --help' for usage.\n`);
    return 2;
  }
  const path = parsed.positionals[0]!;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    io.stderr(`zkevm verify: ${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})\n`);
    return 1;
  }
  try {
    const s = verifyFrameProofFile(bytes, { allowInsecureConfig: parsed.values['allow-insecure-config'] === true });
    io.stdout(`valid: ${path}: frame of 0x${s.env.address.toString(16)}, ${s.status}, gas used ${s.gasUsed}, ${s.logs.length} log(s), ${s.cells.length} state cell(s)\n`);
    return 0;
  } catch (e) {
    io.stderr(`zkevm verify: ${path}: invalid: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
