// The only owner of turning a model folder's files (config, weights, optional probe set) into
// the one model type the app uses, and of sorting a user's local file selection into those
// roles. Pure: the app's sources (bundled, local files, URL) read bytes and hand them here.
import { BaeFileError } from './errors';
import { configName, parseConfig } from './config';
import { buildModel, type BaeModel } from './model';
import { parseProbeSet, type ProbeSet } from './probes';
import { parseSafetensors } from './safetensors';
import { MODEL_FILES } from './modelUrl';

export interface ModelFiles {
  /** Display name: the model folder's name; null to use the tdooms name derived from the config. */
  name: string | null;
  config: { fileName: string; text: string };
  weights: { fileName: string; bytes: Uint8Array };
  probes: { fileName: string; bytes: Uint8Array } | null;
  /** An analysis bundle shipped with the model (decoded and checked by the app), if any. */
  bundle?: { fileName: string; bytes: Uint8Array } | null;
}

export interface OpenedModel {
  model: BaeModel;
  probes: ProbeSet | null;
}

/** Parses and validates a model folder's files. Throws BaeFileError naming the bad file. */
export function openModelFiles(files: ModelFiles): OpenedModel {
  const config = parseConfig(files.config.text, files.config.fileName);
  const st = parseSafetensors(files.weights.bytes, files.weights.fileName);
  const name = files.name ?? configName(config);
  const model = buildModel(config, st, { name, configFile: files.config.fileName });
  const probes = files.probes
    ? parseProbeSet(files.probes.bytes, files.probes.fileName, model.dModel, model.nComposites)
    : null;
  return { model, probes };
}

/** A local file as the picker or a folder drop gives it: its name and path inside the drop. */
export interface LocalFileRef {
  name: string;
  /** Path inside a dropped/picked folder (e.g. `mixed-l18/config.json`), or the bare name. */
  path: string;
}

export type LocalFileRoles<T extends LocalFileRef> =
  | {
      kind: 'model';
      folderName: string | null;
      config: T;
      weights: T;
      probes: T | null;
      bundle: T | null;
    }
  | { kind: 'probes-only'; probes: T }
  | { kind: 'bundle-only'; bundle: T };

/** An analysis bundle's file name: `analysis.safetensors`, or `<anything>.analysis.safetensors`. */
export function isBundleName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'analysis.safetensors' || lower.endsWith('.analysis.safetensors');
}

/** Files a message names by their path in the selection (the first few, then how many more). */
function pathList(files: readonly LocalFileRef[], shown = 6): string {
  const names = files.slice(0, shown).map((f) => f.path);
  return files.length > shown
    ? `${names.join(', ')} and ${files.length - shown} more`
    : names.join(', ');
}

/**
 * Sorts a local selection into config / weights / probe set / analysis bundle. `config.json` is
 * the config; `analysis.safetensors` or `*.analysis.safetensors` is a bundle; a `.safetensors`
 * whose name contains "probe" is a probe set; any other `.safetensors` is the weights
 * (`model.safetensors` preferred). Other files are ignored. Throws BaeFileError when the
 * selection cannot be a model folder, saying which file is missing or ambiguous.
 */
export function sortLocalFiles<T extends LocalFileRef>(files: readonly T[]): LocalFileRoles<T> {
  const label = files.length === 1 ? (files[0]?.name ?? 'selection') : `${files.length} files`;
  const configs = files.filter((f) => f.name === MODEL_FILES.config);
  const all = files.filter((f) => f.name.toLowerCase().endsWith('.safetensors'));
  const bundles = all.filter((f) => isBundleName(f.name));
  const tensors = all.filter((f) => !isBundleName(f.name));
  if (bundles.length > 1) {
    throw new BaeFileError(
      label,
      `${bundles.length} analysis bundles in the selection (${pathList(bundles)})`,
      'Open one analysis bundle at a time',
    );
  }
  const probeFiles = tensors.filter((f) => f.name.toLowerCase().includes('probe'));
  const weightFiles = tensors.filter((f) => !f.name.toLowerCase().includes('probe'));

  if (configs.length === 0 && weightFiles.length === 0) {
    const bundle = bundles[0];
    if (bundle && probeFiles.length === 0) return { kind: 'bundle-only', bundle };
    if (bundle) {
      throw new BaeFileError(
        label,
        'a probe set and an analysis bundle were given without their model',
        'Add the probe set first, then open the bundle; or open the whole model folder',
      );
    }
    const only = probeFiles[0];
    if (probeFiles.length === 1 && only) return { kind: 'probes-only', probes: only };
    if (probeFiles.length > 1) {
      throw new BaeFileError(
        label,
        `${probeFiles.length} probe sets were given (${pathList(probeFiles)}) and no model; a probe set is added to the open model one at a time`,
        'Choose one probe set, or a model folder (config.json, model.safetensors and its probes.safetensors)',
      );
    }
    throw new BaeFileError(
      label,
      'no config.json or .safetensors file in the selection',
      'Choose a model folder holding config.json and model.safetensors (tdooms/bae layout)',
    );
  }
  if (configs.length > 1) {
    throw new BaeFileError(
      label,
      `the selection holds ${configs.length} config.json files (${pathList(configs)})`,
      'Open one model folder at a time',
    );
  }
  const config = configs[0];
  if (!config) {
    throw new BaeFileError(
      label,
      'config.json is missing',
      'Select config.json together with model.safetensors, or drop the whole model folder',
    );
  }
  const named = weightFiles.filter((f) => f.name === MODEL_FILES.weights);
  if (named.length > 1) {
    throw new BaeFileError(
      label,
      `the selection holds ${named.length} ${MODEL_FILES.weights} files (${pathList(named)}), and a model has one`,
      'Open one model folder at a time',
    );
  }
  const weights = named[0] ?? (weightFiles.length === 1 ? weightFiles[0] : undefined);
  if (!weights) {
    throw new BaeFileError(
      label,
      weightFiles.length === 0
        ? 'model.safetensors is missing'
        : `${weightFiles.length} weight files and none is named model.safetensors`,
      'Select config.json together with model.safetensors, or drop the whole model folder',
    );
  }
  if (probeFiles.length > 1) {
    throw new BaeFileError(
      label,
      `${probeFiles.length} probe sets in the selection (${pathList(probeFiles)})`,
      'Keep one probe set (probes.safetensors) per model folder',
    );
  }
  const slash = config.path.lastIndexOf('/');
  const dir = slash > 0 ? config.path.slice(0, slash) : '';
  const folderName = dir === '' ? null : (dir.split('/').pop() ?? null);
  return {
    kind: 'model',
    folderName,
    config,
    weights,
    probes: probeFiles[0] ?? null,
    bundle: bundles[0] ?? null,
  };
}
