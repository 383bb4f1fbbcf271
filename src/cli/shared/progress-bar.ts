/**
 * A one-line progress bar for interactive runs: files done out of total and a running tally of
 * named counts ("4 passed, 2 failed"), redrawn in place with a carriage return. Commands create it
 * only when stderr is a TTY, so logs and CI output stay clean.
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

/** Progress over a known number of files, tallying the counts named in `labels` (in that order). */
export class ProgressBar<L extends string> {
  private readonly tally: Record<L, number>;
  private files = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly totalFiles: number,
    private readonly labels: readonly L[],
  ) {
    this.tally = Object.fromEntries(labels.map((l) => [l, 0])) as Record<L, number>;
  }

  /** Records one finished file and its counts, and redraws if enough time has passed. */
  fileDone(counts: Readonly<Record<L, number>>): void {
    this.files++;
    for (const l of this.labels) this.tally[l] += counts[l];
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
    const counts = this.labels.map((l) => `${this.tally[l]} ${l}`).join(', ');
    let line = `[${bar}] ${this.files}/${this.totalFiles} files, ${counts}`;
    const columns = this.sink.columns;
    if (columns !== undefined && columns > 1 && line.length >= columns) line = line.slice(0, columns - 1);
    this.sink.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }
}
