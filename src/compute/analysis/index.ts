// The analysis pipeline's public surface: analyse() (and one part of it, for shards), its
// options, and the join of parts. Phases, plan and spectral routes are internal to this folder.
export { analyse, analysePart } from './analyse';
export {
  DEFAULT_OPTIONS,
  type AnalyseInput,
  type AnalyseOptions,
  type JobContext,
} from './options';
export { chooseRoute } from './plan';
export {
  joinParts,
  type AnalysisPart,
  type CompositePart,
  type GlobalPart,
  type PartHeader,
  type PartSpec,
} from './parts';
