// The only owner of the latent view's engine data: the LatentDetail (full spectrum, chosen
// eigenvectors, probe projections) of the composite and axes on screen, with its request status
// and timings. src/app/latentJob writes it; the latent view and window.bae read it.
import { create } from 'zustand';
import type { LatentDetail } from '../core/analysis';

export type LatentStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface LatentState {
  /** What the detail (or the request in flight) is for: analysis key, composite and axes. */
  requestKey: string | null;
  status: LatentStatus;
  /** The latest detail received; kept while a newer one loads, so the view does not blank. */
  detail: LatentDetail | null;
  /** The analysis key `detail` belongs to. */
  detailAnalysisKey: string | null;
  error: string | null;
  /** performance.now() of the latest request and of its answer (for the bench). */
  requestedAtMs: number;
  readyAtMs: number;

  request: (key: string) => void;
  resolve: (key: string, analysisKey: string, detail: LatentDetail) => void;
  fail: (key: string, error: string) => void;
  clear: () => void;
}

export const useLatentStore = create<LatentState>()((set, get) => ({
  requestKey: null,
  status: 'idle',
  detail: null,
  detailAnalysisKey: null,
  error: null,
  requestedAtMs: 0,
  readyAtMs: 0,

  request: (requestKey) =>
    set({ requestKey, status: 'loading', error: null, requestedAtMs: performance.now() }),
  resolve: (key, detailAnalysisKey, detail) => {
    // A newer request wins: an answer to an older one is dropped.
    if (get().requestKey !== key) return;
    set({ detail, detailAnalysisKey, status: 'ready', error: null, readyAtMs: performance.now() });
  },
  fail: (key, error) => {
    if (get().requestKey !== key) return;
    set({ status: 'error', error });
  },
  clear: () =>
    set({ requestKey: null, status: 'idle', detail: null, detailAnalysisKey: null, error: null }),
}));
