// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title The STARK verifier interface the rollup calls.
/// @notice Implemented by the verifier generated from the circuit's AIR (contracts/generated).
/// @dev `publicInputs` are BabyBear field elements (each < 2^31 - 2^27 + 1), in the order the
/// circuit declares them; docs/rollup.md defines how the rollup builds them from state roots and
/// the batch's transaction commitment.
interface IVerifier {
    /// @notice True iff `proof` is a valid proof for `publicInputs`. May revert on malformed
    /// proofs (bound checks); the rollup treats a revert as a rejection.
    function verifyProof(bytes calldata proof, uint256[] calldata publicInputs) external view returns (bool);
}
