import { describe, expect, it } from 'vitest';
import { FRAME_KIND_NAMES, type FrameView } from './frame.ts';
import { Halt } from './halt.ts';
import type { StateView } from './state/state-view.ts';
import { hexToBytes, runBytecode } from './testing.ts';
import type { Tracer } from './tracer.ts';
import type { AccountData } from './types.ts';

/** Records hook calls as readable strings. */
class RecordingTracer implements Tracer {
  events: string[] = [];
  onFrameEnter(f: FrameView): void {
    this.events.push(`enter ${FRAME_KIND_NAMES[f.kind]} depth=${f.depth} to=${f.address.toString(16)} code=${f.codeAddress.toString(16)} value=${f.value} static=${f.isStatic} input=${f.input.length}`);
  }
  onFrameExit(f: FrameView): void {
    this.events.push(`exit depth=${f.depth} halt=${f.halt} out=${f.output.length}`);
  }
  onStep(f: FrameView, staticGas: number, state: StateView): void {
    this.events.push(`step ${f.depth}:${f.pc} op=${f.opcode.toString(16)} sp=${f.sp} static=${staticGas} refund=${state.refund}`);
  }
  onStepEnd(f: FrameView, gasCost: bigint): void {
    this.events.push(`end ${f.depth} cost=${gasCost} top=${f.sp > 0 ? f.stack[f.sp - 1] : '-'} halt=${f.halt}`);
  }
}

describe('tracer hooks', () => {
  it('report steps and frames in execution order', () => {
    const callee = 0x2000n;
    const accounts = new Map<bigint, AccountData>([[callee, { nonce: 1n, balance: 0n, code: hexToBytes('60016000f3'), storage: new Map() }]]);
    const t = new RecordingTracer();
    // STATICCALL(gas 0xffff, 0x2000, 0, 0, 0, 0)
    runBytecode(hexToBytes('6000600060006000612000' + '61ffff' + 'fa'), { accounts, tracer: t });
    expect(t.events[0]).toBe('enter CALL depth=0 to=1000 code=1000 value=0 static=false input=0');
    const callStep = t.events.findIndex((e) => e.includes('op=fa'));
    expect(t.events[callStep + 1]).toBe('enter STATICCALL depth=1 to=2000 code=2000 value=0 static=true input=0');
    // 100 warm + 2500 cold + the 0xffff forwarded gas; the six arguments are popped, nothing pushed yet
    expect(t.events[callStep + 2]).toBe('end 0 cost=68135 top=- halt=0');
    expect(t.events[callStep + 3]).toBe('step 1:0 op=60 sp=0 static=3 refund=0');
    expect(t.events[callStep + 4]).toBe('end 1 cost=3 top=1 halt=0');
    // RETURN(0, 1): 3 for one word of memory; then the caller resumes past the end of its code (STOP)
    expect(t.events.slice(-5)).toEqual([
      `end 1 cost=3 top=- halt=${Halt.Return}`,
      `exit depth=1 halt=${Halt.Return} out=1`,
      'step 0:15 op=0 sp=1 static=0 refund=0',
      `end 0 cost=0 top=1 halt=${Halt.Stop}`,
      `exit depth=0 halt=${Halt.Stop} out=0`,
    ]);
  });

  it('a precompile call gets an enter/exit pair inside the caller step', () => {
    const t = new RecordingTracer();
    // CALL identity precompile (0x04) with 0 bytes
    runBytecode(hexToBytes('60006000600060006000600461ffff' + 'f1'), { tracer: t });
    const i = t.events.findIndex((e) => e.includes('op=f1'));
    expect(t.events[i + 1]).toBe('enter CALL depth=1 to=4 code=4 value=0 static=false input=0');
    expect(t.events[i + 2]).toBe('exit depth=1 halt=2 out=0');
    expect(t.events[i + 3]).toMatch(/^end 0 cost=\d+ top=1 halt=0$/);
  });
});
