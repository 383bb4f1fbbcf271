#!/usr/bin/env node
/**
 * Builds every WebAssembly module of the repository from its AssemblyScript sources:
 * wasm/<module>/index.ts -> build/wasm/<module>.wasm (plus a .wat listing for inspection).
 *
 * All modules share one ABI so the worker pool (src/field/worker-pool.ts) can host any of them:
 * SIMD128 and threads enabled, memory imported as `env.memory` (a shared WebAssembly.Memory owned
 * by JS), no managed runtime (`--runtime stub`; kernels work on raw pointers) and no `abort`
 * import. The memory import's minimum is left to the compiler (it covers the module's static
 * data); src/field/wasm.ts reads it from the binary and places JS-managed buffers above it.
 * A module is rebuilt only when a file under wasm/<module>/ (or this script) is newer
 * than its output, so running this from `pretest`/`prestart` costs milliseconds when nothing
 * changed. `--force` rebuilds everything.
 *
 * Runs under plain node (it is invoked by the npm `prepare`, `pretest` and `prestart` hooks).
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceRoot = join(root, 'wasm');
const outRoot = join(root, 'build', 'wasm');
const force = process.argv.includes('--force');

/** Flags shared by every module (see the header comment for why). */
const COMMON_FLAGS = [
  '-O3',
  '--runtime', 'stub',
  '--noAssert',
  '--enable', 'simd',
  '--enable', 'threads',
  '--importMemory',
  '--sharedMemory',
  '--maximumMemory', '65536',
  '--use', 'abort=',
];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

async function main() {
  if (!existsSync(sourceRoot)) return;
  const modules = readdirSync(sourceRoot, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(sourceRoot, e.name, 'index.ts')))
    .map((e) => e.name)
    .sort();
  mkdirSync(outRoot, { recursive: true });
  const scriptTime = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  const stale = modules.filter((name) => {
    const out = join(outRoot, `${name}.wasm`);
    if (force || !existsSync(out)) return true;
    const built = statSync(out).mtimeMs;
    return newestMtime(join(sourceRoot, name)) > built || scriptTime > built;
  });
  if (stale.length === 0) return;
  let asc;
  try {
    asc = (await import('assemblyscript/asc')).default;
  } catch (e) {
    process.stderr.write(
      `build-wasm: cannot load the AssemblyScript compiler (devDependency "assemblyscript"); ` +
        `run \`npm install\` first (${e instanceof Error ? e.message : String(e)})\n`,
    );
    process.exit(1);
  }
  let failed = false;
  for (const name of stale) {
    const args = [
      join(sourceRoot, name, 'index.ts'),
      '--outFile', join(outRoot, `${name}.wasm`),
      '--textFile', join(outRoot, `${name}.wat`),
      ...COMMON_FLAGS,
    ];
    const { error } = await asc.main(args, { stdout: process.stdout, stderr: process.stderr });
    if (error) {
      failed = true;
      process.stderr.write(`build-wasm: ${name} failed: ${error.message}\n`);
    } else {
      process.stdout.write(`build-wasm: built build/wasm/${name}.wasm\n`);
    }
  }
  if (failed) process.exit(1);
}

await main();
