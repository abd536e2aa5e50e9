// The only owner of what a long computation's status is: every job the app runs (opening a
// model, the engine's analysis, the atlas layout, a latent's or a feature's detail) reports one
// of these states, and the stores and views read them. Pure.

/** The status of one job. `fraction` is in 0..1 (null when unknown); `etaMs` null until known. */
export type JobStatus =
  | { state: 'idle' }
  | { state: 'running'; phase: string; fraction: number | null; etaMs: number | null }
  | { state: 'done' }
  | { state: 'failed'; error: string }
  | { state: 'cancelled' };

export type JobState = JobStatus['state'];

export const IDLE: JobStatus = { state: 'idle' };
export const DONE: JobStatus = { state: 'done' };
export const CANCELLED: JobStatus = { state: 'cancelled' };

/** A running status, phase in words. */
export function running(
  phase: string,
  fraction: number | null = null,
  etaMs: number | null = null,
): JobStatus {
  return { state: 'running', phase, fraction, etaMs };
}

/** A failed status with the error's message. */
export function failed(error: string): JobStatus {
  return { state: 'failed', error };
}

/** The error text of a failed status, else null. */
export function errorOf(status: JobStatus): string | null {
  return status.state === 'failed' ? status.error : null;
}

/**
 * Time left, from the rate measured so far: elapsed × (1 − f) / f. Null before the job has
 * done 2 % or run 1 s (too early for a rate), and once it is complete.
 */
export function etaFromRate(elapsedMs: number, fraction: number | null): number | null {
  if (fraction === null || fraction < 0.02 || fraction >= 1 || elapsedMs < 1000) return null;
  return (elapsedMs / fraction) * (1 - fraction);
}

/**
 * A job's time left, from what it reports. The rate is measured from the first fraction
 * reported, not from the job's start: the set-up before it (starting a worker, compiling
 * onnxruntime, sending the weights) says nothing about the rate of the work, and counting it
 * made a 25 s job's first estimate "about 8 min left". A fraction lower than the last one starts
 * a new count (a job that downloads two files reports 0..1 for each), measured afresh. Null until
 * 2 % of the work and 1 s have passed since the count began, and once it is complete.
 */
export class EtaMeter {
  private startMs = 0;
  private startFraction = 0;
  private last: number | null = null;

  /** Records a report of `fraction` (0..1, null: unknown) at `nowMs`; returns the time left. */
  observe(nowMs: number, fraction: number | null): number | null {
    if (fraction === null || !Number.isFinite(fraction)) return null;
    const f = Math.min(1, Math.max(0, fraction));
    if (this.last === null || f < this.last) {
      this.startMs = nowMs;
      this.startFraction = f;
    }
    this.last = f;
    const done = f - this.startFraction;
    const elapsedMs = nowMs - this.startMs;
    if (f >= 1 || done < 0.02 || elapsedMs < 1000) return null;
    return (elapsedMs / done) * (1 - f);
  }
}

/** "about 12 s left" (null when there is no estimate). */
export function etaText(etaMs: number | null): string | null {
  if (etaMs === null) return null;
  const leftS = etaMs / 1000;
  if (leftS < 1) return 'less than a second left';
  if (leftS < 90) return `about ${Math.round(leftS)} s left`;
  return `about ${Math.round(leftS / 60)} min left`;
}

/**
 * The status as the DOM and CSS name it (`data-analysis`, `data-layout`, `data-state`, the
 * engine dot): 'ready' for done, 'error' for failed, else the state itself.
 */
export function statusAttr(status: JobStatus): string {
  return status.state === 'done' ? 'ready' : status.state === 'failed' ? 'error' : status.state;
}
