// A progress bar on stderr for long seals and uploads. On a terminal it redraws one line in place;
// into a file or a pipe (CI logs) it writes a plain line every 10 %, so logs stay readable.
// Timing uses the monotonic performance clock: this is display only, not domain time.
import { performance } from 'node:perf_hooks';
import type { CliIo } from './io.js';

const REDRAW_MS = 100;
const WIDTH = 28;

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export class Progress {
  private done = 0;
  private readonly started = performance.now();
  private lastDraw = 0;
  private lastStep = -1;
  private readonly tty: boolean;

  constructor(
    private readonly io: CliIo,
    private readonly label: string,
    private total: number,
    private readonly enabled = true,
  ) {
    this.tty = enabled && io.stderr.isTTY === true;
  }

  /** When the exact size is known only once the work starts (a bid package's head). */
  setTotal(total: number): void {
    this.total = total;
  }

  advance(bytes: number): void {
    this.done += bytes;
    if (!this.enabled) return;
    if (this.tty) {
      const now = performance.now();
      if (now - this.lastDraw >= REDRAW_MS) {
        this.lastDraw = now;
        this.draw();
      }
      return;
    }
    const step = Math.floor((this.fraction() * 100) / 10);
    if (step > this.lastStep && step < 10) {
      this.lastStep = step;
      this.io.stderr.write(
        `${this.label}: ${step * 10}% (${formatBytes(this.done)} of ${formatBytes(this.total)})\n`,
      );
    }
  }

  /** The final line: totals and the average rate. */
  finish(): void {
    if (!this.enabled) return;
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? `, ${formatBytes(this.done / seconds)}/s` : '';
    if (this.tty) this.io.stderr.write('\r\u001b[2K');
    this.io.stderr.write(`${this.label}: 100% ${formatBytes(this.done)} in ${seconds.toFixed(1)} s${rate}\n`);
  }

  /** Clears a half-drawn bar before an error message is written under it. */
  abort(): void {
    if (this.enabled && this.tty) this.io.stderr.write('\r\u001b[2K');
  }

  private fraction(): number {
    return this.total > 0 ? Math.min(1, this.done / this.total) : 1;
  }

  private draw(): void {
    const fraction = this.fraction();
    const filled = Math.round(fraction * WIDTH);
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0.5 ? ` ${formatBytes(this.done / seconds)}/s` : '';
    const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`;
    const line = `${this.label} [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}% ${formatBytes(this.done)}/${formatBytes(this.total)}${rate}`;
    this.io.stderr.write(`\r\u001b[2K${line.slice(0, Math.max(20, (this.io.stderr.columns ?? 100) - 1))}`);
  }
}
