// The files worker's calls: a model folder's files, or a probe set alone, parsed and validated
// by core (core/modelFiles, core/probes) off the UI thread — decoding 65,536 rows × 1,024 from
// f16 and checking every row takes seconds, which would freeze the page. With `share`, the large
// arrays are written straight into shared memory (the page and the engine then read the same
// bytes, no copy on the UI thread); otherwise they are transferred. A bad file comes back as a
// value naming the file, the problem and the fix (the page rethrows it as core's BaeFileError),
// so it reads exactly as it would have on the page. The page derives its call types from
// `FilesHandlers`.
import { BaeFileError } from '../../core/errors';
import type { BaeModel } from '../../core/model';
import { openModelFiles, type ModelFiles, type OpenedModel } from '../../core/modelFiles';
import { parseProbeSet, type ProbeSet } from '../../core/probes';
import type { ExplorerIndex, ExplorerLatent } from '../../core/explorer/read';
import {
  readExplorerIndexFiles,
  readExplorerLatentFiles,
  vocabFromMask,
  type ExplorerIndexFiles,
  type ExplorerLatentFiles,
} from '../explorer/open';
import type { ExportFile } from '../../core/explorer/write';
import { explorerArchive } from '../explorer/export';
import type { RpcContext } from '../rpc/types';

/** A parse's outcome: the value, or the bad file's report. */
export type Parsed<T> =
  { ok: true; value: T } | { ok: false; file: string; problem: string; fix: string };

/** `a` in a buffer of its own (a view into the file's bytes would keep the whole file alive). */
function own<T extends Int32Array | Float32Array>(a: T): T {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : (a.slice() as T);
}

/** The buffers `arrays` span whole, each once (views into a larger buffer stay copied). */
function wholeBuffers(arrays: ArrayBufferView[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const a of arrays) {
    if (
      a.buffer instanceof ArrayBuffer &&
      a.byteOffset === 0 &&
      a.byteLength === a.buffer.byteLength
    ) {
      out.add(a.buffer);
    }
  }
  return [...out];
}

/** `a` in shared memory when `share` (marking nothing to transfer), else marked for transfer. */
function place(a: Float32Array, share: boolean, ctx: RpcContext): Float32Array {
  if (share) {
    if (a.buffer instanceof SharedArrayBuffer) return a;
    const out = new Float32Array(new SharedArrayBuffer(a.byteLength));
    out.set(a);
    return out;
  }
  const owned = own(a);
  ctx.transfer(owned.buffer as ArrayBuffer);
  return owned;
}

function placeModel(m: BaeModel, share: boolean, ctx: RpcContext): BaeModel {
  const maybe = (a: Float32Array | null) => (a ? place(a, share, ctx) : null);
  return {
    ...m,
    left: place(m.left, share, ctx),
    right: place(m.right, share, ctx),
    leftBias: maybe(m.leftBias),
    rightBias: maybe(m.rightBias),
    down: maybe(m.down),
  };
}

function placeProbes(p: ProbeSet, share: boolean, ctx: RpcContext): ProbeSet {
  const tokens = own(p.tokens);
  const position = own(p.position);
  ctx.transfer(tokens.buffer as ArrayBuffer, position.buffer as ArrayBuffer);
  return { ...p, tokens, position, activations: place(p.activations, share, ctx) };
}

function parsed<T>(run: () => T): Parsed<T> {
  try {
    return { ok: true, value: run() };
  } catch (err) {
    if (err instanceof BaeFileError) {
      return { ok: false, file: err.file, problem: err.problem, fix: err.fix };
    }
    throw err;
  }
}

export const filesHandlers = {
  /** A model folder's files (config, weights, optional probe set), parsed and validated. */
  async openModel(
    args: { files: ModelFiles; share: boolean },
    ctx: RpcContext,
  ): Promise<Parsed<OpenedModel>> {
    ctx.progress('Validating weights', 0);
    const out = parsed(() => openModelFiles(args.files));
    if (!out.ok) return out;
    const { model, probes } = out.value;
    return {
      ok: true,
      value: {
        model: placeModel(model, args.share, ctx),
        probes: probes ? placeProbes(probes, args.share, ctx) : null,
      },
    };
  },

  /** A probe set alone, for an open model of width `dModel` and `nComposites` composites. */
  async parseProbes(
    args: {
      bytes: Uint8Array;
      fileName: string;
      dModel: number;
      nComposites: number;
      share: boolean;
    },
    ctx: RpcContext,
  ): Promise<Parsed<ProbeSet>> {
    ctx.progress('Validating probe set', 0);
    const out = parsed(() =>
      parseProbeSet(args.bytes, args.fileName, args.dModel, args.nComposites),
    );
    return out.ok ? { ok: true, value: placeProbes(out.value, args.share, ctx) } : out;
  },

  /** The shared files of a folder in the paper explorer's layout (Arrow decoded here). */
  async explorerIndex(
    args: { files: ExplorerIndexFiles },
    ctx: RpcContext,
  ): Promise<Parsed<ExplorerIndex>> {
    ctx.progress('Reading the explorer index', 0);
    const out = parsed(() => readExplorerIndexFiles(args.files));
    if (!out.ok) return out;
    const s = out.value.stats;
    ctx.transfer(
      ...wholeBuffers([s.density, s.rank, s.importanceShare, s.importance, s.support, s.umap]),
    );
    return out;
  },

  /**
   * One latent's two files of an explorer folder of `nLatents` latents; `vocab` marks the token
   * ids vocab.json defines (1 = defined).
   */
  async explorerLatent(
    args: { files: ExplorerLatentFiles; nLatents: number; vocab: Uint8Array },
    ctx: RpcContext,
  ): Promise<Parsed<ExplorerLatent>> {
    const out = parsed(() =>
      readExplorerLatentFiles(args.files, {
        meta: { nLatents: args.nLatents },
        vocab: vocabFromMask(args.vocab),
      }),
    );
    if (!out.ok) return out;
    const l = out.value;
    ctx.transfer(
      ...wholeBuffers([
        l.values,
        l.xyz,
        l.h,
        l.tokens,
        l.histogram.counts,
        l.histogram.edges,
        l.neighbours.ids,
        l.neighbours.similarity,
      ]),
    );
    return out;
  },

  /**
   * An analysis exported in the paper explorer's layout (core/explorer/write's files) as one
   * uncompressed ZIP, every file under `folder/` (Arrow tables encoded here).
   */
  async explorerArchive(
    args: { folder: string; files: ExportFile[] },
    ctx: RpcContext,
  ): Promise<Uint8Array> {
    ctx.progress('Writing the archive', 0);
    const zip = explorerArchive(args.folder, args.files);
    ctx.transfer(zip.buffer as ArrayBuffer);
    return zip;
  },
};

export type FilesHandlers = typeof filesHandlers;
