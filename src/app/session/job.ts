// The only owner of how the app runs a long computation: one job model for opening a model,
// the analysis, the atlas layout, a latent's and features' details. A job has an AbortSignal
// (linked to its parent: the session, or a newer open), one JobStatus reported to its owner,
// an entry in the status area (progress, ETA from the measured rate, Cancel), and an outcome
// instead of a thrown error, so callers decide what a failure means for them.
import { abortError, isAbort } from '../../core/abort';
import { EtaMeter, type JobStatus } from '../../core/job';
import { useAppStore } from '../../state/appStore';

export interface JobRun {
  /** Aborted when the parent is, or when the user cancels the job. */
  signal: AbortSignal;
  /** Progress: a phase in words and the fraction done (0..1, or null when unknown). */
  report: (phase: string, fraction: number | null) => void;
}

export interface JobSpec {
  /** What the status area calls the job; null keeps it out of the status area. */
  label: string | null;
  /** The session's (or a loader's) signal: aborting it cancels the job. */
  parent?: AbortSignal;
  /** The status area offers Cancel (default true). */
  cancellable?: boolean;
  /** Every status change, to the owner's store (the owner drops it when no longer current). */
  onStatus?: (status: JobStatus) => void;
}

export type JobOutcome<T> =
  | { state: 'done'; value: T }
  | { state: 'cancelled'; byUser: boolean }
  | { state: 'failed'; error: Error };

/** Runs `work` as a job; resolves with its outcome (never rejects). */
export async function runJob<T>(
  spec: JobSpec,
  work: (run: JobRun) => Promise<T>,
): Promise<JobOutcome<T>> {
  const controller = new AbortController();
  let byUser = false;
  const onParentAbort = () => controller.abort();
  if (spec.parent?.aborted) controller.abort();
  spec.parent?.addEventListener('abort', onParentAbort, { once: true });
  const meter = new EtaMeter();
  const app = useAppStore.getState();
  const id =
    spec.label === null
      ? null
      : app.startJob(
          spec.label,
          spec.cancellable === false
            ? undefined
            : () => {
                byUser = true;
                controller.abort();
              },
        );
  const report = (phase: string, fraction: number | null) => {
    if (controller.signal.aborted) return;
    const etaMs = meter.observe(performance.now(), fraction);
    if (id !== null) useAppStore.getState().updateJob(id, phase, fraction, etaMs);
    spec.onStatus?.({ state: 'running', phase, fraction, etaMs });
  };
  try {
    report('Starting', null);
    const value = await work({ signal: controller.signal, report });
    if (controller.signal.aborted) throw abortError();
    spec.onStatus?.({ state: 'done' });
    return { state: 'done', value };
  } catch (err) {
    if (isAbort(err) || controller.signal.aborted) {
      spec.onStatus?.({ state: 'cancelled' });
      return { state: 'cancelled', byUser };
    }
    const error = err instanceof Error ? err : new Error(String(err));
    spec.onStatus?.({ state: 'failed', error: error.message });
    return { state: 'failed', error };
  } finally {
    spec.parent?.removeEventListener('abort', onParentAbort);
    if (id !== null) useAppStore.getState().endJob(id);
  }
}
