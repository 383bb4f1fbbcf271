/**
 * A one-line progress bar for interactive runs: files done out of total and the case tally,
 * redrawn in place with a carriage return. Used only when stderr is a TTY, so logs and CI
 * output stay clean.
 */

/** Where the bar is drawn. */
export interface ProgressSink {
  write(text: string): void;
  /** Terminal width, when known. */
  columns?: number | undefined;
}

/** Minimum delay between redraws, so a fast run does not spend its time repainting. */
const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 30;

/** Progress over a known number of files. */
export class ProgressBar {
  private readonly sink: ProgressSink;
  private readonly totalFiles: number;
  private files = 0;
  private passed = 0;
  private failed = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(sink: ProgressSink, totalFiles: number) {
    this.sink = sink;
    this.totalFiles = totalFiles;
  }

  /** Records one finished file and redraws if enough time has passed. */
  fileDone(passed: number, failed: number): void {
    this.files++;
    this.passed += passed;
    this.failed += failed;
    const now = Date.now();
    if (now - this.lastDraw >= REDRAW_INTERVAL_MS || this.files === this.totalFiles) {
      this.lastDraw = now;
      this.draw();
    }
  }

  /** Erases the bar so the final report starts on a clean line. */
  clear(): void {
    if (!this.drawn) return;
    this.sink.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(): void {
    const fraction = this.totalFiles === 0 ? 1 : this.files / this.totalFiles;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
    let line = `[${bar}] ${this.files}/${this.totalFiles} files, ${this.passed} passed, ${this.failed} failed`;
    const columns = this.sink.columns;
    if (columns !== undefined && columns > 1 && line.length >= columns) line = line.slice(0, columns - 1);
    this.sink.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }
}
