// The only owner of the open probe set's token index (core/tokenIndex: firing text → probe rows)
// and its job status. The analysis session writes it (only while current); the atlas's search
// and the token view read it.
import { create } from 'zustand';
import { IDLE, type JobStatus } from '../core/job';
import type { TokenIndex } from '../core/tokenIndex';

interface SearchState {
  status: JobStatus;
  /** null until built (and without a probe set). */
  index: TokenIndex | null;
  /** How long the search worker took to build it. */
  buildMs: number;
  setStatus: (status: JobStatus) => void;
  finish: (index: TokenIndex, buildMs: number) => void;
  reset: () => void;
}

export const useSearchStore = create<SearchState>()((set) => ({
  status: IDLE,
  index: null,
  buildMs: 0,
  setStatus: (status) => set({ status }),
  finish: (index, buildMs) => set({ status: { state: 'done' }, index, buildMs }),
  reset: () => set({ status: IDLE, index: null, buildMs: 0 }),
}));
