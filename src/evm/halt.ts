/**
 * How a frame ended. Halts are values, never exceptions: instruction functions set
 * `frame.halt` and the interpreter loop reacts.
 */

/** Frame termination reasons; `Running` (0) means the frame is still executing. */
export const Halt = {
  Running: 0,
  /** STOP or running off the end of the code. */
  Stop: 1,
  Return: 2,
  Revert: 3,
  SelfDestruct: 4,
  OutOfGas: 5,
  InvalidOpcode: 6,
  StackUnderflow: 7,
  StackOverflow: 8,
  InvalidJump: 9,
  /** State modification attempted in a static context (EIP-214). */
  WriteProtection: 10,
  /** RETURNDATACOPY past the end of the return data buffer (EIP-211). */
  ReturnDataOutOfBounds: 11,
  /** Deployed code larger than 24576 bytes (EIP-170). */
  CodeSizeExceeded: 12,
  /** Deployed code starting with 0xEF (EIP-3541). */
  InvalidCodePrefix: 13,
  /** Not enough gas left to pay 200 per deployed byte. */
  CodeStoreOutOfGas: 14,
  /** CREATE/CREATE2 target already has code, nonce or storage (EIP-684, EIP-7610). */
  AddressCollision: 15,
} as const;

/** A value of {@link Halt}. */
export type HaltReason = (typeof Halt)[keyof typeof Halt];

/** Whether a halt keeps the frame's state changes (success). */
export function isSuccess(h: HaltReason): boolean {
  return h === Halt.Stop || h === Halt.Return || h === Halt.SelfDestruct;
}

/** Error strings as geth prints them in EIP-3155 traces (`core/vm/errors.go`). */
export function haltMessage(h: HaltReason, opcode = 0): string {
  switch (h) {
    case Halt.Running:
    case Halt.Stop:
    case Halt.Return:
    case Halt.SelfDestruct:
      return '';
    case Halt.Revert:
      return 'execution reverted';
    case Halt.OutOfGas:
      return 'out of gas';
    case Halt.InvalidOpcode:
      return `invalid opcode: ${opcode === 0xfe ? 'INVALID' : `opcode 0x${opcode.toString(16)} not defined`}`;
    case Halt.StackUnderflow:
      return 'stack underflow';
    case Halt.StackOverflow:
      return 'stack limit reached 1024';
    case Halt.InvalidJump:
      return 'invalid jump destination';
    case Halt.WriteProtection:
      return 'write protection';
    case Halt.ReturnDataOutOfBounds:
      return 'return data out of bounds';
    case Halt.CodeSizeExceeded:
      return 'max code size exceeded';
    case Halt.InvalidCodePrefix:
      return 'invalid code: must not begin with 0xef';
    case Halt.CodeStoreOutOfGas:
      return 'contract creation code storage out of gas';
    case Halt.AddressCollision:
      return 'contract address collision';
  }
}
