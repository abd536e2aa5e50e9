// The only owner of the bundled default model's training hyperparameters: the values
// `npm run train` uses when no flag overrides them (cli.ts), and the baseline card.ts
// compares a run against when it prints the command that reproduces it.
export const BUNDLED_DEFAULTS = {
  outDir: 'public/models/words-mixed',
  vocab: 20000,
  seed: 0,
  steps: 1200,
  batch: 1024,
  expansion: 16,
  bottleneck: 2,
  alpha: 0.1,
  alphaWarmupFrac: 0.25,
  lr: 1e-3,
  lrWarmupSteps: 50,
  lrFinalFrac: 0.1,
  clipNorm: 2,
  heldOutFrac: 0.1,
  rotate: true,
  /** 0 = the PCA floor over all training words. */
  pcaSamples: 0,
  logEvery: 10,
  evalEvery: 100,
} as const;
