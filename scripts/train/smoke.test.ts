// Runs the CI smoke configuration (smoke.ts: 10 steps on tiny synthetic data) through the real
// trainer into a temporary folder, then reads every artifact back with the app's own parsers
// (src/core), so a trainer that writes files the app cannot open fails here, not in the browser.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openModelFiles } from '../../src/core/modelFiles';
import { parseProbeSet } from '../../src/core/probes';
import { smokeOptions } from './smoke.ts';
import { evaluateProbeSet } from './evaluate.ts';
import { train } from './train.ts';

const outDir = mkdtempSync(join(tmpdir(), 'bae-smoke-test-'));
const lines: string[] = [];
const options = smokeOptions(outDir, (line) => lines.push(line));
const summary = train(options);
const read = (name: string) => readFileSync(join(outDir, name));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('training smoke run (the CI configuration)', () => {
  it('records the probe-set error that --evaluate recomputes from the shipped files', () => {
    const log = JSON.parse(read('training-log.json').toString('utf8')) as {
      final: { probeSetError: number };
    };
    const recorded = log.final.probeSetError;
    expect(Number.isFinite(recorded)).toBe(true);
    // Both use the float16 weights and probe vectors: equal up to the log's 6 digits.
    expect(Math.abs(evaluateProbeSet(outDir) - recorded)).toBeLessThan(1e-5 * recorded);
  });

  it('lowers the reconstruction error and the loss', () => {
    const log = JSON.parse(read('training-log.json').toString('utf8')) as {
      initialTrainError: number;
      curve: Array<{ step: number; loss: number; recon: number }>;
      final: { trainError: number; heldOutError: number };
      pcaFloor: { relativeGapAtC: number; floors: Record<string, number> };
      composites: Array<{ index: number; top: Array<[string, number]> }>;
    };
    const first = log.curve[0]!;
    const last = log.curve[log.curve.length - 1]!;
    expect(last.step).toBe(options.steps);
    expect(last.loss).toBeLessThan(first.loss);
    expect(last.recon).toBeLessThan(first.recon);
    expect(log.final.trainError).toBeLessThan(log.initialTrainError);
    expect(summary.finalTrainError).toBe(log.final.trainError);
    expect(Number.isFinite(log.final.heldOutError)).toBe(true);
    expect(Number.isFinite(log.pcaFloor.relativeGapAtC)).toBe(true);
    expect(log.composites).toHaveLength(options.data.dim * options.bottleneck);
    expect(log.composites[0]!.top.length).toBeGreaterThan(0);
  });

  it('writes a model folder the app opens (config.json, model.safetensors, probes.safetensors)', () => {
    const { model, probes } = openModelFiles({
      name: 'smoke',
      config: { fileName: 'config.json', text: read('config.json').toString('utf8') },
      weights: { fileName: 'model.safetensors', bytes: new Uint8Array(read('model.safetensors')) },
      probes: { fileName: 'probes.safetensors', bytes: new Uint8Array(read('probes.safetensors')) },
    });
    const d = options.data.dim;
    const F = d * options.expansion;
    const C = d * options.bottleneck;
    expect(model.kind).toBe('mixed');
    expect(model.dModel).toBe(d);
    expect(model.nFeatures).toBe(F);
    expect(model.nComposites).toBe(C);
    expect(model.dtype).toBe('F16');
    expect(model.left).toHaveLength(F * d);
    expect(model.down).toHaveLength(C * F);
    expect(probes).not.toBeNull();
    expect(probes!.n).toBe(options.data.words.length);
    expect(probes!.d).toBe(d);
    expect(probes!.rowKind).toBe('words');
    expect(probes!.vocab).toEqual(options.data.words);
  });

  it('writes a probe set whose rows are the training words, in order', () => {
    const probes = parseProbeSet(new Uint8Array(read('probes.safetensors')), 'probes.safetensors');
    const d = options.data.dim;
    for (const row of [0, 1, probes.n - 1]) {
      expect(probes.vocab[probes.tokens[row]!]).toBe(options.data.words[row]);
      for (let i = 0; i < d; i++) {
        const want = options.data.vectors[row * d + i]!;
        expect(Math.abs(probes.activations[row * d + i]! - want)).toBeLessThan(
          1e-3 * Math.max(1, Math.abs(want)),
        );
      }
    }
  });

  it('records reference encodings for the requested words', () => {
    const ref = JSON.parse(read('reference-encodings.json').toString('utf8')) as {
      composites: number;
      words: Array<{ word: string; row: number; h: number[] }>;
    };
    expect(ref.words.map((w) => w.word)).toEqual(options.referenceWords);
    for (const w of ref.words) {
      expect(options.data.words[w.row]).toBe(w.word);
      expect(w.h).toHaveLength(ref.composites);
      expect(w.h.every(Number.isFinite)).toBe(true);
    }
  });
});
