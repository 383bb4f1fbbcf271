/*
 * Child process of the local L1 (started by local-node.ts): runs Hardhat's `node` task (EDR behind
 * Hardhat's HTTP/WebSocket JSON-RPC server) in this process.
 *
 * Why a wrapper instead of the `hardhat` CLI: the CLI refuses a config file outside a project that
 * has Hardhat installed next to it (HH12), and our config lives in a temporary directory. Loading
 * Hardhat as a library with HARDHAT_CONFIG pointing at that file avoids the check.
 *
 * Orphan protection: the parent keeps our stdin open as a pipe and never writes to it. When the
 * parent exits for any reason (even SIGKILL, which runs no handler in the parent), the pipe closes
 * and we exit (removing the run's temporary directory), so the node never outlives the process
 * that started it.
 *
 * Environment: ZKEVM_HARDHAT_PATH (the hardhat package directory), HARDHAT_CONFIG (config file).
 * Port 0 lets the OS pick a free port; Hardhat prints the real one ("Started HTTP ... at
 * http://127.0.0.1:<port>/"), which the parent parses.
 */
'use strict';

// The working directory is the run's temporary directory (config, cache); the parent removes it
// on a normal stop, but if the parent died we are the last one who can.
const exitWithParent = () => {
  require('node:fs').rmSync(process.cwd(), { recursive: true, force: true });
  process.exit(0);
};
process.stdin.on('end', exitWithParent);
process.stdin.on('close', exitWithParent);
process.stdin.resume();

const hardhatPath = process.env.ZKEVM_HARDHAT_PATH;
if (hardhatPath === undefined || process.env.HARDHAT_CONFIG === undefined) {
  console.error('hardhat-node-child: ZKEVM_HARDHAT_PATH and HARDHAT_CONFIG must be set');
  process.exit(2);
}

const hre = require(hardhatPath);
hre.run('node', { port: 0, hostname: '127.0.0.1' }).then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
