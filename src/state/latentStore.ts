// The only owner of the latent view's engine data: the LatentDetail (full spectrum, chosen
// eigenvectors, probe projections) of the composite and axes on screen, with its job status and
// timings. The app's analysis session writes it (only while current, so the detail always
// belongs to the analysis on screen); the latent view and window.bae read it.
import { create } from 'zustand';
import type { LatentDetail } from '../core/analysis';
import { IDLE, type JobStatus } from '../core/job';

export interface LatentState {
  /** What the detail (or the request in flight) is for: composite and axes. */
  requestKey: string | null;
  status: JobStatus;
  /** The latest detail received; kept while a newer one loads, so the view does not blank. */
  detail: LatentDetail | null;
  /** The best view of the shown rows (projection 'best'), or null. */
  best: BestView | null;
  /** performance.now() of the latest request and of its answer (for the bench). */
  requestedAtMs: number;
  readyAtMs: number;

  request: (key: string) => void;
  resolve: (detail: LatentDetail) => void;
  setStatus: (status: JobStatus) => void;
  setBest: (best: BestView | null) => void;
  clear: () => void;
}

/** The shown rows on the best view's three directions (see AnalysisSession.followBestView). */
export interface BestView {
  /** What it was computed for (composite, span, shown rows, fitted rows). */
  key: string;
  composite: number;
  /** Which rows are placed (core/manifold/sample rowsDigest of the shown rows). */
  rows: string;
  /** [shown rows, 3] coordinates. */
  coords: Float32Array;
  /** Share of the fitted rows' variance in the span that the three directions hold. */
  captured: number;
  /** The variances along the three directions (descending). */
  variances: Float64Array;
  k: number;
  fitCount: number;
}

export const useLatentStore = create<LatentState>()((set) => ({
  requestKey: null,
  status: IDLE,
  detail: null,
  best: null,
  requestedAtMs: 0,
  readyAtMs: 0,

  request: (requestKey) =>
    set({
      requestKey,
      status: { state: 'running', phase: 'Computing', fraction: null, etaMs: null },
      requestedAtMs: performance.now(),
    }),
  resolve: (detail) => set({ detail, status: { state: 'done' }, readyAtMs: performance.now() }),
  setStatus: (status) => set({ status }),
  setBest: (best) => set({ best }),
  clear: () => set({ requestKey: null, status: IDLE, detail: null, best: null }),
}));
