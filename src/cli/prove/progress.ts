/**
 * One-line progress of `zkevm prove-statetest` on a TTY: files done out of total and the running
 * proven / failed / unsupported tally, redrawn in place at most every 100 ms.
 */
import type { ProveFileResult } from './run-file.ts';

/** Where the line is drawn. */
export interface ProgressSink {
  write(text: string): void;
  columns?: number | undefined;
}

const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 30;

/** Progress over a known number of files. */
export class ProveProgress {
  private files = 0;
  private proven = 0;
  private failed = 0;
  private unsupported = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly totalFiles: number,
  ) {}

  /** Records one finished file and redraws when due. */
  fileDone(r: Pick<ProveFileResult, 'proven' | 'failed' | 'unsupported'>): void {
    this.files++;
    this.proven += r.proven;
    this.failed += r.failed;
    this.unsupported += r.unsupported;
    const now = Date.now();
    if (now - this.lastDraw >= REDRAW_INTERVAL_MS || this.files === this.totalFiles) {
      this.lastDraw = now;
      this.draw();
    }
  }

  /** Erases the line so the report starts clean. */
  clear(): void {
    if (!this.drawn) return;
    this.sink.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(): void {
    const fraction = this.totalFiles === 0 ? 1 : this.files / this.totalFiles;
    const filled = Math.round(fraction * BAR_WIDTH);
    let line = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${this.files}/${this.totalFiles} files, ` +
      `${this.proven} proven, ${this.failed} failed, ${this.unsupported} unsupported`;
    const columns = this.sink.columns;
    if (columns !== undefined && columns > 1 && line.length >= columns) line = line.slice(0, columns - 1);
    this.sink.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }
}
