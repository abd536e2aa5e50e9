// Encoder-feature details fetched from the engine (top rows, reading composites), by feature id,
// for the latent view's wiring section and the model panel's shared-feature list.
import { create } from 'zustand';
import type { FeatureDetail } from '../core/analysis';

interface FeatureState {
  /** Analysis key the details belong to. */
  key: string | null;
  details: Record<number, FeatureDetail>;
  loading: boolean;
  error: string | null;
  reset: (key: string | null) => void;
  add: (details: FeatureDetail[]) => void;
  setLoading: (loading: boolean, error?: string | null) => void;
}

export const useFeatureStore = create<FeatureState>()((set) => ({
  key: null,
  details: {},
  loading: false,
  error: null,
  reset: (key) => set({ key, details: {}, loading: false, error: null }),
  add: (list) =>
    set((s) => {
      const details = { ...s.details };
      for (const d of list) details[d.feature] = d;
      return { details };
    }),
  setLoading: (loading, error = null) => set({ loading, error }),
}));
