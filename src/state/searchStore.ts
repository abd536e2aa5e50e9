// The only owner of token search's state on the page: the open probe set's token index
// (core/tokenIndex: firing text → probe rows) and its job status, which analysis the search
// worker holds the values of, and the latest search result (for its query and analysis). The
// analysis session writes it (only while current); the atlas's search and the token view read it.
import { create } from 'zustand';
import { IDLE, type JobStatus } from '../core/job';
import type { TokenIndex, TokenSearch } from '../core/tokenIndex';

export interface SearchResult {
  analysisKey: string;
  query: string;
  /** null: the query matches no input. */
  value: TokenSearch | null;
  /** The worker's time for it. */
  ms: number;
}

interface SearchState {
  status: JobStatus;
  /** null until built (and without a probe set). */
  index: TokenIndex | null;
  /** How long the search worker took to build it. */
  buildMs: number;
  /** The analysis whose values the search worker holds (null: none yet). */
  valuesKey: string | null;
  result: SearchResult | null;
  setStatus: (status: JobStatus) => void;
  finish: (index: TokenIndex, buildMs: number) => void;
  setValuesKey: (key: string | null) => void;
  setResult: (result: SearchResult) => void;
  reset: () => void;
}

export const useSearchStore = create<SearchState>()((set) => ({
  status: IDLE,
  index: null,
  buildMs: 0,
  valuesKey: null,
  result: null,
  setStatus: (status) => set({ status }),
  finish: (index, buildMs) => set({ status: { state: 'done' }, index, buildMs }),
  setValuesKey: (valuesKey) => set({ valuesKey, result: null }),
  setResult: (result) => set({ result }),
  reset: () => set({ status: IDLE, index: null, buildMs: 0, valuesKey: null, result: null }),
}));
