/** The 256-entry dispatch table: opcode byte -> instruction function. */
import { opAdd, opAddmod, opDiv, opExp, opMod, opMul, opMulmod, opSdiv, opSignextend, opSmod, opSub } from './arithmetic.ts';
import { opAnd, opByte, opNot, opOr, opSar, opShl, opShr, opXor } from './bitwise.ts';
import { opBasefee, opBlobbasefee, opBlobhash, opBlockhash, opChainid, opCoinbase, opGaslimit, opNumber, opPrevrandao, opSelfbalance, opTimestamp } from './block.ts';
import { opEq, opGt, opIszero, opLt, opSgt, opSlt } from './comparison.ts';
import {
  opAddress,
  opBalance,
  opCalldatacopy,
  opCalldataload,
  opCalldatasize,
  opCaller,
  opCallvalue,
  opCodecopy,
  opCodesize,
  opExtcodecopy,
  opExtcodehash,
  opExtcodesize,
  opGasprice,
  opOrigin,
  opReturndatacopy,
  opReturndatasize,
} from './environment.ts';
import type { Instruction } from './instruction.ts';
import { opKeccak256 } from './keccak.ts';
import { LOG_OPS } from './logs.ts';
import { DUP_OPS, PUSH_OPS, SWAP_OPS, opGas, opJump, opJumpdest, opJumpi, opMcopy, opMload, opMsize, opMstore, opMstore8, opPc, opPop, opPush0 } from './stack-memory-flow.ts';
import { opSload, opSstore, opTload, opTstore } from './storage.ts';
import {
  opCall,
  opCallcode,
  opCreate,
  opCreate2,
  opDelegatecall,
  opInvalid,
  opReturn,
  opRevert,
  opSelfdestruct,
  opStaticcall,
  opStop,
} from './system.ts';

function buildTable(): Instruction[] {
  const t = new Array<Instruction>(256).fill(opInvalid);
  const entries: [number, Instruction][] = [
    [0x00, opStop], [0x01, opAdd], [0x02, opMul], [0x03, opSub], [0x04, opDiv], [0x05, opSdiv], [0x06, opMod],
    [0x07, opSmod], [0x08, opAddmod], [0x09, opMulmod], [0x0a, opExp], [0x0b, opSignextend],
    [0x10, opLt], [0x11, opGt], [0x12, opSlt], [0x13, opSgt], [0x14, opEq], [0x15, opIszero], [0x16, opAnd],
    [0x17, opOr], [0x18, opXor], [0x19, opNot], [0x1a, opByte], [0x1b, opShl], [0x1c, opShr], [0x1d, opSar],
    [0x20, opKeccak256],
    [0x30, opAddress], [0x31, opBalance], [0x32, opOrigin], [0x33, opCaller], [0x34, opCallvalue],
    [0x35, opCalldataload], [0x36, opCalldatasize], [0x37, opCalldatacopy], [0x38, opCodesize], [0x39, opCodecopy],
    [0x3a, opGasprice], [0x3b, opExtcodesize], [0x3c, opExtcodecopy], [0x3d, opReturndatasize],
    [0x3e, opReturndatacopy], [0x3f, opExtcodehash],
    [0x40, opBlockhash], [0x41, opCoinbase], [0x42, opTimestamp], [0x43, opNumber], [0x44, opPrevrandao],
    [0x45, opGaslimit], [0x46, opChainid], [0x47, opSelfbalance], [0x48, opBasefee], [0x49, opBlobhash],
    [0x4a, opBlobbasefee],
    [0x50, opPop], [0x51, opMload], [0x52, opMstore], [0x53, opMstore8], [0x54, opSload], [0x55, opSstore],
    [0x56, opJump], [0x57, opJumpi], [0x58, opPc], [0x59, opMsize], [0x5a, opGas], [0x5b, opJumpdest],
    [0x5c, opTload], [0x5d, opTstore], [0x5e, opMcopy], [0x5f, opPush0],
    [0xf0, opCreate], [0xf1, opCall], [0xf2, opCallcode], [0xf3, opReturn], [0xf4, opDelegatecall],
    [0xf5, opCreate2], [0xfa, opStaticcall], [0xfd, opRevert], [0xfe, opInvalid], [0xff, opSelfdestruct],
  ];
  for (const [code, fn] of entries) t[code] = fn;
  for (let i = 0; i < 32; i++) t[0x60 + i] = PUSH_OPS[i]!;
  for (let i = 0; i < 16; i++) t[0x80 + i] = DUP_OPS[i]!;
  for (let i = 0; i < 16; i++) t[0x90 + i] = SWAP_OPS[i]!;
  for (let i = 0; i < 5; i++) t[0xa0 + i] = LOG_OPS[i]!;
  return t;
}

/** Instruction function per opcode byte; unassigned bytes map to the INVALID behaviour. */
export const INSTRUCTIONS: readonly Instruction[] = buildTable();
