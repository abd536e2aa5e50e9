import { describe, expect, it } from 'vitest';
import { BaeFileError } from './errors';
import { sortLocalFiles, type LocalFileRef } from './modelFiles';

const ref = (path: string): LocalFileRef => ({ path, name: path.slice(path.lastIndexOf('/') + 1) });

function failure(files: LocalFileRef[]): BaeFileError {
  try {
    sortLocalFiles(files);
  } catch (e) {
    if (e instanceof BaeFileError) return e;
    throw e;
  }
  throw new Error('expected a BaeFileError');
}

describe('sortLocalFiles', () => {
  it('sorts a dropped folder into config, weights and probes and keeps the folder name', () => {
    const r = sortLocalFiles([
      ref('mixed-l18-x16-a100-b0/config.json'),
      ref('mixed-l18-x16-a100-b0/model.safetensors'),
      ref('mixed-l18-x16-a100-b0/probes.safetensors'),
      ref('mixed-l18-x16-a100-b0/README.md'),
    ]);
    expect(r.kind).toBe('model');
    if (r.kind !== 'model') return;
    expect(r.folderName).toBe('mixed-l18-x16-a100-b0');
    expect(r.config.name).toBe('config.json');
    expect(r.weights.name).toBe('model.safetensors');
    expect(r.probes?.name).toBe('probes.safetensors');
  });

  it('accepts picked files without a folder and a differently named weights file', () => {
    const r = sortLocalFiles([ref('config.json'), ref('weights.safetensors')]);
    expect(r.kind).toBe('model');
    if (r.kind === 'model') {
      expect(r.folderName).toBeNull();
      expect(r.weights.name).toBe('weights.safetensors');
      expect(r.probes).toBeNull();
    }
  });

  it('treats a lone probe set as probes-only', () => {
    expect(sortLocalFiles([ref('my-probes.safetensors')]).kind).toBe('probes-only');
  });

  it('names what is missing or ambiguous', () => {
    expect(failure([ref('model.safetensors')]).problem).toMatch(/config\.json is missing/);
    expect(failure([ref('config.json')]).problem).toMatch(/model\.safetensors is missing/);
    expect(failure([ref('notes.txt')]).problem).toMatch(/no config\.json or \.safetensors/);
    expect(
      failure([ref('a/config.json'), ref('b/config.json'), ref('a/model.safetensors')]).problem,
    ).toMatch(/2 config\.json files/);
    expect(
      failure([ref('config.json'), ref('a.safetensors'), ref('b.safetensors')]).problem,
    ).toMatch(/2 weight files and none is named model\.safetensors/);
    expect(failure([ref('a/probes.safetensors'), ref('b/probes.safetensors')]).problem).toBe(
      '2 probe sets were given (a/probes.safetensors, b/probes.safetensors) and no model; a probe set is added to the open model one at a time',
    );
    expect(
      failure([ref('a/config.json'), ref('a/model.safetensors'), ref('b/model.safetensors')])
        .problem,
    ).toBe(
      'the selection holds 2 model.safetensors files (a/model.safetensors, b/model.safetensors), and a model has one',
    );
  });

  it('takes an analysis bundle with its model, or on its own for the open model', () => {
    const r = sortLocalFiles([
      ref('words/config.json'),
      ref('words/model.safetensors'),
      ref('words/probes.safetensors'),
      ref('words/analysis.safetensors'),
    ]);
    expect(r.kind).toBe('model');
    if (r.kind === 'model') {
      expect(r.weights.name).toBe('model.safetensors');
      expect(r.bundle?.name).toBe('analysis.safetensors');
    }
    const alone = sortLocalFiles([ref('words-mixed.analysis.safetensors')]);
    expect(alone).toEqual({ kind: 'bundle-only', bundle: ref('words-mixed.analysis.safetensors') });
    expect(failure([ref('a.analysis.safetensors'), ref('b.analysis.safetensors')]).message).toMatch(
      /2 analysis bundles/,
    );
    expect(failure([ref('probes.safetensors'), ref('analysis.safetensors')]).message).toMatch(
      /without their model/,
    );
  });
});
