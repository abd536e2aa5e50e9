// The only owner of the paper explorer's data on screen: the open folder's index (statistics,
// vocabulary, curated labels) and the latent whose files were read last, with the status of the
// read in flight. The analysis session writes it (only while current); the latent view reads it.
// Empty whenever the open model is not an explorer folder.
import { create } from 'zustand';
import type { ExplorerIndex, ExplorerLatent } from '../core/explorer/read';
import { IDLE, type JobStatus } from '../core/job';

interface ExplorerState {
  /** The open folder's index, or null when the open model is not an explorer folder. */
  index: ExplorerIndex | null;
  /** Where the folder is (a URL, or "local folder NAME"), for messages. */
  where: string;
  /** The latent whose files are being read or were read last. */
  requested: number | null;
  status: JobStatus;
  /** The last latent read; kept while the next one loads. */
  latent: ExplorerLatent | null;

  open: (index: ExplorerIndex, where: string) => void;
  request: (id: number) => void;
  resolve: (latent: ExplorerLatent) => void;
  setStatus: (status: JobStatus) => void;
  /** Forgets a failed request, so opening the latent again reads its files again. */
  forget: () => void;
  clear: () => void;
}

export const useExplorerStore = create<ExplorerState>()((set) => ({
  index: null,
  where: '',
  requested: null,
  status: IDLE,
  latent: null,

  open: (index, where) => set({ index, where, requested: null, status: IDLE, latent: null }),
  request: (requested) =>
    set({
      requested,
      status: { state: 'running', phase: 'Reading its files', fraction: null, etaMs: null },
    }),
  resolve: (latent) => set({ latent, status: { state: 'done' } }),
  setStatus: (status) => set({ status }),
  forget: () => set({ requested: null, status: IDLE }),
  clear: () => set({ index: null, where: '', requested: null, status: IDLE, latent: null }),
}));
