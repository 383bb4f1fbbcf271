import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress.ts';

describe('ProgressBar', () => {
  it('draws the final state and clears itself', () => {
    let out = '';
    const bar = new ProgressBar({ write: (t) => (out += t), columns: 200 }, 2);
    bar.fileDone(3, 0);
    bar.fileDone(1, 2);
    expect(out.endsWith('\r\x1b[2K[##############################] 2/2 files, 4 passed, 2 failed')).toBe(true);
    out = '';
    bar.clear();
    expect(out).toBe('\r\x1b[2K');
  });

  it('fits the terminal width', () => {
    let out = '';
    const bar = new ProgressBar({ write: (t) => (out += t), columns: 20 }, 1);
    bar.fileDone(1, 0);
    expect(out.replace('\r\x1b[2K', '').length).toBe(19);
  });
});
