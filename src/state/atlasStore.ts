// The only owner of the atlas's computed data: the UMAP layout of the current analysis (with its
// status), and the top firing tokens per composite that search and hover cards use. The app's
// atlas job (src/app/atlasJob.ts) writes it; the atlas views and window.bae read it.
import { create } from 'zustand';

export type LayoutStatus = 'idle' | 'running' | 'ready' | 'error' | 'cancelled';

interface AtlasState {
  /** Analysis key the data belongs to (null = none). */
  key: string | null;
  status: LayoutStatus;
  /** [C, 2] UMAP coordinates, centred; null until ready. */
  xy: Float32Array | null;
  fromCache: boolean;
  /** Time the worker took (0 from the cache). */
  layoutMs: number;
  error: string | null;
  /** Distinct firing tokens of each composite's top rows (empty lists without a probe set). */
  tokens: string[][];
  /** `tokens` lowercased and joined, one string per composite (search). */
  haystacks: string[];

  begin: (key: string, tokens: string[][], haystacks: string[]) => void;
  finish: (key: string, xy: Float32Array, fromCache: boolean, layoutMs: number) => void;
  fail: (key: string, status: 'error' | 'cancelled', error: string | null) => void;
  reset: () => void;
}

export const useAtlasStore = create<AtlasState>()((set, get) => ({
  key: null,
  status: 'idle',
  xy: null,
  fromCache: false,
  layoutMs: 0,
  error: null,
  tokens: [],
  haystacks: [],

  begin: (key, tokens, haystacks) =>
    set({ key, tokens, haystacks, status: 'running', xy: null, error: null, fromCache: false }),
  finish: (key, xy, fromCache, layoutMs) => {
    if (get().key === key) set({ status: 'ready', xy, fromCache, layoutMs, error: null });
  },
  fail: (key, status, error) => {
    if (get().key === key) set({ status, error });
  },
  reset: () => set({ key: null, status: 'idle', xy: null, error: null, tokens: [], haystacks: [] }),
}));
