import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress-bar.ts';

describe('ProgressBar', () => {
  it('draws the final state with every tally and clears itself', () => {
    let out = '';
    const bar = new ProgressBar({ write: (t) => (out += t), columns: 200 }, 2, ['passed', 'failed'] as const);
    bar.fileDone({ passed: 3, failed: 0 });
    bar.fileDone({ passed: 1, failed: 2 });
    expect(out.endsWith('\r\x1b[2K[##############################] 2/2 files, 4 passed, 2 failed')).toBe(true);
    out = '';
    bar.clear();
    expect(out).toBe('\r\x1b[2K');
  });

  it('fits the terminal width', () => {
    let out = '';
    const bar = new ProgressBar({ write: (t) => (out += t), columns: 20 }, 1, ['proven', 'failed', 'unsupported'] as const);
    bar.fileDone({ proven: 1, failed: 0, unsupported: 4 });
    expect(out.replace('\r\x1b[2K', '').length).toBe(19);
  });
});
