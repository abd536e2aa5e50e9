// The only owner of cancellation as an error: every cancelled job (engine phases, Lanczos, the
// atlas layout, downloads, worker calls) rejects with an error named 'AbortError' made here or by
// the platform (a fetch's DOMException), and `isAbort` is the one test for it. Pure.

/** The error a cancelled job rejects with. */
export function abortError(message = 'The job was cancelled'): Error {
  const err = new Error(message);
  err.name = 'AbortError';
  return err;
}

/** True for a cancellation (ours, or a DOMException from an aborted fetch or signal). */
export function isAbort(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError'
  );
}

/** Throws the cancellation error when `signal` has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, message?: string): void {
  if (signal?.aborted) throw abortError(message);
}
