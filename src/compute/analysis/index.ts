// The analysis pipeline's public surface: analyse() and its options. Phases, plan and spectral
// routes are internal to this folder.
export { analyse } from './analyse';
export {
  DEFAULT_OPTIONS,
  type AnalyseInput,
  type AnalyseOptions,
  type JobContext,
} from './options';
export { chooseRoute } from './plan';
