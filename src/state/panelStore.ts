// The model panel's settings: the prefix length k applied to the atlas (composites beyond the
// first k of the prefix order are dimmed) and the dead-feature threshold. Part of deep links.
import { create } from 'zustand';

/** Default dead-feature threshold: max |f_j| ≤ this share of the largest max |f| of any feature. */
export const DEFAULT_DEAD_SHARE = 1e-3;

interface PanelState {
  /** Prefix length k (1..C), or null for no prefix (nothing dimmed). */
  prefixK: number | null;
  deadShare: number;
  setPrefixK: (k: number | null) => void;
  setDeadShare: (share: number) => void;
}

export const usePanelStore = create<PanelState>()((set) => ({
  prefixK: null,
  deadShare: DEFAULT_DEAD_SHARE,
  setPrefixK: (prefixK) => set({ prefixK }),
  setDeadShare: (deadShare) => set({ deadShare }),
}));
