/** Signature shared by all instruction functions. */
import type { Frame } from '../frame.ts';
import type { Interpreter } from '../interpreter.ts';

/**
 * An instruction: runs with stack bounds and static gas already checked and charged, and
 * `f.pc` already past the opcode byte. It charges dynamic gas itself and signals a halt by
 * setting `f.halt`.
 */
export type Instruction = (it: Interpreter, f: Frame) => void;
