import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.ts';
import { main, SUBCOMMANDS } from './main.ts';

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t) => (out += t), stderr: (t) => (err += t), stderrIsTTY: false, stderrColumns: undefined },
    out: () => out,
    err: () => err,
  };
}

describe('zkevm main', () => {
  it('prints help listing every subcommand', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    for (const name of Object.keys(SUBCOMMANDS)) expect(c.out()).toContain(name);
    expect(c.out()).toContain('Usage: zkevm <command>');
  });

  it('rejects an unknown subcommand with exit status 2', async () => {
    const c = capture();
    expect(await main(['frobnicate'], c.io)).toBe(2);
    expect(c.err()).toContain('zkevm: unknown command "frobnicate"');
    expect(c.out()).toBe('');
  });

  it('shows usage on stderr with exit status 2 when no subcommand is given', async () => {
    const c = capture();
    expect(await main([], c.io)).toBe(2);
    expect(c.err()).toContain('Usage: zkevm <command>');
  });
});
