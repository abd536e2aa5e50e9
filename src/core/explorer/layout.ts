// The only owner of the paper explorer's static layout (tdooms/tdooms.github.io,
// src/components/bae): its file names, the wire scaling of its per-latent tables (x, y, z as
// int16 ÷ 32767, h as int8 ÷ 127), where the firing token sits in a context window, and the
// columns each Arrow table holds. Pure; the reader (core/explorer/read), the exporter
// (core/explorer/write), the Arrow codec (compute/explorer) and the app's sources read it.

/** The shared files of an explorer folder (the per-latent ones are named by `latentFiles`). */
export const EXPLORER_FILES = {
  /** `{model_name, autoencoder, n_latents}` */
  meta: 'index.json',
  /** Arrow IPC: one row per latent (statistics and atlas coordinates). */
  index: 'index.feather',
  /** `{token id: text}` */
  vocab: 'vocab.json',
  /** `{labels: {latent id: label}}` */
  curated: 'curated.json',
  /** Optional: the latent ids that have an autointerp cluster file. */
  clusters: 'clusters.json',
} as const;

/** Digits of a latent id in its file names (`latent_00042.json`); longer ids are not cut. */
export const LATENT_ID_DIGITS = 5;

/** The stem of latent `id`'s files, as the paper's explorer pads it (`padId`). */
export function latentStem(id: number): string {
  return `latent_${String(id).padStart(LATENT_ID_DIGITS, '0')}`;
}

/** Latent `id`'s two files: its JSON sidecar and its Arrow table of points. */
export function latentFiles(id: number): { json: string; feather: string } {
  const stem = latentStem(id);
  return { json: `${stem}.json`, feather: `${stem}.feather` };
}

/** Whether a folder with these file names (base names) is in the explorer layout. */
export function isExplorerLayout(names: Iterable<string>): boolean {
  let meta = false;
  let index = false;
  for (const n of names) {
    if (n === EXPLORER_FILES.meta) meta = true;
    else if (n === EXPLORER_FILES.index) index = true;
  }
  return meta && index;
}

/** x, y, z are stored as int16 in [−32767, 32767]: unit coordinates × this. */
export const XYZ_WIRE_SCALE = 32767;
/** h is stored as int8 in [−127, 127]: h / max |h| of the latent's points × this. */
export const H_WIRE_SCALE = 127;

/** A unit value (clamped to [−1, 1]) as its int16 wire value. */
export function quantiseXyz(v: number): number {
  return Math.round(Math.max(-1, Math.min(1, v)) * XYZ_WIRE_SCALE);
}

/** A relative h (clamped to [−1, 1]) as its int8 wire value. */
export function quantiseH(v: number): number {
  return Math.round(Math.max(-1, Math.min(1, v)) * H_WIRE_SCALE);
}

/** The largest error quantisation adds to a unit coordinate and to a relative h. */
export const QUANTISATION_ERROR = { xyz: 0.5 / XYZ_WIRE_SCALE, h: 0.5 / H_WIRE_SCALE } as const;

/** The index of the firing token in a context window of `length` tokens (`len >> 1`). */
export function firingIndex(length: number): number {
  return length >> 1;
}

/** Token id of a padding slot in a context window (before a document's start, or after it). */
export const PADDING_TOKEN = -1;

/** Arrow value types a column may have, as the codec reports them. */
export type ColumnKind = 'int' | 'uint' | 'float';

/** One expected column: its name, the value kinds accepted, and what the paper writes. */
export interface ColumnSpec {
  name: string;
  kinds: readonly ColumnKind[];
  /** The type the paper's producer writes (and our exporter writes), for messages. */
  written: string;
}

/** The columns of `index.feather`, one row per latent. */
export const INDEX_COLUMNS = {
  latentId: { name: 'latent_id', kinds: ['uint', 'int'], written: 'uint32' },
  density: { name: 'density', kinds: ['float'], written: 'float32' },
  rank: { name: 'eff_rank', kinds: ['float'], written: 'float32' },
  importance: { name: 'importance', kinds: ['float'], written: 'float32' },
  support: { name: 'support', kinds: ['uint', 'int'], written: 'uint16' },
  umapX: { name: 'umap_x', kinds: ['float'], written: 'float32' },
  umapY: { name: 'umap_y', kinds: ['float'], written: 'float32' },
} as const satisfies Record<string, ColumnSpec>;

/** The columns of `latent_NNNNN.feather`, one row per drawn point. */
export const POINT_COLUMNS = {
  x: { name: 'x', kinds: ['int'], written: 'int16' },
  y: { name: 'y', kinds: ['int'], written: 'int16' },
  z: { name: 'z', kinds: ['int'], written: 'int16' },
  h: { name: 'h', kinds: ['int'], written: 'int8' },
  context: { name: 'context', kinds: ['int'], written: 'fixed_size_list<int32>' },
} as const satisfies Record<string, ColumnSpec>;
