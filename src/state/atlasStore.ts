// The only owner of the atlas's computed data: the UMAP layout of the current analysis (with its
// job status and which layout kind it is), and the top firing tokens per composite that search
// and hover cards use. The
// app's analysis session writes it (only while current, so it never holds another analysis's
// data); the atlas views and window.bae read it.
import { create } from 'zustand';
import { IDLE, type JobStatus } from '../core/job';
import type { LayoutKind } from '../core/relations/measures';

interface AtlasState {
  status: JobStatus;
  /** [C, 2] UMAP coordinates, centred; null until done. */
  xy: Float32Array | null;
  /** The layout `xy` is (null until one is done). */
  kind: LayoutKind | null;
  /** The layout being computed (null when none is). */
  pending: LayoutKind | null;
  fromCache: boolean;
  /** Time the worker took (its own figure, also for a layout read from the cache). */
  layoutMs: number;
  /** Distinct firing tokens of each composite's top rows (empty lists without a probe set). */
  tokens: string[][];
  /** `tokens` lowercased and joined, one string per composite (search). */
  haystacks: string[];
  /** Circularity of every composite (computed after the analysis), or null until then. */
  circularity: Float32Array | null;
  circularityStatus: JobStatus;

  begin: (tokens: string[][], haystacks: string[]) => void;
  /** A layout of `kind` is being computed (the current map stays until it is done). */
  startLayout: (kind: LayoutKind) => void;
  setStatus: (status: JobStatus) => void;
  finish: (xy: Float32Array, fromCache: boolean, layoutMs: number, kind: LayoutKind) => void;
  setCircularity: (status: JobStatus, values?: Float32Array) => void;
  reset: () => void;
}

export const useAtlasStore = create<AtlasState>()((set) => ({
  status: IDLE,
  xy: null,
  kind: null,
  pending: null,
  fromCache: false,
  layoutMs: 0,
  tokens: [],
  haystacks: [],
  circularity: null,
  circularityStatus: IDLE,

  begin: (tokens, haystacks) =>
    set({ tokens, haystacks, xy: null, kind: null, pending: null, fromCache: false }),
  startLayout: (kind) => set({ pending: kind }),
  setStatus: (status) => set({ status }),
  finish: (xy, fromCache, layoutMs, kind) =>
    set({ status: { state: 'done' }, xy, fromCache, layoutMs, kind, pending: null }),
  setCircularity: (circularityStatus, values) =>
    set(values ? { circularityStatus, circularity: values } : { circularityStatus }),
  reset: () =>
    set({
      status: IDLE,
      xy: null,
      kind: null,
      pending: null,
      tokens: [],
      haystacks: [],
      circularity: null,
      circularityStatus: IDLE,
    }),
}));
