// The only owner of the user's own encoded rows (token view → "encode your own rows"): each row's
// raw activations, its encoding h and reconstruction error as the engine computed them for the
// current analysis. The analysis session writes it (and clears it when the analysis changes);
// the token view reads it. Own rows live only in this page (a link cannot carry them).
import { create } from 'zustand';

export interface OwnRow {
  /** Where the row came from: the file name (and its row), or "pasted vector". */
  source: string;
  /** Its row in that file (0 for a pasted vector). */
  fileRow: number;
  /** [d] raw activations. */
  x: Float32Array;
  /** [C] composite values. */
  h: Float32Array;
  /** ‖x̃x̃ᵀ − reconstruction‖²_F, NaN when the model has no Gram matrix. */
  error: number;
}

interface OwnRowsState {
  /** The analysis key the rows were encoded for. */
  analysisKey: string | null;
  rows: OwnRow[];
  add: (analysisKey: string, rows: OwnRow[]) => void;
  clear: () => void;
}

export const useOwnRowsStore = create<OwnRowsState>()((set) => ({
  analysisKey: null,
  rows: [],
  add: (analysisKey, rows) =>
    set((s) => ({
      analysisKey,
      rows: s.analysisKey === analysisKey ? [...s.rows, ...rows] : rows,
    })),
  clear: () => set({ analysisKey: null, rows: [] }),
}));
