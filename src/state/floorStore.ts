// The PCA floor of the open model's probe set as the page sees it: the result and the status of
// its job, tagged with the analysis it belongs to. The only owner of "is there a floor, and for
// which analysis"; the analysis session writes it, the model panel reads it.
import { create } from 'zustand';
import { IDLE, type JobStatus } from '../core/job';
import type { PcaFloor } from '../core/pcaFloor';

interface FloorState {
  /** The analysis key the status and floor belong to (null: none asked for yet). */
  analysisKey: string | null;
  status: JobStatus;
  floor: PcaFloor | null;
  fromCache: boolean;

  /** A new floor job for `analysisKey` (forgets any other analysis's floor). */
  begin: (analysisKey: string) => void;
  setStatus: (status: JobStatus) => void;
  finish: (floor: PcaFloor, fromCache: boolean) => void;
  reset: () => void;
}

export const useFloorStore = create<FloorState>()((set) => ({
  analysisKey: null,
  status: IDLE,
  floor: null,
  fromCache: false,

  begin: (analysisKey) => set({ analysisKey, status: IDLE, floor: null, fromCache: false }),
  setStatus: (status) => set({ status }),
  finish: (floor, fromCache) => set({ floor, fromCache, status: { state: 'done' } }),
  reset: () => set({ analysisKey: null, status: IDLE, floor: null, fromCache: false }),
}));
