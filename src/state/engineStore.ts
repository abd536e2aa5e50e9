// The engine's state as the page sees it: which backend runs (and why), the user's backend
// preference (persisted), and the analysis of the open model with its job status (and, for a
// restored one, the bundle it came from). The only
// owner of "is there an analysis, and of what"; the app's analysis session writes it (only while
// it is the current session), views read narrow slices of it.
import { create } from 'zustand';
import type { Analysis } from '../core/analysis';
import type { BackendInfo, BackendPreference } from '../core/engineTypes';
import { IDLE, type JobStatus } from '../core/job';

/** Where a restored analysis came from. */
export interface RestoredFrom {
  fileName: string;
  by: 'app' | 'headless' | 'merge';
  /** ISO 8601 time the bundle was made. */
  at: string;
}

interface EngineState {
  preference: BackendPreference;
  backend: BackendInfo | null;
  /** Set when WebGPU failed and the engine switched to WASM. */
  fallbackReason: string | null;
  /** The analysis job of the open model. */
  status: JobStatus;
  analysis: Analysis | null;
  fromCache: boolean;
  /** Set when the analysis was restored from an analysis bundle: which file, made by whom. */
  restoredFrom: RestoredFrom | null;

  setPreference: (p: BackendPreference) => void;
  setBackend: (info: BackendInfo, fallbackReason: string | null) => void;
  setStatus: (status: JobStatus) => void;
  setAnalysis: (analysis: Analysis, fromCache: boolean, restoredFrom?: RestoredFrom | null) => void;
  clearAnalysis: () => void;
}

const PREF_KEY = 'bae.backend';

function initialPreference(): BackendPreference {
  try {
    const saved = localStorage.getItem(PREF_KEY);
    if (saved === 'auto' || saved === 'webgpu' || saved === 'wasm') return saved;
  } catch {
    // Storage disabled: fall through to the default.
  }
  return 'auto';
}

export const useEngineStore = create<EngineState>()((set) => ({
  preference: typeof window === 'undefined' ? 'auto' : initialPreference(),
  backend: null,
  fallbackReason: null,
  status: IDLE,
  analysis: null,
  fromCache: false,
  restoredFrom: null,

  setPreference: (preference) => {
    try {
      localStorage.setItem(PREF_KEY, preference);
    } catch {
      // The choice still applies for this visit.
    }
    set({ preference });
  },
  setBackend: (backend, fallbackReason) => set({ backend, fallbackReason }),
  setStatus: (status) => set({ status }),
  setAnalysis: (analysis, fromCache, restoredFrom = null) =>
    set({ analysis, fromCache, restoredFrom, status: { state: 'done' } }),
  clearAnalysis: () => set({ analysis: null, status: IDLE, fromCache: false, restoredFrom: null }),
}));
