// The spectral routes by name (DESIGN.md §2): the only place that maps a planned route to its
// strategy. ROUTE_DESCRIPTIONS (core/analysis) says what each computes.
import type { SpectralRoute } from '../../../core/analysis';
import { explicitSpectra } from './explicit';
import { lanczosSpectra } from './lanczos';
import { lowRankSpectra } from './lowrank';
import type { SpectralStrategy } from './types';

export const SPECTRAL_ROUTES: Record<SpectralRoute, SpectralStrategy> = {
  explicit: explicitSpectra,
  lowrank: lowRankSpectra,
  lanczos: lanczosSpectra,
};

export type { SpectraResult } from './types';
