// WebAssembly kernels of the hash layer (src/hash): Poseidon2-BabyBear width 16 (SIMD, 4 states
// at once) and Keccak-256 over many equal-length messages (Merkle leaves and nodes).
export { P2_SCRATCH_BYTES, p2_stage_ptr, p2_setup, p2_permute16_batch } from './poseidon2';
export { KECCAK_SCRATCH_BYTES, keccak256_many } from './keccak';
