// The app's side of analysis bundles (core/bundle.ts): checking an opened bundle against the
// open model — decoded and validated, then refused unless it was made for these very weights,
// this probe set and this engine version — into the precomputed analysis a session restores,
// and writing the open analysis as a bundle (engine menu → Export analysis).
import type { Analysis, AnalysisOptionsRecord } from '../core/analysis';
import {
  bundleMismatch,
  decodeBundle,
  encodeBundle,
  type AnalysisBundle,
  type BundleLayout,
  type BundlePrecision,
} from '../core/bundle';
import { BaeFileError } from '../core/errors';
import { analysisKey, modelSha256, probesSha256 } from '../core/hashes';
import { ENGINE_VERSION } from '../core/analysis';
import { DEFAULT_OPTIONS } from '../compute/analysis/options';
import type { OpenModel } from '../state/appStore';
import type { ExplorerIndex } from '../core/explorer/read';
import type { ExplorerFolder } from './sources/explorer';

/** Where a restored analysis came from (the engine menu says so). */
export interface BundleOrigin {
  fileName: string;
  by: AnalysisBundle['provenance']['by'];
  at: string;
}

/** An analysis a session shows without computing it, with its atlas layouts by id. */
export interface Precomputed {
  analysis: Analysis;
  /** The options it was computed with (a re-export records them again). */
  options: AnalysisOptionsRecord;
  layouts: Map<string, { xy: Float32Array; ms: number }>;
  origin: BundleOrigin;
  /**
   * Set for a folder in the paper explorer's layout: no weights, so the session computes
   * nothing and reads each latent's files from `folder` when the latent view asks.
   */
  explorer?: { folder: ExplorerFolder; index: ExplorerIndex; vocabMask: Uint8Array };
}

/** The hashes of the open model and probe set, as a bundle records them. */
export async function openIdentity(open: OpenModel) {
  const model = await modelSha256(open.model);
  const probes = open.probes ? await probesSha256(open.probes) : null;
  return {
    modelSha256: model,
    probesSha256: probes,
    analysisKey: await analysisKey(model, probes),
  };
}

/**
 * Decodes `file` and checks it belongs to `open`. Throws BaeFileError (naming the file, why, and
 * the fix) for anything else: not a bundle, one part of a sharded analysis, another model,
 * another probe set, another engine version, or sizes that disagree with the model.
 */
export async function checkBundle(
  file: { fileName: string; bytes: Uint8Array },
  open: OpenModel,
): Promise<Precomputed> {
  const decoded = await decodeBundle(file.bytes, file.fileName);
  if (decoded.kind === 'part') {
    throw new BaeFileError(
      file.fileName,
      'is one part of a sharded analysis, not a whole one',
      'Merge the parts first: npm run analyse -- merge --out BUNDLE PART...',
    );
  }
  const { identity, analysis, layouts, provenance, options } = decoded.bundle;
  const refuse = (why: string) =>
    new BaeFileError(
      file.fileName,
      `does not match the open model: ${why}`,
      `Open the bundle made for ${open.model.name} and its probe set, or export one from it (engine menu → Export analysis)`,
    );
  const why = bundleMismatch(identity, await openIdentity(open));
  if (why) throw refuse(why);
  const m = open.model;
  const dForm = m.dModel + (m.biased ? 1 : 0);
  if (analysis.nComposites !== m.nComposites || analysis.nFeatures !== m.nFeatures) {
    throw refuse(
      `its sizes (C = ${analysis.nComposites}, F = ${analysis.nFeatures}) are not the model's`,
    );
  }
  if (analysis.dForm !== dForm) throw refuse(`its forms are ${analysis.dForm} wide, not ${dForm}`);
  if ((analysis.probes?.n ?? null) !== (open.probes?.n ?? null) && analysis.probes) {
    throw refuse(
      `it has ${analysis.probes.n} probe rows, the open probe set ${open.probes?.n ?? 0}`,
    );
  }
  return {
    analysis,
    options,
    layouts: new Map(layouts.map((l) => [l.id, { xy: l.xy, ms: l.ms }])),
    origin: { fileName: file.fileName, by: provenance.by, at: provenance.at },
  };
}

/**
 * The bytes of a bundle of `analysis` and its atlas layouts (by layout id) for `open`; `options`
 * are those it was computed with (null: the app's defaults).
 */
export async function bundleBytes(
  open: OpenModel,
  analysis: Analysis,
  layouts: BundleLayout[],
  options: AnalysisOptionsRecord | null,
  precision: BundlePrecision,
): Promise<Uint8Array> {
  const ids = await openIdentity(open);
  const bundle: AnalysisBundle = {
    identity: {
      modelName: open.model.name,
      modelSha256: ids.modelSha256,
      probesSha256: ids.probesSha256,
      engineVersion: ENGINE_VERSION,
      analysisKey: ids.analysisKey,
    },
    provenance: { by: 'app', at: new Date().toISOString() },
    options: options ?? { ...DEFAULT_OPTIONS },
    analysis: { ...analysis, key: ids.analysisKey },
    layouts,
  };
  return encodeBundle(bundle, precision);
}
