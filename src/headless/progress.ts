// The headless tool's terminal progress: one line on stderr — a bar, the percentage, the phase
// and the time left from the measured rate (core/job's EtaMeter, as the app's status area) —
// redrawn in place on a terminal, and printed every 10 % (or 30 s) when the output is a file.
import { EtaMeter, etaText } from '../core/job';

const WIDTH = 30;

export interface ProgressBar {
  report(phase: string, fraction: number | null): void;
  /** Ends the line (the bar at 100 %, or as it stands). */
  done(message: string): void;
}

export function progressBar(label: string, out: NodeJS.WriteStream = process.stderr): ProgressBar {
  const meter = new EtaMeter();
  const tty = out.isTTY === true;
  const t0 = performance.now();
  let lastPrintedMs = -Infinity;
  let lastPrintedTenth = -1;
  let lastLine = '';
  const line = (phase: string, fraction: number | null, etaMs: number | null): string => {
    const f = fraction ?? 0;
    const filled = Math.round(f * WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(WIDTH - filled);
    const pct = fraction === null ? '  …' : `${Math.floor(f * 100)}`.padStart(3) + '%';
    const left = etaText(etaMs);
    const elapsed = ((performance.now() - t0) / 1000).toFixed(0);
    return `${label} ${bar} ${pct} ${phase}${left ? ` · ${left}` : ''} · ${elapsed} s`;
  };
  return {
    report(phase, fraction) {
      const now = performance.now();
      const etaMs = meter.observe(now, fraction);
      const text = line(phase, fraction, etaMs);
      if (tty) {
        if (text === lastLine) return;
        lastLine = text;
        out.write(`\r\x1b[2K${text.slice(0, (out.columns ?? 120) - 1)}`);
        return;
      }
      const tenth = fraction === null ? lastPrintedTenth : Math.floor(fraction * 10);
      if (tenth > lastPrintedTenth || now - lastPrintedMs > 30_000) {
        lastPrintedTenth = tenth;
        lastPrintedMs = now;
        out.write(`${text}\n`);
      }
    },
    done(message) {
      out.write(`${tty ? '\r\x1b[2K' : ''}${label} ${message}\n`);
    },
  };
}
