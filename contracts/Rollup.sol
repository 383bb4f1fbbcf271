// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IVerifier} from "./IVerifier.sol";

/// @title zkevm rollup: batch commitments and STARK-verified state roots.
/// @notice Flow of one batch: the sequencer posts the batch's data with `commitBatch` (its
/// keccak256 is stored under the next batch index); anyone then posts a STARK proof of the batch's
/// state transition with `proveBatch`, which finalizes the new state root once the proof verifies.
/// Batches finalize strictly in index order, each exactly once.
/// @dev Owner and upgrade model (docs/rollup.md): none. No owner, no admin function, no proxy; the
/// verifier and the sequencer are immutable, fixed at deployment. Changing either means deploying
/// a new Rollup. Only the sequencer may commit (a permissionless commit would let anyone append a
/// batch that can never be proven and stall finalization forever, since batches finalize in order);
/// anyone may prove (the proof is the authority, not the sender).
contract Rollup {
    /// @notice The public statement of a batch proof.
    /// @dev State roots are 8 BabyBear elements packed big-endian, element i in bytes [4i, 4i+4);
    /// `txCommitment` is keccak256 of the batch data as given to `commitBatch`.
    struct PublicInputs {
        bytes32 prevStateRoot;
        bytes32 newStateRoot;
        bytes32 txCommitment;
    }

    /// @notice The BabyBear prime 2^31 - 2^27 + 1.
    uint256 public constant BABYBEAR_P = 2013265921;
    /// @notice Field elements per state root.
    uint256 public constant STATE_ROOT_ELEMENTS = 8;
    /// @notice 16-bit limbs per transaction commitment (256 bits; a limb always fits the field).
    uint256 public constant COMMITMENT_LIMBS = 16;
    /// @notice Length of the verifier's public input vector: previous root, new root, commitment.
    uint256 public constant PUBLIC_INPUT_COUNT = 2 * STATE_ROOT_ELEMENTS + COMMITMENT_LIMBS;

    /// @notice The STARK verifier of the batch circuit.
    IVerifier public immutable verifier;
    /// @notice The only address allowed to commit batches.
    address public immutable sequencer;

    /// @notice The state root after the last finalized batch (the genesis root before any).
    bytes32 public finalizedStateRoot;
    /// @notice Number of committed batches; the next commit gets this index.
    uint128 public committedBatches;
    /// @notice Number of finalized batches; the next batch to prove has this index.
    uint128 public finalizedBatches;
    /// @notice keccak256 of each committed batch's data, by batch index.
    mapping(uint256 batchIndex => bytes32) public batchCommitment;

    /// @notice A batch's data was committed under `batchIndex`.
    event BatchCommitted(uint256 indexed batchIndex, bytes32 txCommitment, uint256 dataBytes);
    /// @notice A batch's proof verified and `newStateRoot` is final.
    event BatchFinalized(uint256 indexed batchIndex, bytes32 prevStateRoot, bytes32 newStateRoot);

    /// @notice The verifier address has no code.
    error VerifierHasNoCode(address verifier);
    /// @notice A state root has an element that is not a canonical BabyBear value.
    error NonCanonicalStateRoot(bytes32 root);
    /// @notice `commitBatch` from an address other than the sequencer.
    error NotSequencer(address caller);
    /// @notice `commitBatch` with empty data.
    error EmptyBatch();
    /// @notice `proveBatch` for an index that was never committed.
    error UnknownBatch(uint256 batchIndex, uint256 committedBatches);
    /// @notice `proveBatch` for a batch that is already finalized (a replay).
    error BatchAlreadyFinalized(uint256 batchIndex);
    /// @notice `proveBatch` for a batch whose predecessor is not finalized yet.
    error BatchOutOfOrder(uint256 batchIndex, uint256 expectedIndex);
    /// @notice The proof's previous state root is not the last finalized root.
    error WrongPreviousStateRoot(bytes32 expected, bytes32 given);
    /// @notice The proof's transaction commitment is not the committed batch's.
    error WrongTransactionCommitment(bytes32 expected, bytes32 given);
    /// @notice The verifier rejected the proof.
    error InvalidProof();
    /// @notice The verifier reverted on the proof (malformed proof); `reason` is its revert data.
    error VerifierReverted(bytes reason);

    /// @param verifier_ The STARK verifier of the batch circuit.
    /// @param sequencer_ The address allowed to commit batches.
    /// @param genesisStateRoot The state root before the first batch.
    constructor(IVerifier verifier_, address sequencer_, bytes32 genesisStateRoot) {
        if (address(verifier_).code.length == 0) revert VerifierHasNoCode(address(verifier_));
        _checkStateRoot(genesisStateRoot);
        verifier = verifier_;
        sequencer = sequencer_;
        finalizedStateRoot = genesisStateRoot;
    }

    /// @notice Commits a batch's data; returns its index. Only the sequencer may call.
    function commitBatch(bytes calldata batchData) external returns (uint256 batchIndex) {
        if (msg.sender != sequencer) revert NotSequencer(msg.sender);
        if (batchData.length == 0) revert EmptyBatch();
        bytes32 txCommitment = keccak256(batchData);
        batchIndex = committedBatches;
        batchCommitment[batchIndex] = txCommitment;
        committedBatches = uint128(batchIndex + 1);
        emit BatchCommitted(batchIndex, txCommitment, batchData.length);
    }

    /// @notice Verifies a proof of batch `batchIndex` and finalizes its new state root.
    /// @dev Checks, in order: the batch exists, it is the next one to finalize (else replay or
    /// out-of-order), the previous root is the finalized root, the commitment is the batch's, the
    /// new root is canonical, and the verifier accepts.
    function proveBatch(uint256 batchIndex, bytes calldata proof, PublicInputs calldata inputs) external {
        uint256 committed = committedBatches;
        uint256 next = finalizedBatches;
        if (batchIndex >= committed) revert UnknownBatch(batchIndex, committed);
        if (batchIndex < next) revert BatchAlreadyFinalized(batchIndex);
        if (batchIndex > next) revert BatchOutOfOrder(batchIndex, next);
        bytes32 prevRoot = finalizedStateRoot;
        if (inputs.prevStateRoot != prevRoot) revert WrongPreviousStateRoot(prevRoot, inputs.prevStateRoot);
        bytes32 expectedCommitment = batchCommitment[batchIndex];
        if (inputs.txCommitment != expectedCommitment) {
            revert WrongTransactionCommitment(expectedCommitment, inputs.txCommitment);
        }
        uint256[] memory fields = publicInputFields(inputs);
        try verifier.verifyProof(proof, fields) returns (bool accepted) {
            if (!accepted) revert InvalidProof();
        } catch (bytes memory reason) {
            revert VerifierReverted(reason);
        }
        finalizedStateRoot = inputs.newStateRoot;
        finalizedBatches = uint128(next + 1);
        emit BatchFinalized(batchIndex, prevRoot, inputs.newStateRoot);
    }

    /// @notice The verifier's public input vector for `inputs` (PUBLIC_INPUT_COUNT field elements):
    /// [prevStateRoot elements 0..7, newStateRoot elements 0..7, txCommitment limbs 0..15], where
    /// root element i is bytes [4i, 4i+4) read big-endian (must be < BABYBEAR_P) and commitment
    /// limb i is bytes [2i, 2i+2) read big-endian.
    function publicInputFields(PublicInputs calldata inputs) public pure returns (uint256[] memory fields) {
        fields = new uint256[](PUBLIC_INPUT_COUNT);
        _stateRootFields(inputs.prevStateRoot, fields, 0);
        _stateRootFields(inputs.newStateRoot, fields, STATE_ROOT_ELEMENTS);
        uint256 commitment = uint256(inputs.txCommitment);
        unchecked {
            for (uint256 i = 0; i < COMMITMENT_LIMBS; ++i) {
                fields[2 * STATE_ROOT_ELEMENTS + i] = (commitment >> (240 - 16 * i)) & 0xffff;
            }
        }
    }

    function _stateRootFields(bytes32 root, uint256[] memory fields, uint256 offset) private pure {
        uint256 word = uint256(root);
        unchecked {
            for (uint256 i = 0; i < STATE_ROOT_ELEMENTS; ++i) {
                uint256 element = (word >> (224 - 32 * i)) & 0xffffffff;
                if (element >= BABYBEAR_P) revert NonCanonicalStateRoot(root);
                fields[offset + i] = element;
            }
        }
    }

    function _checkStateRoot(bytes32 root) private pure {
        uint256 word = uint256(root);
        unchecked {
            for (uint256 i = 0; i < STATE_ROOT_ELEMENTS; ++i) {
                if (((word >> (224 - 32 * i)) & 0xffffffff) >= BABYBEAR_P) revert NonCanonicalStateRoot(root);
            }
        }
    }
}
