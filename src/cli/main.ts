/**
 * The `zkevm` command: dispatches to a subcommand. Adding a subcommand is one entry in
 * SUBCOMMANDS; each receives the arguments after its name and returns the exit status.
 */
import type { CliIo } from './io.ts';
import { processIo } from './io.ts';

/** One `zkevm <name>` subcommand. */
export interface Subcommand {
  /** One-line description for `zkevm --help`. */
  summary: string;
  /** Runs the subcommand; loaded lazily so `zkevm --help` does not load the EVM. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** The subcommand table. */
export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  demo: {
    summary: 'execute a sample batch of L2 transactions and print the outcome (the main job)',
    run: async (argv, io) => (await import('./demo/command.ts')).demoCommand(argv, io),
  },
  statetest: {
    summary: 'run ethereum/tests GeneralStateTests fixtures (Cancun) against the EVM',
    run: async (argv, io) => (await import('./statetest/command.ts')).statetestCommand(argv, io),
  },
  'prove-statetest': {
    summary: 'prove single-frame GeneralStateTests cases (zkEVM circuits, issue 4) and check them against the EVM',
    run: async (argv, io) => (await import('./prove/command.ts')).proveStatetestCommand(argv, io),
  },
  verify: {
    summary: 'verify a frame proof file written by prove-statetest --out',
    run: async (argv, io) => (await import('./prove/verify-command.ts')).verifyCommand(argv, io),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((n) => n.length));
  const lines = Object.entries(SUBCOMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: zkevm <command> [options]

Commands:
${lines.join('\n')}

Run 'zkevm <command> --help' for the options of a command.
`;
}

/** Runs `zkevm` with the given arguments (without node and script path); returns the exit status. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(usage());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return 0;
  }
  const command = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (command === undefined) {
    io.stderr(`zkevm: unknown command ${JSON.stringify(name)}\nRun 'zkevm --help' for the list of commands.\n`);
    return 2;
  }
  return command.run(rest, io);
}
