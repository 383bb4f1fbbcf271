// WebAssembly kernels of the STARK prover (src/stark/kernels/): the constraint interpreter used
// for quotient evaluation, witness checking and interaction columns, and the linear kernels
// (row combinations for DEEP, weighted column sums for out-of-domain openings), and the row-wise
// Fp4 passes of the DEEP quotient and FRI folding.
export { BLOCK, evalRows } from './program';
export { combineRows, dotColumns } from './linear';
export { friFold, scaleAccRows, subMulAccRows } from './fp4';
