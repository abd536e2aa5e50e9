// The engine's state as the page sees it: which backend runs (and why), the user's backend
// preference (persisted), and the analysis of the open model with its status. The only owner of
// "is there an analysis, and of what"; src/app writes it, views read narrow slices of it.
import { create } from 'zustand';
import type { Analysis } from '../core/analysis';
import type { BackendInfo, BackendPreference } from '../compute/runtime';

export type AnalysisStatus = 'idle' | 'running' | 'ready' | 'error' | 'cancelled';

interface EngineState {
  preference: BackendPreference;
  backend: BackendInfo | null;
  /** Set when WebGPU failed and the engine switched to WASM. */
  fallbackReason: string | null;
  status: AnalysisStatus;
  analysis: Analysis | null;
  fromCache: boolean;
  error: string | null;

  setPreference: (p: BackendPreference) => void;
  setBackend: (info: BackendInfo, fallbackReason: string | null) => void;
  setStatus: (status: AnalysisStatus, error?: string | null) => void;
  setAnalysis: (analysis: Analysis, fromCache: boolean) => void;
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
  status: 'idle',
  analysis: null,
  fromCache: false,
  error: null,

  setPreference: (preference) => {
    try {
      localStorage.setItem(PREF_KEY, preference);
    } catch {
      // The choice still applies for this visit.
    }
    set({ preference });
  },
  setBackend: (backend, fallbackReason) => set({ backend, fallbackReason }),
  setStatus: (status, error = null) => set({ status, error }),
  setAnalysis: (analysis, fromCache) => set({ analysis, fromCache, status: 'ready', error: null }),
  clearAnalysis: () => set({ analysis: null, status: 'idle', error: null, fromCache: false }),
}));
