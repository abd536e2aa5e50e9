// `npm run analyse`: the headless analysis's command line — argument parsing, the progress bars,
// the summary, and exit codes. Runs a whole analysis into a bundle, one shard of it
// (--composites A:B, --global) into a part file, or merges part files into a bundle.
import { availableParallelism } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import type { PartSpec } from '../core/analysis';
import { decodeBundle, type BundlePrecision, type PartBundle } from '../core/bundle';
import { BaeFileError } from '../core/errors';
import { loadModel } from './load';
import { progressBar } from './progress';
import { mergeParts, runHeadless } from './run';

const USAGE = `Usage:
  npm run analyse -- <model folder or URL> [--probes FILE] --out BUNDLE [options]
  npm run analyse -- merge --out BUNDLE [--precision P] [--threads N] PART...

Analyses a BAE (config.json + model.safetensors [+ probes.safetensors]) with the app's own engine
(onnxruntime-web, WASM, in Node) and writes an analysis bundle that the app opens instantly.

Options:
  --probes FILE        the probe set (default: the folder's probes.safetensors, if any)
  --out FILE           where to write the bundle (or the part)
  --composites A:B     compute only composites A..B-1 (a shard; writes a part file)
  --global             compute only the global work (Gram matrices, probe rows, the relations
                       but the subspace overlap; a part file)
  --precision P        compact (F16 firing values, default) or full (F32)
  --threads N          onnxruntime threads (default: the machine's cores, at most 16)
  --lanczos-steps N    Lanczos steps for wide forms (default 64)
  -h, --help           this text

A sharded run: one job per composite range (--composites) plus one --global job, then
  npm run analyse -- merge --out model.analysis.safetensors parts/*.safetensors
which joins them, computes the subspace overlap from every composite's eigenvectors and lays
out the atlas (see docs/engine.md, "Headless analysis").`;

