// `npm run train -- --evaluate`: the probe-set error of a shipped model folder, from its own
// files (float16 weights and probe vectors, as the explorer reads them), recorded in its
// training-log.json as final.probeSetError. For models trained before train() recorded it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reconErrors, type BaeParams } from './bae.ts';
import { mat, type Mat } from './linalg.ts';
import { readSafetensors } from './safetensors.ts';

function tensor(t: Map<string, { shape: number[]; data: Float64Array }>, name: string): Mat {
  const v = t.get(name);
  if (!v || v.shape.length !== 2) throw new Error(`tensor ${name} missing or not 2-D`);
  return mat(v.shape[0]!, v.shape[1]!, v.data);
}

/** Mean reconstruction error over every probe row of the folder's model; written into its log. */
export function evaluateProbeSet(dir: string): number {
  const weights = readSafetensors(new Uint8Array(readFileSync(join(dir, 'model.safetensors'))));
  const p: BaeParams = {
    left: tensor(weights, 'left'),
    right: tensor(weights, 'right'),
    down: tensor(weights, 'down'),
  };
  const probes = readSafetensors(new Uint8Array(readFileSync(join(dir, 'probes.safetensors'))));
  const x = tensor(probes, 'activations');
  for (let r = 0; r < x.rows; r++) {
    let s = 0;
    for (let i = 0; i < x.cols; i++) s += x.data[r * x.cols + i]! ** 2;
    for (let i = 0; i < x.cols; i++) x.data[r * x.cols + i]! /= Math.sqrt(s);
  }
  const errors = reconErrors(p, x);
  let sum = 0;
  for (const e of errors) sum += e;
  const error = Number((sum / errors.length).toPrecision(6));
  const logPath = join(dir, 'training-log.json');
  const log = JSON.parse(readFileSync(logPath, 'utf8')) as { final: Record<string, unknown> };
  log.final.probeSetError = error;
  writeFileSync(logPath, JSON.stringify(log, null, 1) + '\n');
  return error;
}
