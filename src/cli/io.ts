/**
 * The streams a CLI command writes to, injected so commands can be tested in-process and so
 * the entry point alone touches `process`.
 */

/** Output channels of a command. */
export interface CliIo {
  /** Writes to standard output (text is written as given; include newlines). */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** True when stderr is an interactive terminal (progress indicators are drawn only then). */
  stderrIsTTY: boolean;
  /** Width of the stderr terminal, when known. */
  stderrColumns: number | undefined;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    stderrIsTTY: process.stderr.isTTY === true,
    stderrColumns: process.stderr.columns,
  };
}
