// WebAssembly kernels of the EVM interpreter (src/evm): the KECCAK256 sponge and 256-bit EXP.
// The JS side is src/evm/keccak.ts and src/evm/instructions/arithmetic.ts, through the loader
// src/evm/wasm-kernel.ts.
export { keccak256, keccak256_digest } from './keccak';
export { exp256, uint256_io } from './uint256';
