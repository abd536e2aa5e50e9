// Encoder-feature details fetched from the engine (top rows, reading composites), by feature id,
// for the latent view's wiring section and the model panel's shared-feature list, with the ids
// in flight. The app's analysis session writes it (only while current, de-duplicating requests).
import { create } from 'zustand';
import type { FeatureDetail } from '../core/analysis';

interface FeatureState {
  details: Record<number, FeatureDetail>;
  /** Features whose details are being fetched. */
  loading: Record<number, true>;
  /** The latest failure, or null. */
  error: string | null;
  reset: () => void;
  start: (features: number[]) => void;
  add: (details: FeatureDetail[]) => void;
  fail: (features: number[], error: string) => void;
}

export const useFeatureStore = create<FeatureState>()((set) => ({
  details: {},
  loading: {},
  error: null,
  reset: () => set({ details: {}, loading: {}, error: null }),
  start: (features) =>
    set((s) => {
      const loading = { ...s.loading };
      for (const j of features) loading[j] = true;
      return { loading, error: null };
    }),
  add: (list) =>
    set((s) => {
      const details = { ...s.details };
      const loading = { ...s.loading };
      for (const d of list) {
        details[d.feature] = d;
        delete loading[d.feature];
      }
      return { details, loading };
    }),
  fail: (features, error) =>
    set((s) => {
      const loading = { ...s.loading };
      for (const j of features) delete loading[j];
      return { loading, error };
    }),
}));
