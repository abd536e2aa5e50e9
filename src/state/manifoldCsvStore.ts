// The only owner of the opened manifold CSV (the reference code's export, parsed by
// core/manifoldCsv): its data stays here, never in the URL. src/app's loader writes it; the
// manifold-CSV view reads it.
import { create } from 'zustand';
import type { ManifoldCsv } from '../core/manifoldCsv';

interface ManifoldCsvState {
  csv: ManifoldCsv | null;
  /** performance.now() when it was opened (for the bench). */
  openedAtMs: number;
  setCsv: (csv: ManifoldCsv | null) => void;
}

export const useManifoldCsvStore = create<ManifoldCsvState>()((set) => ({
  csv: null,
  openedAtMs: 0,
  setCsv: (csv) => set({ csv, openedAtMs: performance.now() }),
}));