interface Args {
  command: 'analyse' | 'merge';
  model: string | null;
  probes: string | null;
  out: string | null;
  parts: string[];
  composites: [number, number] | null;
  global: boolean;
  precision: BundlePrecision;
  threads: number;
  lanczosSteps: number | null;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args | null {
  const args: Args = {
    command: 'analyse',
    model: null,
    probes: null,
    out: null,
    parts: [],
    composites: null,
    global: false,
    precision: 'compact',
    threads: Math.min(16, availableParallelism()),
    lanczosSteps: null,
  };
  const rest = [...argv];
  if (rest[0] === 'merge') {
    args.command = 'merge';
    rest.shift();
  }
  const value = (flag: string): string => {
    const v = rest.shift();
    if (v === undefined) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const positive = (flag: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer`);
    return n;
  };
  while (rest.length) {
    const a = rest.shift() as string;
    if (a === '-h' || a === '--help') return null;
    else if (a === '--probes') args.probes = value(a);
    else if (a === '--out') args.out = value(a);
    else if (a === '--global') args.global = true;
    else if (a === '--threads') args.threads = positive(a, value(a));
    else if (a === '--lanczos-steps') args.lanczosSteps = positive(a, value(a));
    else if (a === '--precision') {
      const p = value(a);
      if (p !== 'compact' && p !== 'full') throw new UsageError('--precision is compact or full');
      args.precision = p;
    } else if (a === '--composites') {
      const m = /^(\d+):(\d+)$/.exec(value(a));
      if (!m) throw new UsageError('--composites takes A:B (composites A..B-1), e.g. 0:512');
      args.composites = [Number(m[1]), Number(m[2])];
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (args.command === 'merge') args.parts.push(a);
    else if (args.model === null) args.model = a;
    else throw new UsageError(`one model at a time (got ${args.model} and ${a})`);
  }
  if (!args.out) throw new UsageError('--out FILE is required');
  if (args.command === 'merge' && args.parts.length === 0)
    throw new UsageError('merge needs part files');
  if (args.command === 'analyse' && !args.model) throw new UsageError('name a model folder or URL');
  return args;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function analyseCommand(args: Args): Promise<void> {
  const t0 = performance.now();
  const opened = await loadModel(args.model as string, args.probes);
  const { model, probes } = opened;
  const C = model.nComposites;
  if (args.composites && args.composites[1] > C) {
    throw new UsageError(`--composites ${args.composites.join(':')} runs past C = ${C}`);
  }
  const spec: PartSpec =
    args.composites || args.global
      ? { composites: args.composites, global: args.global }
      : { composites: [0, C], global: true };
  process.stderr.write(
    `${model.name}: ${model.kind}, d = ${model.dModel}, F = ${model.nFeatures}, C = ${C}, ` +
      `${probes ? `${probes.n} probe rows` : 'no probe set'}; onnxruntime-web WASM, ${args.threads} thread${args.threads === 1 ? '' : 's'}\n`,
  );
  const bar = progressBar('analysis');
  let layoutBar: ReturnType<typeof progressBar> | null = null;
  const result = await runHeadless(opened, {
    spec,
    precision: args.precision,
    threads: args.threads,
    ...(args.lanczosSteps ? { options: { lanczosSteps: args.lanczosSteps } } : {}),
    onProgress: (phase, f) => bar.report(phase, f),
    onLayoutProgress: (phase, f) => {
      if (!layoutBar) {
        bar.done(`done in ${seconds(performance.now() - t0)}`);
        layoutBar = progressBar('atlas   ');
      }
      layoutBar.report(phase, f);
    },
  });
  if (layoutBar)
    (layoutBar as ReturnType<typeof progressBar>).done(`done in ${seconds(result.layoutMs)}`);
  else bar.done(`done in ${seconds(performance.now() - t0)}`);
  await writeFile(args.out as string, result.bytes);
  const timings = result.analysis?.timings ?? result.part?.timings ?? [];
  for (const t of timings) {
    const rate =
      t.runMs > 0 ? ` · ${(t.flops / (t.runMs * 1e6)).toFixed(1)} GFLOP/s in onnxruntime` : '';
    process.stderr.write(`  ${t.phase.padEnd(20)} ${seconds(t.ms).padStart(9)}${rate}\n`);
  }
  process.stderr.write(
    `wrote ${args.out} (${result.kind === 'part' ? 'part' : 'bundle'}, ${(result.bytes.byteLength / 1e6).toFixed(2)} MB) in ${seconds(performance.now() - t0)}\n`,
  );
}

async function mergeCommand(args: Args): Promise<void> {
  const t0 = performance.now();
  const parts: PartBundle[] = [];
  for (const path of args.parts) {
    const decoded = await decodeBundle(new Uint8Array(await readFile(path)), path);
    if (decoded.kind !== 'part') {
      throw new BaeFileError(
        path,
        'is a whole analysis bundle, not a part',
        'Merge the part files written with --composites or --global',
      );
    }
    parts.push(decoded.part);
  }
  const bar = progressBar('overlap ');
  let layoutBar: ReturnType<typeof progressBar> | null = null;
  const merged = await mergeParts(parts, args.precision, {
    threads: args.threads,
    onProgress: (phase, f) => bar.report(phase, f),
    onLayoutProgress: (phase, f) => {
      if (!layoutBar) {
        bar.done(`done in ${seconds(performance.now() - t0)}`);
        layoutBar = progressBar('atlas   ');
      }
      layoutBar.report(phase, f);
    },
  });
  if (layoutBar)
    (layoutBar as ReturnType<typeof progressBar>).done(`done in ${seconds(merged.layoutMs)}`);
  await writeFile(args.out as string, merged.bytes);
  process.stderr.write(
    `merged ${parts.length} parts into ${args.out} (${(merged.bytes.byteLength / 1e6).toFixed(2)} MB) in ${seconds(performance.now() - t0)}\n`,
  );
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let args: Args | null;
  try {
    args = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (!args) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    if (args.command === 'merge') await mergeCommand(args);
    else await analyseCommand(args);
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`\nerror: ${message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}
